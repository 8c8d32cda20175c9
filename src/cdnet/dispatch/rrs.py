"""Rapid Response System flags: an alert that touches an election and names platforms becomes one
flag per platform, sent to that platform's RRS contact in a fixed structure.

Life cycle: ``sent`` → ``acknowledged`` → ``actioned`` | ``declined``; ``no_reply`` when no
decision came by the action deadline (a late answer is still recorded). Every change is an
:class:`RrsFlagEvent` and an audit entry. Deadlines per urgency are in :data:`DEADLINES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert, AlertState
from cdnet.cases.workflow import can_dispatch
from cdnet.dispatch.acks import ack_url, queue_message
from cdnet.dispatch.models import Delivery, Election, FlagStatus, RrsFlag, RrsFlagEvent, Urgency
from cdnet.dispatch.rendering import RenderedMessage, register_renderer
from cdnet.dispatch.tlp import allows
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.models import Recipient

H = dt.timedelta(hours=1)
#: (time to acknowledge, time to decide) after the flag is sent, per urgency.
DEADLINES: dict[str, tuple[dt.timedelta, dt.timedelta]] = {
    Urgency.CRITICAL: (2 * H, 12 * H),
    Urgency.HIGH: (6 * H, 24 * H),
    Urgency.MEDIUM: (24 * H, 72 * H),
    Urgency.LOW: (48 * H, 168 * H),
}
#: An election "is near" an alert that targets its country from this many days before polling
#: day until the day after it.
NEAR_DAYS = 30
DEFAULT_POLICY = "Civic integrity / election integrity policy"

OPEN = (FlagStatus.SENT, FlagStatus.ACKNOWLEDGED)
TRANSITIONS: dict[str, frozenset[str]] = {
    FlagStatus.SENT: frozenset(
        {FlagStatus.ACKNOWLEDGED, FlagStatus.ACTIONED, FlagStatus.DECLINED, FlagStatus.NO_REPLY}
    ),
    FlagStatus.ACKNOWLEDGED: frozenset(
        {FlagStatus.ACTIONED, FlagStatus.DECLINED, FlagStatus.NO_REPLY}
    ),
    FlagStatus.NO_REPLY: frozenset(
        {FlagStatus.ACKNOWLEDGED, FlagStatus.ACTIONED, FlagStatus.DECLINED}
    ),
    FlagStatus.ACTIONED: frozenset(),
    FlagStatus.DECLINED: frozenset(),
}


def elections_for(alert: Alert, now: dt.datetime) -> list[Election]:
    """The elections an alert touches: those it names, then near ones in its target countries."""
    named = list(Election.objects.filter(election_id__in=alert.target_elections or []))
    today = now.date()
    countries = [c.upper() for c in alert.target_countries or []]
    near = Election.objects.filter(
        country__in=countries,
        polling_day__gte=today - dt.timedelta(days=1),
        polling_day__lte=today + dt.timedelta(days=NEAR_DAYS),
    ).exclude(pk__in=[e.pk for e in named])
    return named + list(near.order_by("polling_day"))


def rrs_contact(platform: str) -> Recipient | None:
    return (
        Recipient.objects.filter(platform__iexact=platform, is_rrs_contact=True, active=True)
        .order_by("pk")
        .first()
    )


def _http(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def urls_of(alert: Alert) -> list[str]:
    """The URLs an alert's findings and evidence name, in order, without duplicates."""
    found: dict[str, None] = {}
    for finding in alert.findings.all():
        payload = finding.payload or {}
        for key in ("url", "urls", "links", "content_url"):
            value = payload.get(key)
            for item in value if isinstance(value, list) else [value]:
                if _http(item):
                    found[str(item)] = None
        for subject in finding.subjects.all():
            if _http(subject.value):
                found[subject.value] = None
    for item in alert.evidence.all():
        if _http(item.source_url) and allows(alert.tlp, item.tlp):
            found[item.source_url] = None
    return list(found)


def ttps_of(alert: Alert) -> list[str]:
    return [t.external_id for t in alert.techniques.filter(framework="DISARM")]


@dataclass(frozen=True)
class FlagRequest:
    """What a member chooses when flagging: defaults come from the alert."""

    urgency: str = Urgency.HIGH
    policy: str = DEFAULT_POLICY
    platforms: Sequence[str] | None = None
    urls: Sequence[str] | None = None
    election_id: str = ""


