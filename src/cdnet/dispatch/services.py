"""Sending alerts: the decision to send writes outbox rows (one per recipient and channel) in one
transaction; the worker (`cdnet worker`) sends them after the commit, with retries.

``dispatch_alert`` and ``queue_deliveries`` return the queued (pending) deliveries; they do not
wait for the send. ``send_delivery`` makes one attempt now, in this process; ``retry_delivery``
puts a failed delivery back in the queue with a fresh round of attempts.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert, AlertState
from cdnet.cases.workflow import DISPATCHER_ROLES, can_dispatch
from cdnet.dispatch.models import Delivery, DeliveryKind, DeliveryStatus
from cdnet.dispatch.outbox import check_tlp, enqueue, level_of, max_attempts, schedule
from cdnet.dispatch.rendering import subject_for
from cdnet.dispatch.worker import process
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.models import ChannelKind, Recipient, RecipientChannel
from cdnet.network.services import role_of


def channels_of(recipient: Recipient) -> list[RecipientChannel | str]:
    """The recipient's active channels; its main address when it has no e-mail channel."""
    rows = list(recipient.channels.filter(active=True).order_by("kind", "id"))
    targets: list[RecipientChannel | str] = []
    if not any(row.kind == ChannelKind.EMAIL for row in rows):
        targets.append(ChannelKind.EMAIL.value)
    return targets + list(rows)


def _dedupe_key(
    alert: Alert, version: int, recipient: Recipient, target: RecipientChannel | str
) -> str:
    where = f"{target.kind}:{target.pk}" if isinstance(target, RecipientChannel) else "email:main"
    return f"alert:{alert.pk}:v{version}:recipient:{recipient.pk}:{where}"


def _check_can_send(alert: Alert, recipients: Sequence[Recipient], actor: User) -> None:
    if not can_dispatch(alert, actor):
        raise NotAllowed("only an author or a coordinator can send an alert")
    if alert.state not in (AlertState.APPROVED, AlertState.SENT):
        raise InvalidTransition("only an approved alert can be sent: a reviewer must approve it")
    if not recipients:
        raise BadInput("choose at least one recipient", field="recipients")
    for recipient in recipients:
        if not recipient.active:
            raise BadInput(f"recipient {recipient} is inactive", field="recipients")
        check_tlp(recipient, alert.tlp)


def queue_deliveries(alert: Alert, recipients: Sequence[Recipient], actor: User) -> list[Delivery]:
    """Write one delivery per recipient and channel in one transaction; the worker sends them.

    Refused as a whole (nothing queued) when a recipient may not receive the alert's TLP.
    Returns only the deliveries this call created (a repeat of the same version queues none)."""
    _check_can_send(alert, recipients, actor)
    version = alert.versions.count()
    queued: list[Delivery] = []
    with transaction.atomic():
        for recipient in recipients:
            language = (recipient.languages or ["en"])[0]
            for target in channels_of(recipient):
                key = _dedupe_key(alert, version, recipient, target)
                if Delivery.objects.filter(dedupe_key=key).exists():
                    continue
                queued.append(
                    enqueue(
                        DeliveryKind.ALERT,
                        recipient,
                        target,
                        subject_for(alert),
                        {},
                        alert=alert,
                        actor=actor,
                        language=str(language),
                        dedupe_key=key,
                    )
                )
    return queued


def dispatch_alert(alert: Alert, recipients: Sequence[Recipient], actor: User) -> list[Delivery]:
    """Queue an alert for recipients; returns the deliveries made by this call (pending)."""
    return queue_deliveries(alert, recipients, actor)


def send_delivery(delivery: Delivery, actor: User | None = None) -> Delivery:
    """Make one attempt now, in this process (a sent or failed delivery is left alone)."""
    now = timezone.now()
    Delivery.objects.filter(
        pk=delivery.pk, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    ).update(next_attempt_at=now)
    process(delivery.pk, actor, now=now)
    delivery.refresh_from_db()
    return delivery


def _check_can_retry(delivery: Delivery, actor: User) -> None:
    if delivery.alert is not None:
        allowed = can_dispatch(delivery.alert, actor)
    else:
        allowed = role_of(actor) in DISPATCHER_ROLES
    if not allowed:
        raise NotAllowed("only an author or a coordinator can retry a delivery")
    if delivery.status != DeliveryStatus.FAILED:
        raise InvalidTransition(f"delivery {delivery.pk} is {delivery.status}; only failed retry")
    check_tlp(delivery.recipient, level_of(delivery))


def retry_delivery(delivery: Delivery, actor: User) -> Delivery:
    """Queue a failed delivery again (same idempotency key, a fresh round of attempts)."""
    _check_can_retry(delivery, actor)
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING,
            next_attempt_at=timezone.now(),
            max_attempts=delivery.attempts + max_attempts(),
            last_error="",
        )
        if not updated:
            raise InvalidTransition(f"delivery {delivery.pk} is no longer failed")
        record(actor, "change", delivery, "delivery queued again", {"after": delivery.last_error})
        schedule(delivery.pk)
    delivery.refresh_from_db()
    return delivery
