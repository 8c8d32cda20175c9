"""Findings, datasets, alerts and their append-only review history."""

from __future__ import annotations

from typing import Any

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
    """Canonical tables (Parquet) under the data directory, with their provenance.

    Deleting a dataset removes its files but keeps this row as a tombstone (``deleted_at``,
    ``deleted_by``), so the provenance of the findings derived from it stays readable.
    """

    name = models.CharField(max_length=200)
    path = models.CharField(max_length=500, help_text="Folder of <table>.parquet files")
    source = models.CharField(max_length=500, blank=True, help_text="The uploaded file's name")
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the uploaded file")
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes of the uploaded file")
    format = models.CharField(max_length=40, blank=True, help_text="Format asked for at ingest")
    on_error = models.CharField(max_length=10, default="stop", help_text="stop or skip")
    rows = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    table_rows = models.JSONField(default=dict, blank=True, help_text="Rows written per table")
    warnings = models.JSONField(default=list, blank=True)
    stats = models.JSONField(default=dict, blank=True, help_text="Column statistics per table")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="datasets"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Tlp(models.TextChoices):
    CLEAR = "CLEAR", "TLP:CLEAR"
    GREEN = "GREEN", "TLP:GREEN"
    AMBER = "AMBER", "TLP:AMBER"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT"
    RED = "RED", "TLP:RED"


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
    dataset_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the dataset this finding came from was deleted"
    )
    source = models.CharField(max_length=500, blank=True)
    platform = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(max_length=12, blank=True)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    tlp = models.CharField(max_length=12, choices=Tlp.choices, default=Tlp.AMBER)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    fingerprint = models.CharField(max_length=64, unique=True)
    approved_for_publication = models.BooleanField(
        default=False, help_text="A coordinator approved it for the public yearly report"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.detector}: {self.subject}"


class SubjectKind(models.TextChoices):
    POST = "post", "Post"
    CHANNEL = "channel", "Channel"
    ACCOUNT = "account", "Account"
    AD = "ad", "Ad"
    DOMAIN = "domain", "Domain"
    IMAGE = "image", "Image"


class FindingSubject(models.Model):
    """What a finding is about: a post, channel, account, ad, domain or image."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    value = models.CharField(max_length=500)
    platform = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="subject_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "kind", "value", "platform"], name="subject_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class CaseState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """An investigation: findings and evidence, a lead organisation, participating members."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Markdown")
    tlp = models.CharField(max_length=12, choices=Tlp.choices, default=Tlp.AMBER)
    state = models.CharField(max_length=10, choices=CaseState.choices, default=CaseState.OPEN)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases_led"
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cases")
    findings = models.ManyToManyField(Finding, blank=True, related_name="cases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_created"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_claimed",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done", "created_at", "id"]


class CaseComment(models.Model):
    """A comment on a case; ``@username`` mentions are resolved to members."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class SuggestionState(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class CaseSuggestion(models.Model):
    """A new finding whose subjects match an open case, offered to that case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suggestions")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="suggestions")
    matched_on = models.CharField(max_length=600, help_text="The shared subjects")
    state = models.CharField(
        max_length=10, choices=SuggestionState.choices, default=SuggestionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "finding"], name="one_suggestion_per_pair")
        ]


class AlertState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Pap(models.TextChoices):
    """Permissible Actions Protocol: what recipients may do with the information."""

    CLEAR = "CLEAR", "PAP:CLEAR"
    GREEN = "GREEN", "PAP:GREEN"
    AMBER = "AMBER", "PAP:AMBER"
    RED = "RED", "PAP:RED"


class Attribution(models.TextChoices):
    """EEAS FIMI exposure categories."""

    NONE = "", "Not attributed"
    OFFICIAL = "official_state_channel", "Official state channel"
    CONTROLLED = "state_controlled", "State-controlled"
    LINKED = "state_linked", "State-linked"
    ALIGNED = "state_aligned", "State-aligned"


class Confidence(models.TextChoices):
    NONE = "", "—"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Alert(models.Model):
    title = models.CharField(max_length=300)
    summary = models.TextField(help_text="Markdown")
    what_happened = models.TextField(blank=True, help_text="Markdown")
    tlp = models.CharField(max_length=12, choices=Tlp.choices, default=Tlp.AMBER)
    pap = models.CharField(max_length=6, choices=Pap.choices, default=Pap.AMBER)
    state = models.CharField(max_length=20, choices=AlertState.choices, default=AlertState.DRAFT)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    target_countries = models.JSONField(default=list, blank=True)
    target_elections = models.JSONField(default=list, blank=True)
    target_organisations = models.JSONField(default=list, blank=True)
    platforms = models.JSONField(default=list, blank=True)
    actor = models.CharField(max_length=300, blank=True)
    attribution = models.CharField(
        max_length=30, choices=Attribution.choices, default=Attribution.NONE, blank=True
    )
    attribution_confidence = models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.NONE, blank=True
    )
    recommended_actions = models.TextField(blank=True, help_text="Markdown")
    legally_sensitive = models.BooleanField(default=False)
    required_approvals = models.PositiveSmallIntegerField(default=1)
    red_readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="red_alerts",
        help_text="The named people who may read a TLP:RED alert besides its authors",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts_created"
    )
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="alerts_authored")
    findings = models.ManyToManyField(Finding, blank=True, related_name="alerts")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="alerts")
    counters = models.ManyToManyField(Technique, blank=True, related_name="alerts_countering")
    approved_for_publication = models.BooleanField(
        default=False, help_text="A coordinator approved it for the public yearly report"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AlertVersion(models.Model):
    """The alert's content as it stood after each revision. Appended, never edited."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "number"], name="alert_version_unique")
        ]


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


class Verdict(models.TextChoices):
    CONFIRM = "confirm", "Confirm"
    REJECT = "reject", "Reject"


class FindingReview(models.Model):
    """A member's decision on a detector's finding (the review queue). Appended, never edited:
    the latest decision is the finding's state; the earlier ones stay as its history."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=Verdict.choices)
    label = models.CharField(
        max_length=10, blank=True, help_text="Confirmed ads: political or issue (a training label)"
    )
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["finding", "at"], name="finding_review_latest")]

    def __str__(self) -> str:
        return f"{self.decision} finding {self.finding_id} by {self.by_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: a decision, once written, is never changed (a new one supersedes it)."""
        if not self._state.adding:
            raise ValueError("a review decision is never changed: record a new one")
        super().save(*args, **kwargs)
