"""Alerts: draft from findings, submit, review (four eyes), dispatch, retry, outcomes."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from cdnet.cases import workflow
from cdnet.cases.models import Alert, Finding
from cdnet.dispatch import services as dispatch
from cdnet.dispatch.models import Delivery
from cdnet.errors import BadInput
from cdnet.impact.services import record_outcome
from cdnet.network.models import Recipient
from cdnet.web.api_routes.schemas import (
    AlertIn,
    AlertOut,
    DeliveryOut,
    DispatchIn,
    EventOut,
    OutcomeIn,
    OutcomeOut,
    ReviewIn,
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
        attempts=d.attempts.count(),
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


@router.get("/alerts", response=list[AlertOut], summary="Alerts, newest first")
def list_alerts(request: HttpRequest, state: str = "") -> list[AlertOut]:
    alerts = Alert.objects.all()
    if state:
        alerts = alerts.filter(state=state)
    return [alert_out(a) for a in alerts[:200]]


@router.post("/alerts", response={201: AlertOut}, summary="Draft an alert from findings")
def create_alert(request: HttpRequest, body: AlertIn) -> Status[AlertOut]:
    findings = list(Finding.objects.filter(pk__in=body.finding_ids))
    missing = set(body.finding_ids) - {f.pk for f in findings}
    if missing:
        raise BadInput(f"no findings with ids {sorted(missing)}", field="finding_ids")
    alert = workflow.create_alert(
        _user(request), body.title, body.summary, body.tlp, findings, body.techniques
    )
    return Status(201, alert_out(alert))


@router.get("/alerts/{alert_id}", response=AlertOut, summary="One alert with its history")
def get_alert(request: HttpRequest, alert_id: int) -> AlertOut:
    return alert_out(get_object_or_404(Alert, pk=alert_id))


@router.post("/alerts/{alert_id}/submit", response=AlertOut, summary="Submit for review")
def submit(request: HttpRequest, alert_id: int) -> AlertOut:
    alert = get_object_or_404(Alert, pk=alert_id)
    return alert_out(workflow.submit_for_review(alert, _user(request)))


@router.post("/alerts/{alert_id}/review", response=AlertOut, summary="Approve or request changes")
def review(request: HttpRequest, alert_id: int, body: ReviewIn) -> AlertOut:
    alert = get_object_or_404(Alert, pk=alert_id)
    return alert_out(workflow.review(alert, _user(request), body.decision, body.comment))


@router.post(
    "/alerts/{alert_id}/dispatch", response=list[DeliveryOut], summary="E-mail to recipients"
)
def dispatch_alert(request: HttpRequest, alert_id: int, body: DispatchIn) -> list[DeliveryOut]:
    alert = get_object_or_404(Alert, pk=alert_id)
    recipients = list(Recipient.objects.filter(pk__in=body.recipient_ids))
    if len(recipients) != len(set(body.recipient_ids)):
        raise BadInput("unknown recipient id", field="recipient_ids")
    deliveries = dispatch.dispatch_alert(alert, recipients, _user(request))
    return [_delivery_out(d) for d in deliveries]


@router.post(
    "/deliveries/{delivery_id}/retry", response=DeliveryOut, summary="Retry a failed delivery"
)
def retry(request: HttpRequest, delivery_id: int) -> DeliveryOut:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    return _delivery_out(dispatch.retry_delivery(delivery, _user(request)))


@router.post("/alerts/{alert_id}/outcomes", response={201: OutcomeOut}, summary="Record an outcome")
def add_outcome(request: HttpRequest, alert_id: int, body: OutcomeIn) -> Status[OutcomeOut]:
    alert = get_object_or_404(Alert, pk=alert_id)
    outcome = record_outcome(
        alert, _user(request), body.kind, body.occurred_on, body.note, body.evidence_url
    )
    return Status(
        201,
        OutcomeOut(
            id=outcome.pk,
            kind=outcome.kind,
            occurred_on=outcome.occurred_on,
            note=outcome.note,
            recorded_by=outcome.recorded_by.get_username(),
        ),
    )
