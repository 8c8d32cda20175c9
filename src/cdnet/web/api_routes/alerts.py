"""Alerts: draft from findings, submit, review (four eyes), dispatch, retry, outcomes."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from cdnet.audit.log import record
from cdnet.cases import alerts as content
from cdnet.cases import workflow
from cdnet.cases.models import Alert, Finding, Tlp
from cdnet.cases.visibility import visible_alerts, visible_cases, visible_findings
from cdnet.dispatch import services as dispatch
from cdnet.dispatch.models import Delivery
from cdnet.errors import BadInput
from cdnet.impact.services import record_outcome
from cdnet.network.models import Recipient
from cdnet.web.api_routes.impact import outcome_out
from cdnet.web.api_routes.impact_schemas import OutcomeDetailOut, OutcomeIn
from cdnet.web.api_routes.schemas import (
    AlertIn,
    AlertOut,
    DeliveryOut,
    DispatchIn,
    EventOut,
    FieldDiffOut,
    OutcomeOut,
    ReviewIn,
    TextIn,
    VersionOut,
)

router = Router(tags=["alerts"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def _delivery_out(d: Delivery) -> DeliveryOut:
    return DeliveryOut(
        id=d.pk,
        recipient_id=d.recipient_id,
        address=d.address,
        status=d.status,
        message_id=d.message_id,
        last_error=d.last_error,
        attempts=d.attempts,
        sent_at=d.sent_at,
    )


def alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.pk,
        title=alert.title,
        summary=alert.summary,
        tlp=alert.tlp,
        state=alert.state,
        organisation=alert.organisation.name if alert.organisation else None,
        authors=[u.get_username() for u in alert.authors.all()],
        credits=content.credits(alert),
        content=content.content_of(alert),
        case_id=alert.case_id,
        required_approvals=alert.required_approvals,
        versions=alert.versions.count(),
        finding_ids=list(alert.findings.values_list("pk", flat=True)),
        techniques=[t.external_id for t in alert.techniques.all()],
        deliveries=[_delivery_out(d) for d in alert.deliveries.all()],
        outcomes=[
            OutcomeOut(
                id=o.pk,
                kind=o.kind,
                occurred_on=o.occurred_on,
                note=o.note,
                recorded_by=o.recorded_by.get_username(),
            )
            for o in alert.outcomes.all()
        ],
        history=[
            EventOut(
                at=e.at,
                actor=e.actor.get_username() if e.actor else None,
                from_state=e.from_state,
                to_state=e.to_state,
                note=e.note,
            )
            for e in alert.events.all()
        ],
    )


def _alert(request: HttpRequest, alert_id: int) -> Alert:
    """The alert if the caller may read it; 404 otherwise (existence is not revealed)."""
    alert = get_object_or_404(visible_alerts(request.user), pk=alert_id)
    if alert.tlp == Tlp.RED and request.method == "GET":
        record(request.user, "view", alert, "viewed a TLP:RED alert (API)")
    return alert


@router.get("/alerts", response=list[AlertOut], summary="Alerts you may read, newest first")
def list_alerts(request: HttpRequest, state: str = "") -> list[AlertOut]:
    alerts = visible_alerts(request.user)
    if state:
        alerts = alerts.filter(state=state)
    return [alert_out(a) for a in alerts[:200]]


def _findings(request: HttpRequest, ids: list[int]) -> list[Finding]:
    findings = list(visible_findings(request.user).filter(pk__in=ids))
    missing = set(ids) - {f.pk for f in findings}
    if missing:
        raise BadInput(f"no findings with ids {sorted(missing)}", field="finding_ids")
    return findings


def _content(body: AlertIn) -> content.AlertContent:
    return content.AlertContent(**body.dict(exclude={"finding_ids", "case_id"}))


@router.post("/alerts", response={201: AlertOut}, summary="Draft an alert from findings")
def create_alert(request: HttpRequest, body: AlertIn) -> Status[AlertOut]:
    findings = _findings(request, body.finding_ids)
    case = get_object_or_404(visible_cases(request.user), pk=body.case_id) if body.case_id else None
    alert = content.create_alert(_user(request), _content(body), findings, case=case)
    return Status(201, alert_out(alert))


@router.get("/alerts/{alert_id}", response=AlertOut, summary="One alert with its history")
def get_alert(request: HttpRequest, alert_id: int) -> AlertOut:
    return alert_out(_alert(request, alert_id))


@router.put("/alerts/{alert_id}", response=AlertOut, summary="Revise a draft (a new version)")
def revise_alert(request: HttpRequest, alert_id: int, body: AlertIn) -> AlertOut:
    alert = _alert(request, alert_id)
    findings = _findings(request, body.finding_ids) if body.finding_ids else None
    content.revise_alert(alert, _user(request), _content(body), findings)
    return alert_out(alert)


@router.get("/alerts/{alert_id}/versions", response=list[VersionOut], summary="All versions")
def versions(request: HttpRequest, alert_id: int) -> list[VersionOut]:
    alert = _alert(request, alert_id)
    return [
        VersionOut(
            number=v.number,
            author=v.author.get_username(),
            created_at=v.created_at,
            content=v.content,
        )
        for v in alert.versions.select_related("author")
    ]


@router.get(
    "/alerts/{alert_id}/diff", response=list[FieldDiffOut], summary="Changes between versions"
)
def diff(request: HttpRequest, alert_id: int, old: int, new: int) -> list[FieldDiffOut]:
    alert = _alert(request, alert_id)
    return [
        FieldDiffOut(field=d.field, before=d.before, after=d.after, unified=d.unified)
        for d in content.diff_versions(alert, old, new)
    ]


@router.post("/alerts/{alert_id}/coauthors", response=AlertOut, summary="Add a co-author")
def add_coauthor(request: HttpRequest, alert_id: int, body: TextIn) -> AlertOut:
    alert = _alert(request, alert_id)
    coauthor = get_object_or_404(User, username=body.text)
    return alert_out(content.add_coauthor(alert, _user(request), coauthor))


@router.post(
    "/alerts/{alert_id}/required-approvals", response=AlertOut, summary="Require more approvals"
)
def required_approvals(request: HttpRequest, alert_id: int, count: int) -> AlertOut:
    alert = _alert(request, alert_id)
    return alert_out(workflow.require_approvals(alert, _user(request), count))


@router.post("/alerts/{alert_id}/withdraw", response=AlertOut, summary="Withdraw an alert")
def withdraw(request: HttpRequest, alert_id: int, body: TextIn) -> AlertOut:
    return alert_out(workflow.withdraw(_alert(request, alert_id), _user(request), body.text))


@router.post("/alerts/{alert_id}/close", response=AlertOut, summary="Close a sent alert")
def close(request: HttpRequest, alert_id: int) -> AlertOut:
    return alert_out(workflow.close(_alert(request, alert_id), _user(request)))


@router.post("/alerts/{alert_id}/submit", response=AlertOut, summary="Submit for review")
def submit(request: HttpRequest, alert_id: int) -> AlertOut:
    alert = _alert(request, alert_id)
    return alert_out(workflow.submit_for_review(alert, _user(request)))


@router.post("/alerts/{alert_id}/review", response=AlertOut, summary="Approve or request changes")
def review(request: HttpRequest, alert_id: int, body: ReviewIn) -> AlertOut:
    alert = _alert(request, alert_id)
    return alert_out(workflow.review(alert, _user(request), body.decision, body.comment))


@router.post(
    "/alerts/{alert_id}/dispatch", response=list[DeliveryOut], summary="E-mail to recipients"
)
def dispatch_alert(request: HttpRequest, alert_id: int, body: DispatchIn) -> list[DeliveryOut]:
    alert = _alert(request, alert_id)
    recipients = list(Recipient.objects.filter(pk__in=body.recipient_ids))
    if len(recipients) != len(set(body.recipient_ids)):
        raise BadInput("unknown recipient id", field="recipient_ids")
    deliveries = dispatch.dispatch_alert(alert, recipients, _user(request))
    return [_delivery_out(d) for d in deliveries]


@router.post(
    "/deliveries/{delivery_id}/retry", response=DeliveryOut, summary="Retry a failed delivery"
)
def retry(request: HttpRequest, delivery_id: int) -> DeliveryOut:
    delivery = get_object_or_404(
        Delivery.objects.filter(alert__in=visible_alerts(request.user)), pk=delivery_id
    )
    return _delivery_out(dispatch.retry_delivery(delivery, _user(request)))


@router.post(
    "/alerts/{alert_id}/outcomes", response={201: OutcomeDetailOut}, summary="Record an outcome"
)
def add_outcome(request: HttpRequest, alert_id: int, body: OutcomeIn) -> Status[OutcomeDetailOut]:
    alert = _alert(request, alert_id)
    data = body.dict(exclude={"kind", "occurred_on", "note", "evidence_url"})
    outcome = record_outcome(
        alert, _user(request), body.kind, body.occurred_on, body.note, body.evidence_url, **data
    )
    return Status(201, outcome_out(outcome))
