"""Acknowledgement links: every delivery carries a signed link with which the recipient, without
an account, says it received the message or is acting on it.

The token is ``django.core.signing.TimestampSigner`` over the delivery id with its own salt, so a
token cannot be forged without the secret key, names exactly one delivery, and expires after
``settings.CDNET_ACK_MAX_AGE_DAYS`` (default 30). Opening the link (GET) changes nothing: mail
gateways prefetch links; only the recipient's button press (POST) records an acknowledgement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert
from cdnet.dispatch.models import AckStatus, Delivery, DeliveryAck, DeliveryKind
from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.network.models import ChannelKind, Recipient, RecipientChannel

SALT = "cdnet.dispatch.ack"
DEFAULT_MAX_AGE_DAYS = 30


class AckLinkRefused(NotAllowed):
    """A forged, altered or expired acknowledgement link (HTTP 403, nothing is recorded)."""


def max_age() -> dt.timedelta:
    days = int(getattr(settings, "CDNET_ACK_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))
    return dt.timedelta(days=days)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def ack_token(delivery: Delivery) -> str:
    """A token that names this delivery, signed and timestamped now."""
    return _signer().sign(f"d{delivery.pk}")


def ack_url(delivery: Delivery) -> str:
    """The absolute acknowledgement link of a delivery, for the renderers to put in messages."""
    path = reverse("delivery_ack", args=[ack_token(delivery)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def delivery_for_token(token: str) -> Delivery:
    """The delivery a token names; :class:`AckLinkRefused` if it was forged, altered or expired."""
    try:
        value = _signer().unsign(token, max_age=max_age())
    except signing.SignatureExpired:
        raise AckLinkRefused(
            "this acknowledgement link has expired; ask the sender for a new message"
        ) from None
    except signing.BadSignature:
        raise AckLinkRefused(
            "this acknowledgement link is not valid: it was not issued by cdnet or was altered"
        ) from None
    if not value.startswith("d") or not value[1:].isdigit():
        raise AckLinkRefused("this acknowledgement link does not name a message")
    delivery = Delivery.objects.filter(pk=int(value[1:])).first()
    if delivery is None:
        raise NotFound("the message this link belongs to no longer exists")
    return delivery


def acknowledge(token: str, status: str, note: str = "") -> DeliveryAck:
    """Record the recipient's answer once; pressing the same button again changes nothing."""
    if status not in AckStatus.values:
        raise BadInput(f"status must be one of {', '.join(AckStatus.values)}", field="status")
    delivery = delivery_for_token(token)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        existing = delivery.acks.filter(status=status).first()
        if existing is not None:
            return existing
        ack = DeliveryAck.objects.create(delivery=delivery, status=status, note=note[:2000])
        record(
            None,
            "create",
            ack,
            f"{delivery.recipient.name} marked delivery {delivery.pk} {status}",
            {"delivery": delivery.pk, "status": status},
        )
        _propagate(delivery, ack.at)
    return ack


def _propagate(delivery: Delivery, at: dt.datetime) -> None:
    """An acknowledged RRS flag moves to acknowledged; a DSA notice gets its acknowledged_at."""
    if delivery.kind == DeliveryKind.RRS_FLAG:
        from cdnet.dispatch.rrs import acknowledge_from_link

        flag = getattr(delivery, "rrs_flag", None)
        if flag is not None:
            acknowledge_from_link(flag, at)
    elif delivery.kind == DeliveryKind.DSA_NOTICE:
        notice = getattr(delivery, "dsa_notice", None)
        if notice is not None and notice.acknowledged_at is None:
            notice.acknowledged_at = at
            notice.save(update_fields=["acknowledged_at"])
            record(None, "change", notice, "the platform acknowledged the notice (link)")


def latest_ack(delivery: Delivery) -> DeliveryAck | None:
    acks = list(delivery.acks.all())
    return acks[-1] if acks else None


def unacknowledged_since(delivery: Delivery, now: dt.datetime | None = None) -> dt.timedelta:
    """How long a sent delivery has gone without an answer (zero once answered or unsent)."""
    if delivery.sent_at is None or delivery.acks.exists():
        return dt.timedelta(0)
    return (now or timezone.now()) - delivery.sent_at


def channel_for(recipient: Recipient) -> RecipientChannel | str:
    """The recipient's first active webhook (structured data) if it has one, else ``email``."""
    webhook = recipient.channels.filter(kind=ChannelKind.WEBHOOK, active=True).order_by("pk")
    return webhook.first() or ChannelKind.EMAIL


def queue_message(
    kind: str,
    recipient: Recipient,
    subject: str,
    payload: dict[str, Any],
    *,
    alert: Alert | None,
    actor: User | None,
    dedupe_key: str,
    tlp: str | None,
) -> Delivery:
    """Write the outbox row in the caller's transaction; the worker sends it."""
    from cdnet.dispatch.outbox import enqueue

    return enqueue(
        kind,
        recipient,
        channel_for(recipient),
        subject,
        payload,
        alert=alert,
        actor=actor,
        language=(recipient.languages or ["en"])[0],
        dedupe_key=dedupe_key,
        tlp=tlp,
    )
