"""The demo year's advocacy and capacity work, read from ``data/demo/impact.json``: meetings,
evidence submitted, briefings, introductions, press articles, workshops and trainings, each
recorded with the impact services the day after it happened (on the demo clock); and what the
coordinator approved for the public report."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from cdnet.demo.clock import clock_at
from cdnet.demo.datasets import template
from cdnet.demo.year import Year
from cdnet.impact.models import Outcome
from cdnet.impact.services import (
    BriefingFields,
    EventFields,
    EvidenceSubmissionFields,
    IntroductionFields,
    MeetingFields,
    PressArticleFields,
    RecordFields,
    approve_for_publication,
    create_record,
)
from cdnet.network.services import find_user

#: Kind of record in the file -> its fields and the field holding its date.
KINDS: dict[str, tuple[type[RecordFields], str]] = {
    "meeting": (MeetingFields, "held_on"),
    "evidencesubmission": (EvidenceSubmissionFields, "submitted_on"),
    "briefing": (BriefingFields, "given_on"),
    "introduction": (IntroductionFields, "made_on"),
    "pressarticle": (PressArticleFields, "published_on"),
    "event": (EventFields, "held_on"),
}
#: Alerts of the year whose records the coordinator approves for the public report.
PUBLISHED_ALERTS = ("sanctions", "overload", "doppelganger-fr", "ai-images", "ads", "notices")


def entries() -> dict[str, list[dict[str, Any]]]:
    data = json.loads(template("impact.json").read_text(encoding="utf-8"))
    return {kind: list(data.get(kind, [])) for kind in KINDS}


def _fields(year: Year, kind: str, entry: dict[str, Any], day: dt.date) -> RecordFields:
    fields_type, date_field = KINDS[kind]
    values = {k: v for k, v in entry.items() if k not in ("by", "alerts", "publish")}
    values[date_field] = day
    if "alerts" in entry:
        values["alert_ids"] = [year.alerts[n].pk for n in entry["alerts"] if n in year.alerts]
    if values.get("election_id") == "demo":
        values["election_id"] = year.election_id
    if "url" in values:
        values["url"] = values["url"].format(year=day.year)
    return fields_type(**values)


def record_entry(year: Year, kind: str, entry: dict[str, Any]) -> Any | None:
    """Record one entry the day after its date; None when that day has not come yet."""
    template_day = dt.date.fromisoformat(entry[KINDS[kind][1]])
    when = year.replay.at(template_day.month, template_day.day, 17, year=template_day.year)
    recorded = when + dt.timedelta(days=1)
    if not year.replay.has_come(recorded):
        return None
    user = find_user(entry["by"])
    with clock_at(recorded):
        row = create_record(user, _fields(year, kind, entry, when.date()))
        if entry.get("publish"):
            approve_for_publication(year.people.carol, row)
    return row


def approve_alerts(year: Year) -> None:
    """Before the report: the coordinator approves alerts of note, their findings and their
    green outcomes for publication."""
    carol = year.people.carol
    with clock_at(year.at(12, 18, 15)):
        for name in PUBLISHED_ALERTS:
            alert = year.alerts[name]
            approve_for_publication(carol, alert)
            for finding in alert.findings.all():
                approve_for_publication(carol, finding)
            for row in Outcome.objects.filter(alert=alert, tlp="GREEN"):
                approve_for_publication(carol, row)


def run(year: Year) -> int:
    """Record every entry whose day has come; return how many."""
    made = [record_entry(year, kind, e) for kind, rows in entries().items() for e in rows]
    approve_alerts(year)
    return sum(1 for row in made if row is not None)
