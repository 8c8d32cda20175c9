"""Deliveries of alerts to recipients. A delivery row is written before the send and updated
after; every attempt is appended."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cdnet.cases.models import Alert
from cdnet.network.models import Recipient


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="deliveries")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=20, default="email")
    address = models.CharField(max_length=300)
    message_id = models.CharField(max_length=200, unique=True, help_text="Idempotency key")
    subject = models.CharField(max_length=400)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    last_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "recipient", "channel"], name="one_delivery_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"alert {self.alert_id} → {self.address} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try to send a delivery; appended, never edited after it finished."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    error = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["started_at", "id"]
