"""Sending alerts by e-mail. The delivery row is committed before the SMTP conversation starts and
updated after it; an attempt row records each try. A delivery that was sent is never sent again."""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert, AlertState
from cdnet.cases.workflow import can_dispatch, mark_sent
from cdnet.dispatch.models import Delivery, DeliveryAttempt, DeliveryStatus
from cdnet.dispatch.rendering import render_alert, subject_for
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.models import Recipient


def _message_id(alert: Alert) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "cdnet.invalid"
    return f"<alert-{alert.pk}-{uuid.uuid4().hex}@{domain}>"


def _alert_of(delivery: Delivery) -> Alert:
    if delivery.alert is None:
        raise InvalidTransition(f"delivery {delivery.pk} carries no alert")
    return delivery.alert


def queue_deliveries(alert: Alert, recipients: Sequence[Recipient], actor: User) -> list[Delivery]:
    """Write one delivery row per new recipient, in one transaction, before anything is sent."""
    if not can_dispatch(alert, actor):
        raise NotAllowed("only an author or a coordinator can send an alert")
    if alert.state not in (AlertState.APPROVED, AlertState.SENT):
        raise InvalidTransition("only an approved alert can be sent: a reviewer must approve it")
    if not recipients:
        raise BadInput("choose at least one recipient", field="recipients")
    queued: list[Delivery] = []
    with transaction.atomic():
        for recipient in recipients:
            if not recipient.active:
                raise BadInput(f"recipient {recipient} is inactive", field="recipients")
            delivery, created = Delivery.objects.get_or_create(
                alert=alert,
                recipient=recipient,
                dedupe_key=f"alert:{alert.pk}:recipient:{recipient.pk}:email",
                defaults={
                    "kind": "alert",
                    "channel": "email",
                    "address": recipient.email,
                    "idempotency_key": _message_id(alert),
                    "subject": subject_for(alert),
                    "alert_version": alert.versions.count(),
                    "requested_by": actor,
                },
            )
            if created:
                queued.append(delivery)
                record(actor, "create", delivery, f"delivery to {delivery.address} queued")
    return queued


def _claim(delivery_id: int, actor: User | None) -> tuple[Delivery, int] | None:
    """Mark a delivery as sending and open an attempt; None when it was already sent."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.SENDING):
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.save(update_fields=["status", "attempts"])
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery, started_at=timezone.now(), actor=actor
        )
    return delivery, attempt.pk


def _send_email(delivery: Delivery) -> None:
    alert = _alert_of(delivery)
    rendered = render_alert(alert, delivery.recipient)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[delivery.address],
        headers={"Message-ID": delivery.message_id, "X-Cdnet-Alert": str(delivery.alert_id)},
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send(fail_silently=False)


def send_delivery(delivery: Delivery, actor: User | None = None) -> Delivery:
    """Send one delivery over SMTP and record the result; sent deliveries are left alone."""
    claimed = _claim(delivery.pk, actor)
    if claimed is None:
        delivery.refresh_from_db()
        return delivery
    delivery, attempt_id = claimed
    error = ""
    try:
        _send_email(delivery)
    except (smtplib.SMTPException, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    with transaction.atomic():
        DeliveryAttempt.objects.filter(pk=attempt_id).update(
            finished_at=timezone.now(), ok=not error, error=error
        )
        delivery.status = DeliveryStatus.FAILED if error else DeliveryStatus.SENT
        delivery.last_error = error
        delivery.sent_at = None if error else timezone.now()
        delivery.save(update_fields=["status", "last_error", "sent_at"])
        record(actor, "change", delivery, f"delivery {delivery.status}", {"error": error})
        if not error and delivery.alert is not None:
            mark_sent(delivery.alert, actor)
    return delivery


def dispatch_alert(alert: Alert, recipients: Sequence[Recipient], actor: User) -> list[Delivery]:
    """Queue and send an alert to recipients; returns the deliveries made by this call."""
    deliveries = [send_delivery(d, actor) for d in queue_deliveries(alert, recipients, actor)]
    alert.refresh_from_db()
    return deliveries


def retry_delivery(delivery: Delivery, actor: User) -> Delivery:
    if not can_dispatch(_alert_of(delivery), actor):
        raise NotAllowed("only an author or a coordinator can retry a delivery")
    if delivery.status != DeliveryStatus.FAILED:
        raise InvalidTransition(f"delivery {delivery.pk} is {delivery.status}; only failed retry")
    return send_delivery(delivery, actor)
