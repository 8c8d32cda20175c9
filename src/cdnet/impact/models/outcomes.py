"""What came of an alert: outcomes recorded by members, per alert and per subject."""

from __future__ import annotations

from django.db import models

from cdnet.cases.models import Alert, Technique
from cdnet.evidence.models import EvidenceItem
from cdnet.impact.models.common import Reportable


class OutcomeKind(models.TextChoices):
    REMOVED = "removed", "Removed / taken down"
    GEO_RESTRICTED = "geo_restricted", "Geo-restricted"
    LABELLED = "labelled", "Labelled"
    AD_REMOVED = "ad_removed", "Ad removed"
    ACCOUNT_SUSPENDED = "account_suspended", "Account suspended"
    DEMONETISED = "demonetised", "Demonetised"
    REINSTATED = "reinstated", "Reinstated"
    NO_ACTION = "no_action", "No action"


class OutcomeSource(models.TextChoices):
    """Who reported the outcome."""

    PLATFORM = "platform", "The platform's answer"
    MEMBER = "member", "A member's observation"
    RECHECK = "recheck", "A re-check by cdnet, confirmed by a member"
    AUTHORITY = "authority", "An authority"
    PRESS = "press", "Press coverage"
    DSA_DATABASE = "dsa_database", "DSA Transparency Database"


class Outcome(Reportable):
    """One outcome, appended: a later change (e.g. reinstated) is a new row, never an edit."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    subject = models.CharField(
        max_length=2000, blank=True, help_text="The URL, account or domain concerned; empty = alert"
    )
    platform = models.CharField(max_length=40, blank=True)
    countries = models.JSONField(
        default=list, blank=True, help_text="ISO codes where the content is geo-restricted"
    )
    source = models.CharField(
        max_length=20, choices=OutcomeSource.choices, default=OutcomeSource.MEMBER
    )
    occurred_on = models.DateField()
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=2000, blank=True)
    evidence = models.ManyToManyField(EvidenceItem, blank=True, related_name="outcomes")
    counters = models.ManyToManyField(
        Technique, blank=True, related_name="outcomes", help_text="DISARM Blue counters"
    )
    statement_id = models.CharField(
        max_length=100, blank=True, help_text="DSA Transparency Database statement of reasons id"
    )

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
