"""The outbox: every outgoing message is a Delivery row, written in the same transaction as the
decision to send and before the send; every attempt, acknowledgement and status change is a new
row. Also the Rapid Response System flags and the DSA Article 16 notices that travel through it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cdnet.cases.models import Alert, Finding
from cdnet.network.models import Recipient, RecipientChannel


class DeliveryKind(models.TextChoices):
    ALERT = "alert", "Alert"
    RRS_FLAG = "rrs_flag", "Rapid Response System flag"
    DSA_NOTICE = "dsa_notice", "DSA Article 16 notice"
    REMINDER = "reminder", "Reminder"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Failed, will retry"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One message to one recipient over one channel."""

    kind = models.CharField(max_length=12, choices=DeliveryKind.choices, default=DeliveryKind.ALERT)
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    alert_version = models.PositiveIntegerField(null=True, blank=True)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="deliveries")
    recipient_channel = models.ForeignKey(
        RecipientChannel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=20, default="email")
    address = models.CharField(max_length=500)
    idempotency_key = models.CharField(
        max_length=200, unique=True, help_text="The e-mail Message-ID or the webhook key"
    )
    dedupe_key = models.CharField(
        max_length=200, unique=True, null=True, blank=True, help_text="One such message only"
    )
    subject = models.CharField(max_length=400)
    payload = models.JSONField(default=dict, blank=True, help_text="What the renderer needs")
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=6)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} → {self.address} ({self.status})"

    @property
    def message_id(self) -> str:
        """The e-mail Message-ID (the idempotency key of e-mail deliveries)."""
        return self.idempotency_key


class DeliveryAttempt(models.Model):
    """One try to send a delivery; appended, never edited after it finished."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    error = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["started_at", "id"]


class AckStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ACTING = "acting", "Acting on it"


class DeliveryAck(models.Model):
    """A recipient's acknowledgement through the signed link in the message. Appended."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="acks")
    status = models.CharField(max_length=10, choices=AckStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class Election(models.Model):
    """A simple election table until the shipped calendar (#8) replaces it."""

    election_id = models.CharField(max_length=40, unique=True, help_text="<cc>-<polling day>")
    country = models.CharField(max_length=2)
    polling_day = models.DateField()
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["polling_day"]

    def __str__(self) -> str:
        return self.name or self.election_id


class Urgency(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class FlagStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTIONED = "actioned", "Actioned"
    DECLINED = "declined", "Declined"
    NO_REPLY = "no_reply", "No reply"


class RrsFlag(models.Model):
    """A Rapid Response System flag: one per platform for an alert that touches an election."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="rrs_flags")
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="rrs_flags")
    platform = models.CharField(max_length=40)
    country = models.CharField(max_length=2)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.HIGH)
    urls = models.JSONField(default=list)
    ttps = models.JSONField(default=list, help_text="DISARM technique ids")
    policy = models.CharField(max_length=300, help_text="The platform policy concerned")
    contact_person = models.CharField(max_length=200)
    contact_email = models.EmailField()
    status = models.CharField(max_length=14, choices=FlagStatus.choices, default=FlagStatus.SENT)
    delivery = models.OneToOneField(
        Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="rrs_flag"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    ack_deadline = models.DateTimeField(null=True, blank=True)
    action_deadline = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "election", "platform"], name="one_flag_per_platform"
            )
        ]


class RrsFlagEvent(models.Model):
    """A status change of a flag (who, when, from, to, note). Appended."""

    flag = models.ForeignKey(RrsFlag, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class NoticeOutcome(models.TextChoices):
    NONE = "", "No answer yet"
    REMOVED = "removed", "Removed"
    DISABLED = "disabled", "Disabled"
    DEMOTED = "demoted", "Demoted"
    LABELLED = "labelled", "Labelled"
    GEO_RESTRICTED = "geo_restricted", "Geo-restricted"
    NO_ACTION = "no_action", "No action"


class DsaNotice(models.Model):
    """A DSA Article 16 notice of content a member considers illegal, and the platform's answer.

    Exported as the canonical ``notices`` table (FORMATS.md) for the notice-and-action audit."""

    platform = models.CharField(max_length=40)
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="dsa_notices"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="dsa_notices"
    )
    urls = models.JSONField(help_text="The exact URLs of the content")
    explanation = models.TextField(help_text="Why the content is considered illegal")
    legal_ground = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=80, blank=True, help_text="DSA statement category")
    notifier_name = models.CharField(max_length=200)
    notifier_email = models.EmailField()
    notifier_organisation = models.CharField(max_length=200, blank=True)
    good_faith = models.BooleanField(default=False, help_text="The Article 16(2)(d) statement")
    mechanism = models.CharField(max_length=20, default="art16")
    delivery = models.OneToOneField(
        Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="dsa_notice"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=20, choices=NoticeOutcome.choices, default=NoticeOutcome.NONE, blank=True
    )
    statement_id = models.CharField(
        max_length=100, blank=True, help_text="DSA Transparency Database statement of reasons id"
    )
    answer = models.TextField(blank=True, help_text="The platform's answer, as received")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
