"""Findings, datasets, alerts and their append-only review history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cdnet.network.models import Organisation


class Technique(models.Model):
    """A technique id qualified by its framework: DISARM's T0### ids collide with ATT&CK for ICS."""

    framework = models.CharField(max_length=20, default="DISARM")
    external_id = models.CharField(max_length=20)
    name = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "external_id"], name="technique_unique")
        ]

    def __str__(self) -> str:
        return f"{self.qualified_id} {self.name}".strip()

    @property
    def qualified_id(self) -> str:
        return f"{self.framework}:{self.external_id}"


class Dataset(models.Model):
    """Canonical tables (Parquet) under the data directory, with their provenance."""

    name = models.CharField(max_length=200)
    path = models.CharField(max_length=500, help_text="Folder of <table>.parquet files")
    source = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """One result of a detector (or entered by hand), exactly as `cdnet detect` printed it."""

    detector = models.CharField(max_length=60)
    subject = models.CharField(max_length=500, help_text="What the finding is about")
    score = models.FloatField()
    explanation = models.TextField()
    payload = models.JSONField(default=dict, help_text="The full finding record")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="findings")
    dataset = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    source = models.CharField(max_length=500, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.detector}: {self.subject}"


class Tlp(models.TextChoices):
    CLEAR = "CLEAR", "TLP:CLEAR"
    GREEN = "GREEN", "TLP:GREEN"
    AMBER = "AMBER", "TLP:AMBER"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT"
    RED = "RED", "TLP:RED"


class AlertState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Alert(models.Model):
    title = models.CharField(max_length=300)
    summary = models.TextField(help_text="Markdown")
    tlp = models.CharField(max_length=12, choices=Tlp.choices, default=Tlp.AMBER)
    state = models.CharField(max_length=20, choices=AlertState.choices, default=AlertState.DRAFT)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts_created"
    )
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="alerts_authored")
    findings = models.ManyToManyField(Finding, blank=True, related_name="alerts")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="alerts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"


class ReviewDecision(models.Model):
    """A reviewer's decision. Appended, never edited."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]


class AlertEvent(models.Model):
    """A state transition of an alert (who, when, from, to). Appended, never edited."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
