"""Evidence items: captured pages and uploaded files, hashed, immutable, versioned."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from cdnet.cases.models import Alert, Case, Finding, Tlp
from cdnet.errors import InvalidTransition


class ImmutableEvidence(InvalidTransition):
    """An attempt to change or delete stored evidence."""


class InsertOnly(models.Model):
    """Rows that are inserted, never updated or deleted (a correction is a new item)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableEvidence(f"{type(self).__name__} {self.pk} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableEvidence(f"{type(self).__name__} {self.pk} cannot be deleted")


class EvidenceKind(models.TextChoices):
    URL_CAPTURE = "url_capture", "Captured web page"
    UPLOAD = "upload", "Uploaded file"


class EvidenceItem(InsertOnly):
    """One piece of evidence. Never edited: a correction is a new item that supersedes it."""

    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=2000, blank=True)
    original_name = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the primary file")
    size = models.PositiveBigIntegerField(help_text="Bytes of the primary file")
    mime_type = models.CharField(max_length=120)
    captured_at = models.DateTimeField()
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_captured"
    )
    extracted_text = models.TextField(blank=True)
    metadata = models.JSONField(
        default=dict, blank=True, help_text="Capture metadata: status, final URL, headers, …"
    )
    tlp = models.CharField(max_length=12, choices=Tlp.choices, default=Tlp.AMBER)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-captured_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version}, {self.sha256[:12]}…)"


class FileRole(models.TextChoices):
    PRIMARY = "primary", "Primary (the page body or the uploaded file)"
    WARC = "warc", "WARC record of the capture"
    TEXT = "text", "Extracted text"
    SCREENSHOT = "screenshot", "Screenshot"


class EvidenceFile(InsertOnly):
    """A stored file of an evidence item; path is relative to the evidence store."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="files")
    role = models.CharField(max_length=12, choices=FileRole.choices)
    path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    mime_type = models.CharField(max_length=120)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "role"], name="one_file_per_role")]