def _check(alert: Alert, actor: User, request: FlagRequest) -> list[str]:
    if not can_dispatch(alert, actor):
        raise NotAllowed("only an author or a coordinator can flag an alert to the RRS")
    if alert.state not in (AlertState.APPROVED, AlertState.SENT):
        raise InvalidTransition("only an approved alert can be flagged: a reviewer must approve it")
    if request.urgency not in DEADLINES:
        raise BadInput(f"urgency must be one of {', '.join(DEADLINES)}", field="urgency")
    platforms = [p.strip().lower() for p in (request.platforms or alert.platforms or []) if p]
    if not platforms:
        raise BadInput("the alert names no platform", field="platforms")
    missing = [p for p in platforms if rrs_contact(p) is None]
    if missing:
        raise BadInput(f"no RRS contact for {', '.join(missing)}", field="platforms")
    return list(dict.fromkeys(platforms))


def _election(alert: Alert, request: FlagRequest, now: dt.datetime) -> Election:
    elections = elections_for(alert, now)
    if request.election_id:
        elections = [e for e in elections if e.election_id == request.election_id] or list(
            Election.objects.filter(election_id=request.election_id)
        )
    if not elections:
        raise BadInput("the alert touches no election in the election table", field="election")
    return elections[0]


def create_flags(
    alert: Alert, actor: User, request: FlagRequest | None = None, now: dt.datetime | None = None
) -> list[RrsFlag]:
    """One flag per platform, each queued to the platform's RRS contact in one transaction."""
    request = request or FlagRequest()
    now = now or timezone.now()
    platforms = _check(alert, actor, request)
    election = _election(alert, request, now)
    urls = [u.strip() for u in request.urls if u.strip()] if request.urls else urls_of(alert)
    ack_in, act_in = DEADLINES[request.urgency]
    flags: list[RrsFlag] = []
    with transaction.atomic():
        for platform in platforms:
            if RrsFlag.objects.filter(alert=alert, election=election, platform=platform).exists():
                continue
            contact = rrs_contact(platform)
            assert contact is not None  # noqa: S101 - _check made sure
            if not allows(contact.max_tlp, alert.tlp):
                raise NotAllowed(f"{contact} may not receive TLP:{alert.tlp}")
            flag = RrsFlag.objects.create(
                alert=alert,
                election=election,
                platform=platform,
                country=election.country,
                urgency=request.urgency,
                urls=urls,
                ttps=ttps_of(alert),
                policy=request.policy.strip() or DEFAULT_POLICY,
                contact_person=actor.get_full_name() or actor.get_username(),
                contact_email=actor.email or "rrs@cdnet.invalid",
                sent_at=now,
                ack_deadline=now + ack_in,
                action_deadline=now + act_in,
                created_by=actor,
            )
            flag.delivery = queue_message(
                "rrs_flag",
                contact,
                subject_of(flag),
                {"flag_id": flag.pk},
                alert=alert,
                actor=actor,
                dedupe_key=f"rrs:{flag.pk}",
                tlp=alert.tlp,
            )
            flag.save(update_fields=["delivery"])
            RrsFlagEvent.objects.create(flag=flag, to_status=FlagStatus.SENT, actor=actor)
            record(actor, "create", flag, f"RRS flag to {platform} for {election.election_id}")
            flags.append(flag)
    return flags


def change_status(
    flag: RrsFlag, to_status: str, actor: User | None, note: str = "", at: dt.datetime | None = None
) -> RrsFlag:
    """Move a flag; a decision without an earlier acknowledgement counts as acknowledged too."""
    if actor is not None and not can_dispatch(flag.alert, actor):
        raise NotAllowed("only an author of the alert or a coordinator records the answer")
    at = at or timezone.now()
    with transaction.atomic():
        flag = RrsFlag.objects.select_for_update().get(pk=flag.pk)
        if to_status not in TRANSITIONS.get(flag.status, frozenset()):
            raise InvalidTransition(f"an RRS flag cannot go from {flag.status} to {to_status}")
        if flag.sent_at and at < flag.sent_at:
            raise BadInput("the answer cannot predate the flag", field="at")
        before = flag.status
        flag.status = to_status
        if to_status != FlagStatus.NO_REPLY and flag.acknowledged_at is None:
            flag.acknowledged_at = at
        if to_status in (FlagStatus.ACTIONED, FlagStatus.DECLINED):
            flag.decided_at = at
        flag.save(update_fields=["status", "acknowledged_at", "decided_at"])
        RrsFlagEvent.objects.create(
            flag=flag, from_status=before, to_status=to_status, note=note, actor=actor
        )
        record(actor, "transition", flag, f"RRS flag {before} → {to_status}", {"note": note})
    return flag


