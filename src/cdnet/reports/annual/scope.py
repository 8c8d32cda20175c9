"""Which records a yearly report draws on: dated in the period, and in the audience.

The same rules as the figures (:mod:`cdnet.reports.figures`), so that every number agrees:

* A finding is dated by ``first_seen`` (when it was seen on the platform), else ``created_at``;
  a finding a reviewer rejected is left out.
* An alert is dated by when it was first sent (reviewed, then dispatched); drafts are left out.
* An outcome by ``occurred_on``; meetings, press articles, events… by their own day field.

The public audience sees a record only when it is TLP:CLEAR or a coordinator approved it for
publication; the network audience sees every record.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from cdnet.cases.models import Alert, Finding, Tlp
from cdnet.impact.models import (
    Briefing,
    Event,
    EvidenceSubmission,
    Introduction,
    Meeting,
    Outcome,
    PressArticle,
)
from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures.activity import sent_alerts
from cdnet.reports.figures.common import counted_findings

M = TypeVar("M", bound=Model)

#: TLP levels from the most open to the most restricted (FIRST TLP 2.0)
TLP_ORDER: tuple[str, ...] = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED)

#: impact records and the day field that dates each
DATED_RECORDS: tuple[tuple[type[Model], str], ...] = (
    (Outcome, "occurred_on"),
    (Meeting, "held_on"),
    (EvidenceSubmission, "submitted_on"),
    (PressArticle, "published_on"),
    (Briefing, "given_on"),
    (Introduction, "made_on"),
    (Event, "held_on"),
)


def public_q() -> Q:
    return Q(tlp=Tlp.CLEAR) | Q(approved_for_publication=True)


def for_audience(queryset: QuerySet[M], audience: Audience) -> QuerySet[M]:
    """The records of ``queryset`` the audience may see in a report."""
    return queryset.filter(public_q()) if audience == Audience.PUBLIC else queryset


def findings_in(period: Period, audience: Audience) -> QuerySet[Finding]:
    """Findings seen in the period, not rejected by a reviewer."""
    return counted_findings(None, period, audience)


def alerts_in(period: Period, audience: Audience) -> QuerySet[Alert]:
    """Alerts first sent in the period."""
    return sent_alerts(period, audience)


def outcomes_in(period: Period, audience: Audience) -> QuerySet[Outcome]:
    days = Q(occurred_on__gte=period.start, occurred_on__lte=period.end)
    return for_audience(Outcome.objects.filter(days), audience)


def dated_in(model: type[M], day_field: str, period: Period, audience: Audience) -> QuerySet[M]:
    lookup: dict[str, Any] = {f"{day_field}__gte": period.start, f"{day_field}__lte": period.end}
    return for_audience(model._default_manager.filter(**lookup), audience)


def highest_tlp(levels: set[str]) -> str:
    """The most restrictive of ``levels`` (CLEAR when empty)."""
    ranked = [TLP_ORDER.index(level) for level in levels if level in TLP_ORDER]
    return TLP_ORDER[max(ranked)] if ranked else Tlp.CLEAR


def tlp_of_records(period: Period, audience: Audience) -> str:
    """The TLP marking of a report: CLEAR for the public, else the highest TLP it draws on."""
    if audience == Audience.PUBLIC:
        return Tlp.CLEAR
    levels: set[str] = set()
    levels.update(findings_in(period, audience).order_by().values_list("tlp", flat=True))
    levels.update(alerts_in(period, audience).order_by().values_list("tlp", flat=True))
    for model, day_field in DATED_RECORDS:
        queryset = dated_in(model, day_field, period, audience)
        levels.update(queryset.values_list("tlp", flat=True).distinct())
    return highest_tlp(levels)
