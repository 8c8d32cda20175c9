from __future__ import annotations

import csv
import datetime as dt
import io

import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.schema import TABLES
from cdnet.dispatch import notices
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.rendering import render_delivery
from cdnet.errors import BadInput
from cdnet.network.services import add_recipient

# The notices table of FORMATS.md, as written there.
FORMATS_COLUMNS = [
    "notice_id",
    "platform",
    "content_url",
    "mechanism",
    "submitted_at",
    "category",
    "acknowledged_at",
    "decided_at",
    "outcome",
    "statement_id",
]
T0 = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)
CATEGORY = "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"


def draft(**kw):
    values = {
        "platform": "x",
        "urls": ["https://x.com/a/status/1", "https://x.com/b/status/2"],
        "explanation": "The posts impersonate Der Spiegel to spread a forged article.",
        "legal_ground": "§ 269 StGB (forgery of data intended to provide proof)",
        "notifier_name": "Alice Analyst",
        "notifier_email": "alice@alpha.example",
        "good_faith": True,
        "category": CATEGORY,
    }
    return notices.NoticeDraft(**{**values, **kw})


@pytest.fixture
def contact(network):
    recipient = add_recipient("X trust and safety", "platform", "dsa@x.example")
    recipient.platform = "x"
    recipient.save()
    return recipient


def test_a_notice_is_queued_to_the_platform_with_everything_article_16_requires(network, contact):
    notice = notices.create_notice(draft(), network.alice, now=T0)
    delivery = Delivery.objects.get(pk=notice.delivery_id)
    assert delivery.kind == "dsa_notice" and delivery.recipient == contact
    message = render_delivery(delivery)
    for text in ("https://x.com/a/status/1", "§ 269 StGB", "Alice Analyst", "bona fide", "/ack/"):
        assert text in message.text
    assert message.data["urls"] == ["https://x.com/a/status/1", "https://x.com/b/status/2"]
    assert message.data["category_label"] == "Negative effects on civic discourse or elections"


def test_a_notice_without_the_good_faith_statement_or_exact_urls_is_refused(network, contact):
    with pytest.raises(BadInput, match="good-faith"):
        notices.create_notice(draft(good_faith=False), network.alice)
    with pytest.raises(BadInput, match="not exact URLs"):
        notices.create_notice(draft(urls=["x.com/a"]), network.alice)
    with pytest.raises(BadInput, match="category"):
        notices.create_notice(draft(category="elections"), network.alice)
    assert not Delivery.objects.exists()


def test_the_answer_takes_a_dsa_decision_key_and_a_statement_of_reasons_id(network, contact):
    notice = notices.create_notice(draft(), network.alice, now=T0)
    reply = notices.NoticeAnswer(
        decided_at=T0 + dt.timedelta(hours=30),
        outcome="DECISION_VISIBILITY_CONTENT_REMOVED",
        statement_id="f4b2d5c0-1234-4c0e-9e8a-6d7f1a2b3c4d",
    )
    notice = notices.record_answer(notice, network.alice, reply)
    assert notice.outcome == "removed"
    assert notice.acknowledged_at == notice.decided_at == T0 + dt.timedelta(hours=30)
    with pytest.raises(BadInput, match="outcome must be one of"):
        notices.outcome_of("DECISION_ACCOUNT_SUSPENDED")


def test_a_decision_before_the_notice_was_submitted_is_refused(network, contact):
    notice = notices.create_notice(draft(), network.alice, now=T0)
    early = notices.NoticeAnswer(decided_at=T0 - dt.timedelta(days=1), outcome="no_action")
    with pytest.raises(BadInput, match="before the notice was submitted"):
        notices.record_answer(notice, network.alice, early)


def test_the_csv_export_has_the_columns_of_formats_md_and_one_row_per_url(network, contact):
    notice = notices.create_notice(draft(), network.alice, now=T0)
    reply = notices.NoticeAnswer(
        acknowledged_at=T0 + dt.timedelta(hours=2),
        decided_at=T0 + dt.timedelta(days=2),
        outcome="labelled",
        statement_id="sor-1",
    )
    notices.record_answer(notice, network.alice, reply)
    content = notices.export_notices(network.bob, "csv").decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == FORMATS_COLUMNS
    assert rows[0] == {
        "notice_id": f"{notice.pk}-1",
        "platform": "x",
        "content_url": "https://x.com/a/status/1",
        "mechanism": "art16",
        "submitted_at": "2024-06-03T10:00:00Z",
        "category": CATEGORY,
        "acknowledged_at": "2024-06-03T12:00:00Z",
        "decided_at": "2024-06-05T10:00:00Z",
        "outcome": "labelled",
        "statement_id": "sor-1",
    }
    assert rows[1]["notice_id"] == f"{notice.pk}-2"


def test_the_exports_are_read_back_by_cdnet_ingest_as_the_notices_table(network, contact, tmp_path):
    notices.create_notice(draft(), network.alice, now=T0)
    (tmp_path / "notices.csv").write_bytes(notices.export_notices(network.alice, "csv"))
    (tmp_path / "direct.parquet").write_bytes(notices.export_notices(network.alice, "parquet"))
    ingest([tmp_path / "notices.csv"], tmp_path / "out")
    from_csv = pq.read_table(tmp_path / "out" / "notices.parquet")
    direct = pq.read_table(tmp_path / "direct.parquet")
    assert direct.schema.names == FORMATS_COLUMNS
    assert direct.schema.equals(TABLES["notices"].schema)
    assert from_csv.column("content_url").to_pylist() == direct.column("content_url").to_pylist()
    assert direct.column("submitted_at").to_pylist() == [T0, T0]
    assert direct.column("outcome").to_pylist() == [None, None]


def test_the_export_api_serves_csv_and_parquet(network, contact, client):
    from cdnet.network.services import create_token

    notices.create_notice(draft(), network.alice, now=T0)
    headers = {"Authorization": f"Bearer {create_token(network.alice)}"}
    as_csv = client.get("/api/dsa-notices/export?format=csv", headers=headers)
    assert as_csv.status_code == 200 and as_csv.content.startswith(b"notice_id,platform")
    as_parquet = client.get("/api/dsa-notices/export?format=parquet", headers=headers)
    assert as_parquet.status_code == 200 and as_parquet.content[:4] == b"PAR1"


def test_the_notice_pages_file_a_notice_and_record_the_answer(network, contact, client):
    client.force_login(network.alice)
    form = {
        "platform": "x",
        "urls": "https://x.com/a/status/1\nhttps://x.com/b/status/2",
        "explanation": "Forged article.",
        "legal_ground": "§ 269 StGB",
        "notifier_email": "alice@alpha.example",
        "good_faith": "on",
    }
    response = client.post("/notices/new/", form)
    notice = notices.DsaNotice.objects.get()
    assert response.status_code == 302 and notice.notifier_name == "alice"
    client.post(f"/notices/{notice.pk}/", {"decided_at": "2030-01-01T10:00", "outcome": "removed"})
    notice.refresh_from_db()
    assert notice.outcome == "removed" and notice.decided_at.year == 2030
    assert (
        b"https://x.com/b/status/2"
        in client.get("/notices/").content + client.get(f"/notices/{notice.pk}/").content
    )
