"""Impact: outcomes, advocacy and capacity records, approval for publication, network growth.

Every member reads what TLP lets them read and records; corrections are PATCHes (audited with
before and after); coordinators approve records for the public report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.responses import Status

from cdnet.errors import BadInput
from cdnet.impact import checks, services
from cdnet.impact.models import Outcome
from cdnet.impact.records import RecordKind
from cdnet.network.growth import network_on
from cdnet.web.api_routes import impact_schemas as s

router = Router(tags=["impact"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def outcome_out(o: Outcome) -> s.OutcomeDetailOut:
    tta = services.time_to_action(o)
    return s.OutcomeDetailOut(
        id=o.pk,
        alert_id=o.alert_id,
        kind=o.kind,
        occurred_on=o.occurred_on,
        note=o.note,
        evidence_url=o.evidence_url,
        subject=o.subject,
        platform=o.platform,
        countries=list(o.countries),
        source=o.source,
        evidence_ids=[e.pk for e in o.evidence.all()],
        counters=[c.external_id for c in o.counters.all()],
        statement_id=o.statement_id,
        tlp=o.tlp,
        approved_for_publication=o.approved_for_publication,
        organisation=o.organisation.name if o.organisation else None,
        recorded_by=o.recorded_by.get_username(),
        recorded_at=o.recorded_at,
        time_to_action_days=tta.days if tta is not None else None,
    )


@router.get("/outcomes", response=list[s.OutcomeDetailOut], summary="Outcomes you may read")
def list_outcomes(
    request: HttpRequest,
    alert: int | None = None,
    subject: str = "",
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[s.OutcomeDetailOut]:
    flt = services.OutcomeFilter(alert, subject, kind, since, until)
    return [outcome_out(o) for o in services.list_outcomes(request.user, flt)[:1000]]


def _period(year: int | None, since: dt.date | None, until: dt.date | None) -> tuple[Any, Any]:
    if year is None:
        return since, until
    if since or until:
        raise BadInput("give either a year or since/until", field="year")
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def record_out(kind: RecordKind[Any], obj: Any, out: type[Schema]) -> Schema:
    values = dataclasses.asdict(kind.fields.of(obj))
    return out(
        **values,
        id=obj.pk,
        approved_for_publication=obj.approved_for_publication,
        approved_by=obj.approved_by.get_username() if obj.approved_by else None,
        approved_at=obj.approved_at,
        organisation=obj.organisation.name if obj.organisation else None,
        recorded_by=obj.recorded_by.get_username(),
        recorded_at=obj.recorded_at,
    )


def _fields(kind: RecordKind[Any], body: Schema) -> services.RecordFields:
    return kind.fields(**body.dict())


def _annotate(func: Callable[..., Any], **types: Any) -> Callable[..., Any]:
    """Give a generated view its concrete types, which django-ninja reads for the OpenAPI."""
    func.__annotations__ = {**func.__annotations__, **types}
    return func


def _routes(kind: RecordKind[Any], body_in: type[Schema], out: type[Schema]) -> None:
    path, label = f"/{kind.plural}", kind.label.lower()

    def list_view(
        request: HttpRequest,
        year: int | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[Schema]:
        start, end = _period(year, since, until)
        rows = services.list_records(kind, request.user, start, end)
        return [record_out(kind, obj, out) for obj in rows[:1000]]

    def get_view(request: HttpRequest, record_id: int) -> Schema:
        return record_out(kind, services.get_record(kind, request.user, record_id), out)

    def create_view(request: HttpRequest, body: Schema) -> Status[Schema]:
        obj = services.create_record(_user(request), _fields(kind, body))
        return Status(201, record_out(kind, obj, out))

    def correct_view(request: HttpRequest, record_id: int, changes: dict[str, Any]) -> Schema:
        obj = services.get_record(kind, request.user, record_id)
        obj = services.correct_record(obj, _user(request), dict(changes))
        return record_out(kind, obj, out)

    name, one = kind.name, f"{path}/{{record_id}}"
    many: Any = list[out]  # type: ignore[valid-type]
    router.get(
        path, response=many, summary=f"{kind.label}s you may read", operation_id=f"list_{name}"
    )(list_view)
    router.get(one, response=out, summary=f"One {label}", operation_id=f"get_{name}")(get_view)
    router.post(
        path, response={201: out}, summary=f"Record a {label}", operation_id=f"create_{name}"
    )(_annotate(create_view, body=body_in))
    router.patch(one, response=out, summary=f"Correct a {label}", operation_id=f"correct_{name}")(
        _annotate(correct_view, changes=Body[dict[str, Any]])
    )


_routes(services.MEETINGS, s.MeetingIn, s.MeetingOut)
_routes(services.EVIDENCE_SUBMISSIONS, s.EvidenceSubmissionIn, s.EvidenceSubmissionOut)
_routes(services.PRESS_ARTICLES, s.PressArticleIn, s.PressArticleOut)
_routes(services.BRIEFINGS, s.BriefingIn, s.BriefingOut)
_routes(services.INTRODUCTIONS, s.IntroductionIn, s.IntroductionOut)
_routes(services.EVENTS, s.ImpactEventIn, s.ImpactEventOut)


def _publication(
    request: HttpRequest, kind: str, record_id: int, approve: bool
) -> s.PublicationOut:
    user = _user(request)
    obj = services.publishable(kind, record_id, user)
    decide = services.approve_for_publication if approve else services.withdraw_publication
    decide(user, obj)
    return s.PublicationOut(
        kind=kind,
        id=obj.pk,
        approved_for_publication=obj.approved_for_publication,
        approved_by=obj.approved_by.get_username() if obj.approved_by else None,
        approved_at=obj.approved_at,
    )


@router.post(
    "/publication/{kind}/{record_id}/approve",
    response=s.PublicationOut,
    summary="Approve a record for the public report (coordinators)",
)
def approve(request: HttpRequest, kind: str, record_id: int) -> s.PublicationOut:
    return _publication(request, kind, record_id, True)


@router.post(
    "/publication/{kind}/{record_id}/withdraw",
    response=s.PublicationOut,
    summary="Withdraw a publication approval (coordinators)",
)
def withdraw(request: HttpRequest, kind: str, record_id: int) -> s.PublicationOut:
    return _publication(request, kind, record_id, False)


@router.get("/network/growth", response=s.GrowthOut, summary="The network's size on a day")
def growth(request: HttpRequest, on: dt.date | None = None) -> s.GrowthOut:
    checks.require_member(request.user, "read the network's size")
    size = network_on(on or checks.today())
    return s.GrowthOut(**dataclasses.asdict(size))
