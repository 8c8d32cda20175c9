"""Outcomes of alerts: recorded (appended, never edited), time to action, per subject.

A correction is a new outcome (e.g. ``reinstated`` after ``removed``); there is no update or
delete. The subject is what the outcome concerns (a URL, an account handle, a domain, an ad id):
any such value is accepted, since a platform may act on a mirror found after the alert was sent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet

from cdnet.audit.log import record
from cdnet.cases.models import Alert, AlertState, Technique
from cdnet.cases.techniques import resolve_counters
from cdnet.dispatch.models import Delivery, DeliveryKind, DeliveryStatus
from cdnet.errors import BadInput, InvalidTransition
from cdnet.evidence.models import EvidenceItem
from cdnet.evidence.visibility import visible_evidence
from cdnet.impact import checks
from cdnet.impact.models import Outcome, OutcomeKind, OutcomeSource
from cdnet.impact.visibility import visible_outcomes

_STATEMENT = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


@dataclass
class _Checked:
    subject: str
    platform: str
    countries: list[str]
    evidence: list[EvidenceItem]
    counters: list[Technique]
    statement_id: str
    tlp: str


def _subject(value: str) -> str:
    clean = checks.text(value, "subject", required=False, limit=2000)
    if "://" in clean:
        checks.url(clean, "subject")
    if any(ch.isspace() for ch in clean):
        raise BadInput("one URL, handle, domain or id, without spaces", field="subject")
    return clean


def _countries(kind: str, values: Iterable[str]) -> list[str]:
    codes = checks.countries(values)
    if kind == OutcomeKind.GEO_RESTRICTED and not codes:
        raise BadInput("say in which countries the content is restricted", field="countries")
    if kind != OutcomeKind.GEO_RESTRICTED and codes:
        raise BadInput("only geo-restricted outcomes name countries", field="countries")
    return codes


def _evidence(user: User, ids: Iterable[int]) -> list[EvidenceItem]:
    wanted = {int(i) for i in ids}
    found = list(visible_evidence(user).filter(pk__in=wanted))
    missing = wanted - {e.pk for e in found}
    if missing:
        raise BadInput(f"no evidence items with ids {sorted(missing)}", field="evidence_ids")
    return found


def _statement(value: str) -> str:
    clean = value.strip()
    if clean and not _STATEMENT.match(clean):
        raise BadInput("expected letters, digits, - _ . : only", field="statement_id")
    return clean


@dataclass(frozen=True)
class _Given:
    subject: str
    platform: str
    countries: list[str]
    evidence_ids: list[int]
    counters: list[str]
    statement_id: str
    tlp: str | None


def _check(alert: Alert, user: User, kind: str, source: str, given: _Given) -> _Checked:
    checks.require_member(user, "record outcomes")
    if kind not in OutcomeKind.values:
        raise BadInput(f"kind must be one of {', '.join(OutcomeKind.values)}", field="kind")
    if source not in OutcomeSource.values:
        raise BadInput(f"source must be one of {', '.join(OutcomeSource.values)}", field="source")
    if alert.state not in (AlertState.SENT, AlertState.CLOSED):
        raise InvalidTransition("outcomes are recorded on alerts that were sent")
    return _Checked(
        subject=_subject(given.subject),
        platform=checks.text(given.platform, "platform", required=False, limit=40).lower(),
        countries=_countries(kind, given.countries),
        evidence=_evidence(user, given.evidence_ids),
        counters=resolve_counters(given.counters),
        statement_id=_statement(given.statement_id),
        tlp=checks.tlp_value(given.tlp, default=alert.tlp),
    )


def record_outcome(
    alert: Alert,
    user: User,
    kind: str,
    occurred_on: dt.date,
    note: str = "",
    evidence_url: str = "",
    *,
    subject: str = "",
    platform: str = "",
    countries: Iterable[str] = (),
    source: str = OutcomeSource.MEMBER,
    evidence_ids: Iterable[int] = (),
    counters: Iterable[str] = (),
    statement_id: str = "",
    tlp: str | None = None,
) -> Outcome:
    """Append an outcome to a sent alert; every field is checked, errors name the field."""
    given = _Given(
        subject, platform, list(countries), list(evidence_ids), list(counters), statement_id, tlp
    )
    c = _check(alert, user, kind, source, given)
    day = checks.past_date(occurred_on, "occurred_on")
    link = checks.url(evidence_url, "evidence_url")
    with transaction.atomic():
        outcome = Outcome.objects.create(
            alert=alert,
            kind=kind,
            occurred_on=day,
            note=note.strip(),
            evidence_url=link,
            subject=c.subject,
            platform=c.platform,
            countries=c.countries,
            source=source,
            statement_id=c.statement_id,
            tlp=c.tlp,
            organisation=checks.recording_organisation(user),
            recorded_by=user,
        )
        outcome.evidence.set(c.evidence)
        outcome.counters.set(c.counters)
        details = {"alert": alert.pk, "kind": kind, "subject": c.subject, "source": source}
        record(user, "create", outcome, f"outcome {kind} on {day}", details)
    return outcome


def first_sent_at(alert: Alert) -> dt.datetime | None:
    """When the alert was first sent: its ``sent`` transition, else its first sent delivery."""
    event = alert.events.filter(to_state=AlertState.SENT).order_by("at").first()
    if event is not None:
        return event.at
    delivery = (
        Delivery.objects.filter(alert=alert, kind=DeliveryKind.ALERT, status=DeliveryStatus.SENT)
        .exclude(sent_at=None)
        .order_by("sent_at")
        .first()
    )
    return delivery.sent_at if delivery else None


def time_to_action(outcome: Outcome) -> dt.timedelta | None:
    """Whole days from the day the alert was first sent to the outcome; None when the alert was
    never sent or the outcome came before it (then the alert did not cause it)."""
    sent = first_sent_at(outcome.alert)
    if sent is None:
        return None
    days = (outcome.occurred_on - sent.astimezone(dt.UTC).date()).days
    return dt.timedelta(days=days) if days >= 0 else None


@dataclass(frozen=True)
class OutcomeFilter:
    alert_id: int | None = None
    subject: str = ""
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def list_outcomes(
    user: User | AnonymousUser, flt: OutcomeFilter | None = None
) -> QuerySet[Outcome]:
    """The outcomes ``user`` may read, filtered, oldest first."""
    flt = flt or OutcomeFilter()
    qs = visible_outcomes(user).select_related("alert", "recorded_by")
    if flt.kind and flt.kind not in OutcomeKind.values:
        raise BadInput(f"kind must be one of {', '.join(OutcomeKind.values)}", field="kind")
    if flt.alert_id is not None:
        qs = qs.filter(alert_id=flt.alert_id)
    if flt.subject.strip():
        qs = qs.filter(subject__iexact=flt.subject.strip())
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.since:
        qs = qs.filter(occurred_on__gte=flt.since)
    if flt.until:
        qs = qs.filter(occurred_on__lte=flt.until)
    return qs.prefetch_related("counters", "evidence").order_by("occurred_on", "id")


def outcomes_for_subject(value: str, user: User | AnonymousUser | None = None) -> list[Outcome]:
    """Every outcome about ``value`` (a URL, handle, domain), across alerts, oldest first.

    With ``user`` only those the user may read; without, all (for reports and the worker)."""
    if not value.strip():
        return []
    if user is not None:
        return list(list_outcomes(user, OutcomeFilter(subject=value)))
    qs = Outcome.objects.filter(subject__iexact=value.strip()).select_related("alert")
    return list(qs.order_by("occurred_on", "id"))
