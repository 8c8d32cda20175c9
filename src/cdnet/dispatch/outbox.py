"""The outbox: :func:`enqueue` writes a Delivery row in the caller's transaction and schedules
its send once that transaction commits. The worker (:mod:`cdnet.dispatch.worker`) sends it.

The decision to send and the outbox row commit together, or not at all: a rolled-back decision
leaves no row and schedules nothing. The django-tasks task is only a wake-up call; the worker
also polls due rows, so a lost task row loses no message.

Every delivery is checked against the TLP gate twice: here, when it is queued, and again by the
worker right before each attempt (:func:`check_tlp`), so a re-send or a retry after an alert was
raised to a higher level, or after a recipient's clearance was lowered, is refused too.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert
from cdnet.dispatch.models import Delivery, DeliveryKind, DeliveryStatus
from cdnet.dispatch.tlp import allows, rank
from cdnet.errors import BadInput, NotAllowed
from cdnet.network.models import ChannelKind, Recipient, RecipientChannel

log = logging.getLogger("cdnet.worker")

#: payload keys the outbox adds: the TLP level the delivery was cleared at, and whether that
#: level follows the alert (so that a later raise of the alert's TLP is honoured at send time)
TLP_KEY = "tlp"
TLP_FROM_ALERT_KEY = "tlp_from_alert"


def max_attempts() -> int:
    return int(getattr(settings, "CDNET_DELIVERY_MAX_ATTEMPTS", 6))


def mail_domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    return sender.rsplit("@", 1)[-1].strip(">").strip() or "cdnet.invalid"


def _idempotency_key(kind: str, channel: str, delivery_pk: int, token: str) -> str:
    """An e-mail Message-ID ``<kind-pk-uuid@domain>``; a bare UUID for webhooks."""
    if channel == ChannelKind.EMAIL:
        return f"<{kind}-{delivery_pk}-{token}@{mail_domain()}>"
    return str(uuid.UUID(token))


def check_tlp(recipient: Recipient, level: str | None) -> None:
    """Raise :class:`NotAllowed` when ``level`` is above the recipient's highest TLP."""
    if level and not allows(recipient.max_tlp, level):
        raise NotAllowed(
            f"TLP:{level} is above TLP:{recipient.max_tlp}, the highest level "
            f"{recipient.name} may receive"
        )


def level_of(delivery: Delivery) -> str | None:
    """The TLP level a delivery carries now: the level it was cleared at, raised to the alert's
    current level when it follows the alert."""
    payload: dict[str, Any] = delivery.payload if isinstance(delivery.payload, dict) else {}
    stored = payload.get(TLP_KEY)
    levels = [str(stored)] if stored else []
    if delivery.alert is not None and (payload.get(TLP_FROM_ALERT_KEY, True) or not stored):
        levels.append(delivery.alert.tlp)
    return max(levels, key=rank) if levels else None


def _target(recipient: Recipient, channel: RecipientChannel | str) -> tuple[str, str, Any]:
    """(channel kind, address, RecipientChannel or None) of a channel given as a row or a kind."""
    if isinstance(channel, RecipientChannel):
        if channel.recipient_id != recipient.pk:
            raise BadInput(f"channel {channel} does not belong to {recipient}", field="channel")
        if not channel.active:
            raise BadInput(f"channel {channel} is inactive", field="channel")
        return channel.kind, channel.address, channel
    if channel != ChannelKind.EMAIL:
        raise BadInput("give a webhook as its RecipientChannel row", field="channel")
    return ChannelKind.EMAIL, recipient.email, None


def _insert(fields: dict[str, Any]) -> Delivery:
    """Create the pending row, then give it its key (which carries the row's id)."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        delivery = Delivery.objects.create(
            **fields,
            idempotency_key=f"pending-{token}",
            status=DeliveryStatus.PENDING,
            max_attempts=max_attempts(),
            next_attempt_at=timezone.now(),
        )
        delivery.idempotency_key = _idempotency_key(
            delivery.kind, delivery.channel, delivery.pk, token
        )
        delivery.save(update_fields=["idempotency_key"])
    return delivery


def enqueue(
    kind: str,
    recipient: Recipient,
    channel: RecipientChannel | str,
    subject: str,
    payload: dict[str, Any],
    *,
    alert: Alert | None = None,
    actor: User | AnonymousUser | None = None,
    language: str = "en",
    dedupe_key: str | None = None,
    tlp: str | None = None,
) -> Delivery:
    """Write a pending delivery in the caller's transaction and send it after the commit.

    ``channel`` is a :class:`RecipientChannel` of the recipient, or ``"email"`` for the
    recipient's main address. ``tlp`` defaults to the alert's level; a level above the
    recipient's ``max_tlp`` raises :class:`NotAllowed` whatever the channel. With a
    ``dedupe_key`` that was used before, the existing delivery is returned and nothing is queued.
    """
    if kind not in DeliveryKind.values:
        raise BadInput(f"unknown delivery kind {kind!r}", field="kind")
    level = tlp or (alert.tlp if alert is not None else None)
    check_tlp(recipient, level)
    channel_kind, address, channel_row = _target(recipient, channel)
    if dedupe_key is not None:
        existing = Delivery.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    data = dict(payload)
    if level:
        data[TLP_KEY] = level
        data[TLP_FROM_ALERT_KEY] = tlp is None
    user = actor if isinstance(actor, User) else None
    fields: dict[str, Any] = {
        "kind": kind,
        "alert": alert,
        "alert_version": alert.versions.count() if alert is not None else None,
        "recipient": recipient,
        "recipient_channel": channel_row,
        "channel": channel_kind,
        "address": address,
        "dedupe_key": dedupe_key,
        "subject": subject[:400],
        "payload": data,
        "language": language,
        "requested_by": user,
    }
    try:
        delivery = _insert(fields)
    except IntegrityError:
        if dedupe_key is None:
            raise
        return Delivery.objects.get(dedupe_key=dedupe_key)
    record(
        user,
        "create",
        delivery,
        f"{kind} to {address} queued ({channel_kind})",
        {"key": delivery.idempotency_key, "tlp": level, "recipient": recipient.pk},
    )
    schedule(delivery.pk)
    return delivery


def schedule(delivery_id: int) -> None:
    """Enqueue the send task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _enqueue_task(delivery_id))


def _enqueue_task(delivery_id: int) -> None:
    from cdnet.dispatch.worker import deliver

    try:
        deliver.enqueue(delivery_id)
    except Exception:  # the worker's poll finds the row anyway
        log.exception("could not enqueue the send task of delivery %s", delivery_id)
