"""The audit log: append-only, each entry hash-chained to the one before it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Create"
    CHANGE = "change", "Change"
    TRANSITION = "transition", "State transition"
    EXPORT = "export", "Export"
    VIEW = "view", "View (of a TLP:RED item)"
    DOWNLOAD = "download", "Download"


class AuditEntry(models.Model):
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        when = self.at.strftime("%Y-%m-%d %H:%M:%S")
        target = f"{self.object_type}:{self.object_id}"
        return f"#{self.pk} {when} {self.actor_name} {self.action} {target}"


class AuditHead(models.Model):
    """One row locked while appending, so concurrent writers extend the chain one at a time."""

    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)
