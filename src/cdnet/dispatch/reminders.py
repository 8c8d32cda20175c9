"""Reminders: ``reminder`` deliveries when nothing came back.

- An RRS flag still ``sent`` gets one reminder when three quarters of the time to its
  acknowledgement deadline have passed; an open flag gets one more when three quarters of the time
  to its action deadline have passed. ``RrsFlag.reminders_sent`` counts them.
- Any other sent delivery (alert, DSA notice) without an acknowledgement gets one reminder
  ``settings.CDNET_ACK_REMIND_AFTER_DAYS`` (default 3) days after it was sent.

Each reminder carries the acknowledgement link of the original message, and its ``dedupe_key``
makes sure it is queued only once however often the periodic job runs.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from cdnet.dispatch.acks import ack_url, queue_message
from cdnet.dispatch.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    FlagStatus,
    RrsFlag,
)
from cdnet.dispatch.rendering import RenderedMessage, register_renderer

REMIND_AT = 0.75
DEFAULT_REMIND_AFTER_DAYS = 3


def remind_after() -> dt.timedelta:
    days = getattr(settings, "CDNET_ACK_REMIND_AFTER_DAYS", DEFAULT_REMIND_AFTER_DAYS)
    return dt.timedelta(days=int(days))


def _due(start: dt.datetime | None, deadline: dt.datetime | None, now: dt.datetime) -> bool:
    if start is None or deadline is None or now >= deadline:
        return False
    return now >= start + (deadline - start) * REMIND_AT


def _queue(original: Delivery, stage: str, deadline: dt.datetime | None) -> Delivery | None:
    """Queue one reminder about ``original``; None if this reminder was queued before."""
    key = f"reminder:{original.pk}:{stage}"
    if Delivery.objects.filter(dedupe_key=key).exists():
        return None
    reminder = queue_message(
        DeliveryKind.REMINDER,
        original.recipient,
        f"Reminder: {original.subject}"[:400],
        {
            "delivery_id": original.pk,
            "stage": stage,
            "deadline": deadline.isoformat() if deadline else None,
        },
        alert=original.alert,
        actor=None,
        dedupe_key=key,
        tlp=original.alert.tlp if original.alert else None,
    )
    return reminder


def remind_flags(now: dt.datetime) -> int:
    """Periodic job: reminders before an RRS flag's deadlines."""
    queued = 0
    flags = RrsFlag.objects.filter(
        status__in=(FlagStatus.SENT, FlagStatus.ACKNOWLEDGED), delivery__isnull=False
    ).select_related("delivery", "delivery__recipient", "delivery__alert")
    for flag in flags:
        assert flag.delivery is not None  # noqa: S101 - filtered above
        stages = []
        if flag.status == FlagStatus.SENT and _due(flag.sent_at, flag.ack_deadline, now):
            stages.append(("ack", flag.ack_deadline))
        if _due(flag.sent_at, flag.action_deadline, now):
            stages.append(("action", flag.action_deadline))
        for stage, deadline in stages:
            with transaction.atomic():
                if _queue(flag.delivery, stage, deadline) is not None:
                    RrsFlag.objects.filter(pk=flag.pk).update(
                        reminders_sent=F("reminders_sent") + 1
                    )
                    queued += 1
    return queued


def remind_unacknowledged(now: dt.datetime) -> int:
    """Periodic job: one reminder for a sent alert or notice nobody acknowledged in time."""
    due = Delivery.objects.filter(
        kind__in=(DeliveryKind.ALERT, DeliveryKind.DSA_NOTICE),
        status=DeliveryStatus.SENT,
        sent_at__lte=now - remind_after(),
        acks__isnull=True,
    ).select_related("recipient", "alert")
    queued = 0
    for delivery in due:
        notice = getattr(delivery, "dsa_notice", None)
        if notice is not None and (notice.acknowledged_at or notice.decided_at):
            continue
        with transaction.atomic():
            if _queue(delivery, "unacknowledged", None) is not None:
                queued += 1
    return queued


def reminder_data(delivery: Delivery) -> dict[str, object]:
    original = Delivery.objects.select_related("alert").get(pk=delivery.payload["delivery_id"])
    return {
        "type": "reminder",
        "about_delivery": original.pk,
        "about_kind": original.kind,
        "subject": original.subject,
        "stage": delivery.payload.get("stage", ""),
        "deadline": delivery.payload.get("deadline"),
        "sent_at": original.sent_at.isoformat() if original.sent_at else None,
        "tlp": original.alert.tlp if original.alert else None,
        "ack_url": ack_url(original),
    }


def render_reminder(delivery: Delivery) -> RenderedMessage:
    data = reminder_data(delivery)
    return RenderedMessage(
        subject=delivery.subject,
        text=render_to_string("dispatch/reminder.txt", {"data": data}),
        html=render_to_string("dispatch/reminder.html", {"data": data}),
        data=data,
    )


register_renderer(DeliveryKind.REMINDER, render_reminder)
