"""The audit chain verifies when intact and names the entry where it was tampered with."""

from __future__ import annotations

import pytest
from django.db import connection

from cdnet.audit.log import GENESIS, record
from cdnet.audit.models import AuditEntry, AuditHead
from cdnet.audit.verify import verify


@pytest.fixture
def chain(network):
    """Five entries by alice about alerts 1..5, alone in the log."""
    start_empty()
    return [
        record(network.alice, "create", ("alert", n), f"alert {n}", {"tlp": "AMBER", "n": n})
        for n in range(1, 6)
    ]


def start_empty():
    """Setting up the personas wrote entries of its own; these tests start from an empty log."""
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_empty_log_verifies(db):
    report = verify()
    assert report.ok and report.summary() == "0 entries, chain intact"


def test_appended_entries_verify(chain):
    report = verify()
    assert report.ok, report.problems
    assert report.summary() == "5 entries, chain intact"
    assert chain[0].prev_hash == GENESIS
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    head = AuditHead.objects.get()
    assert (head.last_hash, head.count) == (chain[-1].hash, 5)


def test_details_with_dates_and_unicode_verify(network):
    import datetime as dt

    record(network.alice, "export", ("case", 7), "Экспорт ✓", {"on": dt.date(2024, 5, 1), "x": 1.5})
    assert verify().ok


def test_an_edited_row_is_named(chain):
    sql("UPDATE audit_auditentry SET summary = %s WHERE id = %s", "nothing happened", chain[2].pk)
    report = verify()
    assert report.problems == [
        f"entry #{chain[2].pk} was edited: its content does not match its hash"
    ]


def test_an_edited_row_whose_hash_was_recomputed_breaks_the_next_link(chain):
    from cdnet.audit.log import hash_of

    entry = AuditEntry.objects.get(pk=chain[1].pk)
    entry.actor_name = "mallory"
    sql("UPDATE audit_auditentry SET actor_name = %s, hash = %s WHERE id = %s",
        "mallory", hash_of(entry), entry.pk)  # fmt: skip
    (problem,) = verify().problems
    assert f"entry #{chain[2].pk}" in problem and "missing" in problem


def test_a_deleted_row_shows_as_a_gap(chain):
    sql("DELETE FROM audit_auditentry WHERE id = %s", chain[2].pk)
    report = verify()
    assert not report.ok
    assert any(
        f"missing between entry #{chain[1].pk} and entry #{chain[3].pk}" in p
        for p in report.problems
    ), report.problems
    assert any("head counts 5 entries but the log holds 4" in p for p in report.problems)


def test_a_deleted_first_row_is_found(chain):
    sql("DELETE FROM audit_auditentry WHERE id = %s", chain[0].pk)
    assert any(f"before entry #{chain[1].pk}" in p for p in verify().problems)


def test_deleting_the_last_rows_shows_at_the_head(chain):
    sql("DELETE FROM audit_auditentry WHERE id >= %s", chain[3].pk)
    problems = verify().problems
    assert any("the head records the last hash" in p and f"#{chain[2].pk}" in p for p in problems)


def test_a_swapped_pair_is_out_of_order(chain):
    a, b = chain[1].pk, chain[2].pk
    sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", -1, a)
    sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", a, b)
    sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", b, -1)
    report = verify()
    assert f"entry #{a} is out of order: its chain says it follows entry #{b}, " \
           f"but it is stored after entry #{chain[0].pk}" in report.problems  # fmt: skip
    assert all("edited" not in p for p in report.problems)
    assert len(report.problems) == 3


def test_an_entry_written_around_the_log_is_found_at_the_head(chain):
    last = chain[-1]
    AuditEntry.objects.create(
        at=last.at, actor_name="mallory", action="view", object_type="alert", object_id="9",
        prev_hash=last.hash, hash="f" * 64,
    )  # fmt: skip
    problems = verify().problems
    assert any("was edited" in p for p in problems)
    assert any("head records the last hash" in p for p in problems)
