"""Dispatch API: RRS flags and their figures, DSA notices and their answers and export,
acknowledgements, and the dispatch log."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from cdnet.cases.visibility import visible_alerts
from cdnet.dispatch import acks, log, notices, rrs
from cdnet.dispatch.models import DeliveryAck, DsaNotice, RrsFlag, Urgency

router = Router(tags=["dispatch"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


class FlagIn(Schema):
    urgency: str = Urgency.HIGH
    policy: str = rrs.DEFAULT_POLICY
    platforms: list[str] | None = None
    urls: list[str] | None = None
    election_id: str = ""


class FlagOut(Schema):
    id: int
    alert_id: int
    election_id: str
    platform: str
    country: str
    urgency: str
    urls: list[str]
    ttps: list[str]
    policy: str
    contact_person: str
    status: str
    delivery_id: int | None
    sent_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    decided_at: dt.datetime | None
    ack_deadline: dt.datetime | None
    action_deadline: dt.datetime | None
    reminders_sent: int


class StatusIn(Schema):
    status: str
    note: str = ""
    at: dt.datetime | None = None


class FiguresOut(Schema):
    platform: str
    flags: int
    acknowledged: int
    median_hours_to_ack: float | None
    actioned: int
    median_hours_to_action: float | None
    actioned_share: float
    no_reply_share: float


def _flag_out(flag: RrsFlag) -> FlagOut:
    return FlagOut(
        id=flag.pk,
        alert_id=flag.alert_id,
        election_id=flag.election.election_id,
        platform=flag.platform,
        country=flag.country,
        urgency=flag.urgency,
        urls=list(flag.urls),
        ttps=list(flag.ttps),
        policy=flag.policy,
        contact_person=flag.contact_person,
        status=flag.status,
        delivery_id=flag.delivery_id,
        sent_at=flag.sent_at,
        acknowledged_at=flag.acknowledged_at,
        decided_at=flag.decided_at,
        ack_deadline=flag.ack_deadline,
        action_deadline=flag.action_deadline,
        reminders_sent=flag.reminders_sent,
    )


@router.post(
    "/alerts/{alert_id}/rrs-flags",
    response={201: list[FlagOut]},
    summary="Flag an alert to each named platform's RRS contact",
)
def create_flags(request: HttpRequest, alert_id: int, body: FlagIn) -> Status[list[FlagOut]]:
    alert = get_object_or_404(visible_alerts(request.user), pk=alert_id)
    wanted = rrs.FlagRequest(**body.dict())
    return Status(201, [_flag_out(f) for f in rrs.create_flags(alert, _user(request), wanted)])


@router.get("/rrs-flags", response=list[FlagOut], summary="RRS flags of alerts you may read")
def list_flags(
    request: HttpRequest, platform: str = "", status: str = "", alert_id: int | None = None
) -> list[FlagOut]:
    flags = rrs.visible_flags(_user(request))
    if platform:
        flags = flags.filter(platform=platform)
    if status:
        flags = flags.filter(status=status)
    if alert_id is not None:
        flags = flags.filter(alert_id=alert_id)
    return [_flag_out(f) for f in flags[:500]]


@router.get("/rrs-flags/figures", response=list[FiguresOut], summary="RRS figures per platform")
def flag_figures(request: HttpRequest) -> list[FiguresOut]:
    return [FiguresOut(**vars(f)) for f in rrs.figures(rrs.visible_flags(_user(request)))]


@router.get("/rrs-flags/{flag_id}", response=FlagOut, summary="One RRS flag")
def get_flag(request: HttpRequest, flag_id: int) -> FlagOut:
    return _flag_out(get_object_or_404(rrs.visible_flags(_user(request)), pk=flag_id))


@router.post("/rrs-flags/{flag_id}/status", response=FlagOut, summary="Record the answer")
def flag_status(request: HttpRequest, flag_id: int, body: StatusIn) -> FlagOut:
    user = _user(request)
    flag = get_object_or_404(rrs.visible_flags(user), pk=flag_id)
    return _flag_out(rrs.change_status(flag, body.status, user, body.note, body.at))


class NoticeIn(Schema):
    platform: str
    urls: list[str]
    explanation: str
    legal_ground: str
    notifier_name: str
    notifier_email: str
    good_faith: bool
    notifier_organisation: str = ""
    category: str = ""
    alert_id: int | None = None


class AnswerIn(Schema):
    acknowledged_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    outcome: str = ""
    statement_id: str = ""
    answer: str = ""


class NoticeOut(Schema):
    id: int
    platform: str
    urls: list[str]
    explanation: str
    legal_ground: str
    category: str
    notifier_name: str
    mechanism: str
    alert_id: int | None
    delivery_id: int | None
    submitted_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    decided_at: dt.datetime | None
    outcome: str
    statement_id: str


def _notice_out(n: DsaNotice) -> NoticeOut:
    fields = NoticeOut.model_fields
    return NoticeOut(**{name: getattr(n, "pk" if name == "id" else name) for name in fields})


@router.post("/dsa-notices", response={201: NoticeOut}, summary="File a DSA Article 16 notice")
def create_notice(request: HttpRequest, body: NoticeIn) -> Status[NoticeOut]:
    user = _user(request)
    alert = None
    if body.alert_id is not None:
        alert = get_object_or_404(visible_alerts(user), pk=body.alert_id)
    draft = notices.NoticeDraft(**body.dict(exclude={"alert_id"}), alert=alert)
    return Status(201, _notice_out(notices.create_notice(draft, user)))


@router.get("/dsa-notices", response=list[NoticeOut], summary="DSA notices you may read")
def list_notices(request: HttpRequest, platform: str = "") -> list[NoticeOut]:
    items = notices.visible_notices(_user(request))
    if platform:
        items = items.filter(platform=platform)
    return [_notice_out(n) for n in items[:500]]


@router.get(
    "/dsa-notices/export",
    summary="All notices as the canonical notices table (?format=csv or parquet)",
)
def export_notices(request: HttpRequest, format: str = "csv") -> HttpResponse:
    content = notices.export_notices(_user(request), format)
    mime = "text/csv; charset=utf-8" if format == "csv" else "application/vnd.apache.parquet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="notices.{format}"'
    return response


@router.get("/dsa-notices/{notice_id}", response=NoticeOut, summary="One DSA notice")
def get_notice(request: HttpRequest, notice_id: int) -> NoticeOut:
    return _notice_out(get_object_or_404(notices.visible_notices(_user(request)), pk=notice_id))


@router.post(
    "/dsa-notices/{notice_id}/answer", response=NoticeOut, summary="Record the platform's answer"
)
def answer_notice(request: HttpRequest, notice_id: int, body: AnswerIn) -> NoticeOut:
    user = _user(request)
    notice = get_object_or_404(notices.visible_notices(user), pk=notice_id)
    reply = notices.NoticeAnswer(**body.dict())
    return _notice_out(notices.record_answer(notice, user, reply))


class AckIn(Schema):
    status: str
    note: str = ""


class AckOut(Schema):
    id: int
    delivery_id: int
    status: str
    note: str
    at: dt.datetime


def _ack_out(ack: DeliveryAck) -> AckOut:
    return AckOut(
        id=ack.pk, delivery_id=ack.delivery_id, status=ack.status, note=ack.note, at=ack.at
    )


@router.post(
    "/acks/{token}",
    auth=None,
    response={201: AckOut},
    summary="Acknowledge a delivery with the token of its signed link (no account)",
)
def acknowledge(request: HttpRequest, token: str, body: AckIn) -> Status[AckOut]:
    return Status(201, _ack_out(acks.acknowledge(token, body.status, body.note)))


@router.get(
    "/deliveries/{delivery_id}/acks", response=list[AckOut], summary="A delivery's acknowledgements"
)
def delivery_acks(request: HttpRequest, delivery_id: int) -> list[AckOut]:
    delivery = get_object_or_404(log.visible_deliveries(_user(request)), pk=delivery_id)
    return [_ack_out(a) for a in delivery.acks.all()]


@router.get(
    "/dispatch-log",
    summary="The dispatch log (?format=csv or pdf; ?alert_id= for one alert)",
)
def dispatch_log(
    request: HttpRequest,
    format: str = "csv",
    alert_id: int | None = None,
) -> HttpResponse:
    user = _user(request)
    alert = get_object_or_404(visible_alerts(user), pk=alert_id) if alert_id else None
    content, mime, name = log.export_log(user, format, alert)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
