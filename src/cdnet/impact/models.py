"""What came of an alert: outcomes recorded by members."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cdnet.cases.models import Alert


class OutcomeKind(models.TextChoices):
    REMOVED = "removed", "Removed / taken down"
    GEO_RESTRICTED = "geo_restricted", "Geo-restricted"
    LABELLED = "labelled", "Labelled"
    AD_REMOVED = "ad_removed", "Ad removed"
    ACCOUNT_SUSPENDED = "account_suspended", "Account suspended"
    DEMONETISED = "demonetised", "Demonetised"
    REINSTATED = "reinstated", "Reinstated"
    NO_ACTION = "no_action", "No action"


class Outcome(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    occurred_on = models.DateField()
    note = models.TextField(blank=True)
    evidence_url = models.URLField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
