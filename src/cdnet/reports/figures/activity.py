"""Figures of the network's own work: alerts sent, RRS flags, and the outcomes they had."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cdnet.cases.models import Alert, AlertEvent, AlertState
from cdnet.dispatch.models import RrsFlag
from cdnet.impact.models import Outcome, OutcomeKind
from cdnet.reports.figure import Audience, Figure, Period, RecordRef
from cdnet.reports.figures.common import (
    UNKNOWN,
    audience_q,
    in_audience,
    in_time,
    on_days,
    tally,
    url_of,
)

#: Outcomes that took something down.
TAKEDOWNS = (OutcomeKind.REMOVED, OutcomeKind.ACCOUNT_SUSPENDED, OutcomeKind.AD_REMOVED)


def first_sent() -> Subquery:
    """When an alert was first sent: its earliest transition to ``sent``."""
    events = AlertEvent.objects.filter(alert=OuterRef("pk"), to_state=AlertState.SENT)
    return Subquery(events.order_by("at", "id").values("at")[:1])


def sent_alerts(period: Period, audience: Audience) -> QuerySet[Alert]:
    """Alerts first sent in the period, in the audience (alerts never sent are not counted)."""
    alerts = Alert.objects.annotate(sent_at=first_sent())
    return in_time(in_audience(alerts, audience), "sent_at", period).order_by(F("sent_at"), "id")


def alert_ref(alert: Alert) -> RecordRef:
    return RecordRef("alert", alert.pk, alert.title, url_of("alert_detail", alert.pk))


def _platforms(alert: Alert) -> list[str]:
    return [str(p).lower() for p in alert.platforms or [] if str(p).strip()] or [UNKNOWN]


def alerts_produced(period: Period, audience: Audience) -> Figure:
    alerts = list(sent_alerts(period, audience))
    return Figure(
        key="alerts_produced",
        label="Alerts produced",
        value=len(alerts),
        records=tuple(alert_ref(a) for a in alerts),
        unit="alerts",
        section="Alerts",
        note="Alerts sent for the first time in the period (reviewed, then dispatched); drafts "
        "and alerts never sent are not counted. An alert naming several platforms counts under "
        "each in the breakdown.",
        breakdown=tally((p, a.pk) for a in alerts for p in _platforms(a)),
    )


def rrs_flags(period: Period, audience: Audience) -> QuerySet[RrsFlag]:
    """RRS flags sent in the period whose alert is in the audience (a flag has no TLP of its
    own: it carries its alert's)."""
    flags = RrsFlag.objects.annotate(
        flagged_at=Coalesce("sent_at", "created_at", output_field=DateTimeField())
    ).filter(audience_q(audience, "alert__"))
    return (
        in_time(flags, "flagged_at", period).select_related("alert").order_by(F("flagged_at"), "id")
    )


def alerts_flagged(period: Period, audience: Audience) -> Figure:
    flags = list(rrs_flags(period, audience))
    alerts = {flag.alert_id: flag.alert for flag in flags}
    return Figure(
        key="alerts_flagged_rrs",
        label="Alerts flagged through the RRS",
        value=len(alerts),
        records=tuple(alert_ref(a) for a in alerts.values()),
        unit="alerts",
        section="Alerts",
        note="Distinct alerts flagged to a platform through the Rapid Response System in the "
        "period; an alert flagged to several platforms counts under each in the breakdown.",
        breakdown=tally((flag.platform.lower(), flag.alert_id) for flag in flags),
    )


def flags_sent(period: Period, audience: Audience) -> Figure:
    flags = list(rrs_flags(period, audience))
    return Figure(
        key="rrs_flags",
        label="RRS flags",
        value=len(flags),
        records=tuple(
            RecordRef(
                "rrs_flag",
                f.pk,
                f"{f.platform}: {f.alert.title} ({f.get_status_display()})",
                url_of("rrs_flag_detail", f.pk),
            )
            for f in flags
        ),
        unit="flags",
        section="Alerts",
        note="Rapid Response System flags sent in the period, one per alert, election and "
        "platform.",
        breakdown=tally((f.platform.lower(), f.pk) for f in flags),
    )


def outcomes(period: Period, audience: Audience, kinds: Iterable[str]) -> list[Outcome]:
    """Outcomes of ``kinds`` that occurred in the period, in the audience (the outcome's own
    TLP and publication approval)."""
    rows = Outcome.objects.filter(kind__in=list(kinds)).select_related("alert")
    return list(
        on_days(in_audience(rows, audience), "occurred_on", period).order_by("occurred_on", "id")
    )


def outcome_ref(outcome: Outcome) -> RecordRef:
    what = outcome.subject or f"alert {outcome.alert_id}"  # its own TLP, not its alert's title
    label = f"{outcome.get_kind_display()}: {what} ({outcome.occurred_on.isoformat()})"
    url = url_of("alert_detail", outcome.alert_id, anchor=f"outcome-{outcome.pk}")
    return RecordRef("outcome", outcome.pk, label, url)


def outcome_target(outcome: Outcome) -> tuple[int, str]:
    """What an outcome is about: its subject on its alert (empty subject = the alert itself)."""
    return (outcome.alert_id, outcome.subject.strip().lower())


def takedowns(period: Period, audience: Audience) -> Figure:
    rows = outcomes(period, audience, TAKEDOWNS)
    things = {(o.kind, *outcome_target(o)) for o in rows}
    return Figure(
        key="takedowns",
        label="Takedowns",
        value=len(things),
        records=tuple(outcome_ref(o) for o in rows),
        unit="takedowns",
        section="Outcomes",
        note="Content removed, accounts suspended and ads removed in the period: distinct "
        "subjects per kind (the same removal recorded twice counts once; a later "
        "reinstatement does not undo the count).",
        breakdown=tally((kind, (kind, alert, subject)) for kind, alert, subject in things),
    )


def geo_fenced(period: Period, audience: Audience) -> Figure:
    rows = outcomes(period, audience, [OutcomeKind.GEO_RESTRICTED])
    per_country = (
        (str(country).upper(), outcome_target(o)) for o in rows for country in o.countries or []
    )
    return Figure(
        key="geo_fenced",
        label="Geo-fenced pages",
        value=len({outcome_target(o) for o in rows}),
        records=tuple(outcome_ref(o) for o in rows),
        unit="pages",
        section="Outcomes",
        note="Distinct pages (subjects of an alert) restricted in some countries in the period; "
        "a page restricted in several countries counts under each in the breakdown.",
        breakdown=tally(per_country),
    )


def labellings(period: Period, audience: Audience) -> Figure:
    rows = outcomes(period, audience, [OutcomeKind.LABELLED])
    return Figure(
        key="labellings",
        label="Labellings",
        value=len({outcome_target(o) for o in rows}),
        records=tuple(outcome_ref(o) for o in rows),
        unit="labels",
        section="Outcomes",
        note="Distinct subjects a platform labelled in the period, per platform.",
        breakdown=tally((o.platform.lower(), outcome_target(o)) for o in rows),
    )


FIGURES = {
    "alerts_produced": alerts_produced,
    "alerts_flagged_rrs": alerts_flagged,
    "rrs_flags": flags_sent,
    "takedowns": takedowns,
    "geo_fenced": geo_fenced,
    "labellings": labellings,
}
