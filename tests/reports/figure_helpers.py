"""Records for the figure tests, built through the real write paths where there is one, and the
independent SQL the figures are checked against.

The SQL here is written by hand against the tables; it shares no code with
``cdnet.reports.figures``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from django.db import connection

from cdnet.cases import review_queue, workflow
from cdnet.cases.findings import fingerprint, save_findings
from cdnet.cases.models import Alert, AlertEvent, Finding
from cdnet.dispatch.models import Election, RrsFlag
from cdnet.impact.models import Outcome
from factories import approved_alert

_seq = itertools.count(1)

YEAR = 2025
START = dt.datetime(YEAR, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(YEAR + 1, 1, 1, tzinfo=dt.UTC)


def at(month: int, day: int = 15, hour: int = 12, year: int = YEAR) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def found(
    detector: str,
    when: dt.datetime,
    tlp: str = "AMBER",
    approved: bool = False,
    **fields: Any,
) -> Finding:
    """A finding as `cdnet detect` prints it, saved as the app saves it, stored at ``when``."""
    record = {
        "detector": detector,
        "score": 0.9,
        "explanation": f"{detector} finding number {next(_seq)}.",
        "disarm": [],
        **fields,
    }
    save_findings([record], source="figure test", tlp=tlp)
    finding = Finding.objects.get(fingerprint=fingerprint(record))
    Finding.objects.filter(pk=finding.pk).update(created_at=when, approved_for_publication=approved)
    finding.refresh_from_db()
    return finding


def reject(finding: Finding, reviewer: Any) -> None:
    review_queue.decide(finding, reviewer, "reject", "not what it seems")


def confirm(finding: Finding, reviewer: Any) -> None:
    review_queue.decide(finding, reviewer, "confirm", "checked")


def sent_alert(
    author: Any,
    reviewer: Any,
    when: dt.datetime,
    tlp: str = "AMBER",
    approved: bool = False,
    second_reviewer: Any = None,
    **content: Any,
) -> Alert:
    """An alert reviewed and sent through the workflow; its sending moved to ``when``.
    (``approved`` is the coordinator's approval for publication.)"""
    alert = approved_alert(author, reviewer, tlp=tlp, **content)
    if second_reviewer is not None:  # TLP:RED alerts need two approvals
        workflow.review(alert, second_reviewer, "approve", "checked too")
    workflow.mark_sent(alert, author)
    AlertEvent.objects.filter(alert=alert, to_state="sent").update(at=when)
    Alert.objects.filter(pk=alert.pk).update(approved_for_publication=approved)
    alert.refresh_from_db()
    return alert


def flag(alert: Alert, platform: str, when: dt.datetime, user: Any) -> RrsFlag:
    election, _ = Election.objects.get_or_create(
        election_id="fr-2025-06-15", defaults={"country": "FR", "polling_day": dt.date(2025, 6, 15)}
    )
    return RrsFlag.objects.create(
        alert=alert,
        election=election,
        platform=platform,
        country="FR",
        policy="Election integrity",
        contact_person="Alice",
        contact_email="alice@alpha.example",
        sent_at=when,
        created_by=user,
    )


def outcome(alert: Alert, kind: str, day: dt.date, user: Any, **fields: Any) -> Outcome:
    return Outcome.objects.create(
        alert=alert, kind=kind, occurred_on=day, recorded_by=user, **fields
    )


# --- the independent queries -------------------------------------------------------------------

PUBLIC_SQL = "(t.tlp = 'CLEAR' OR t.approved_for_publication = %s)"
PUBLIC_AND = "AND " + PUBLIC_SQL


def rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def payload(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)


def findings_by_sql(detector: str, public: bool) -> list[tuple[int, str, dict[str, Any]]]:
    """``(id, platform, payload)`` of the findings of ``detector`` seen in 2025, not rejected."""
    sql = f"""
        SELECT t.id, t.platform, t.payload FROM cases_finding t
        WHERE t.detector = %s
          AND COALESCE(t.first_seen, t.created_at) >= %s
          AND COALESCE(t.first_seen, t.created_at) < %s
          AND COALESCE((SELECT r.decision FROM cases_findingreview r WHERE r.finding_id = t.id
                        ORDER BY r.at DESC, r.id DESC LIMIT 1), 'open') <> 'reject'
          {"AND " + PUBLIC_SQL if public else ""}
        ORDER BY t.id"""  # noqa: S608 - test constants only
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (START, END)]
    params: list[Any] = [detector, *bounds] + ([True] if public else [])
    return [(pk, platform, payload(data)) for pk, platform, data in rows(sql, params)]


def reportable_by_sql(
    table: str, day: str, public: bool, where: str = "", select: str = "t.*"
) -> list[tuple[Any, ...]]:
    """``select`` over the rows of an impact table dated in 2025 (``where`` narrows them)."""
    order = "ORDER BY t.id" if select == "t.*" else ""
    sql = f"""
        SELECT {select} FROM {table} t
        WHERE t.{day} >= %s AND t.{day} <= %s {where}
          {"AND " + PUBLIC_SQL if public else ""}
        {order}"""  # noqa: S608 - test constants only
    params: list[Any] = [dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)]
    return rows(sql, params + ([True] if public else []))


def ids_of(records: Any, kind: str | None = None) -> set[int]:
    return {r.pk for r in records if kind is None or r.kind == kind}
