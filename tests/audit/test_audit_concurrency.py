"""Writers appending at the same time still extend one chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cdnet.audit.log import record
from cdnet.audit.models import AuditEntry, AuditHead
from cdnet.audit.verify import verify

WRITERS, EACH = 4, 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain():
    if connection.vendor == "sqlite":
        # The shared-cache in-memory test database answers "table is locked" at once instead of
        # waiting; a real (file) SQLite database serialises writers with IMMEDIATE transactions.
        pytest.skip("needs a database that lets writers wait for each other")
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                record(None, "change", ("case", n), f"writer {n} step {i}")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify()
    assert report.ok, report.problems
    assert AuditEntry.objects.count() == AuditHead.objects.get().count == WRITERS * EACH
    assert AuditEntry.objects.values("prev_hash").distinct().count() == WRITERS * EACH