def acknowledge_from_link(flag: RrsFlag, at: dt.datetime) -> None:
    """The RRS contact pressed the acknowledgement link of the flag's delivery."""
    if flag.status in (FlagStatus.SENT, FlagStatus.NO_REPLY):
        change_status(flag, FlagStatus.ACKNOWLEDGED, None, "acknowledged through the link", at)


def mark_no_reply(now: dt.datetime) -> int:
    """Periodic job: open flags whose action deadline passed without a decision → no_reply."""
    due = RrsFlag.objects.filter(status__in=OPEN, action_deadline__lt=now)
    moved = 0
    for flag in due:
        change_status(flag, FlagStatus.NO_REPLY, None, "no decision by the action deadline", now)
        moved += 1
    return moved


def visible_flags(user: User, queryset: QuerySet[RrsFlag] | None = None) -> QuerySet[RrsFlag]:
    from cdnet.cases.visibility import visible_alerts

    flags = RrsFlag.objects.all() if queryset is None else queryset
    return flags.filter(alert__in=visible_alerts(user)).select_related("alert", "election")


# --- figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformFigures:
    platform: str
    flags: int
    acknowledged: int
    median_hours_to_ack: float | None
    actioned: int
    median_hours_to_action: float | None
    actioned_share: float
    no_reply_share: float


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    middle = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return round(middle, 2)


def _hours(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    return None if start is None or end is None else (end - start).total_seconds() / 3600


def figures(flags: Iterable[RrsFlag]) -> list[PlatformFigures]:
    """Per platform: flags, median hours to acknowledgement and to action, shares."""
    by_platform: dict[str, list[RrsFlag]] = {}
    for flag in flags:
        by_platform.setdefault(flag.platform, []).append(flag)
    result = []
    for platform, items in sorted(by_platform.items()):
        to_ack = [h for f in items if (h := _hours(f.sent_at, f.acknowledged_at)) is not None]
        actioned = [f for f in items if f.status == FlagStatus.ACTIONED]
        to_act = [h for f in actioned if (h := _hours(f.sent_at, f.decided_at)) is not None]
        silent = sum(1 for f in items if f.status == FlagStatus.NO_REPLY)
        result.append(
            PlatformFigures(
                platform=platform,
                flags=len(items),
                acknowledged=len(to_ack),
                median_hours_to_ack=_median(to_ack),
                actioned=len(actioned),
                median_hours_to_action=_median(to_act),
                actioned_share=round(len(actioned) / len(items), 4),
                no_reply_share=round(silent / len(items), 4),
            )
        )
    return result


# --- the message ---------------------------------------------------------------------------------


def subject_of(flag: RrsFlag) -> str:
    return (
        f"[TLP:{flag.alert.tlp}] RRS flag ({flag.urgency}) {flag.election.election_id}: "
        f"{flag.alert.title}"
    )[:400]


def flag_data(flag: RrsFlag, delivery: Delivery | None = None) -> dict[str, object]:
    """The fixed structure of a flag, as webhooks receive it (JSON-ready)."""

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "type": "rrs_flag",
        "flag_id": flag.pk,
        "tlp": flag.alert.tlp,
        "election": {
            "id": flag.election.election_id,
            "name": str(flag.election),
            "country": flag.election.country,
            "polling_day": flag.election.polling_day.isoformat(),
        },
        "country": flag.country,
        "platform": flag.platform,
        "urgency": flag.urgency,
        "urls": list(flag.urls),
        "ttps": list(flag.ttps),
        "policy": flag.policy,
        "contact": {"name": flag.contact_person, "email": flag.contact_email},
        "alert": {"id": flag.alert_id, "title": flag.alert.title},
        "ack_deadline": iso(flag.ack_deadline),
        "action_deadline": iso(flag.action_deadline),
        "ack_url": ack_url(delivery) if delivery is not None else None,
    }


def render_flag(delivery: Delivery) -> RenderedMessage:
    flag = RrsFlag.objects.select_related("alert", "election").get(delivery=delivery)
    data = flag_data(flag, delivery)
    context = {"flag": flag, "data": data, "summary": flag.alert.summary}
    return RenderedMessage(
        subject=subject_of(flag),
        text=render_to_string("dispatch/rrs_flag.txt", context),
        html=render_to_string("dispatch/rrs_flag.html", context),
        data=data,
    )


register_renderer("rrs_flag", render_flag)


def flags_needing_attention(now: dt.datetime) -> QuerySet[RrsFlag]:
    """Open flags with a deadline ahead (reminder candidates)."""
    return RrsFlag.objects.filter(status__in=OPEN).filter(
        Q(ack_deadline__gt=now) | Q(action_deadline__gt=now)
    )
