"""Advocacy and reach: meetings, evidence submitted, press, briefings, introductions."""

from __future__ import annotations

from django.db import models

from cdnet.cases.models import Alert
from cdnet.impact.models.common import Reportable
from cdnet.network.models import Organisation


class Meeting(Reportable):
    """A meeting with officials of an institution."""

    institution = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True, help_text="ISO code; empty = EU level")
    held_on = models.DateField()
    topic = models.CharField(max_length=500)
    officials = models.TextField(blank=True, help_text="Who attended for the institution")
    alerts = models.ManyToManyField(Alert, blank=True, related_name="meetings")
    participants = models.ManyToManyField(
        Organisation, blank=True, related_name="meetings", help_text="Member organisations present"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.institution} on {self.held_on}"


class EvidenceSubmission(Reportable):
    """Evidence handed to an authority or a parliamentary inquiry."""

    authority = models.CharField(max_length=300)
    inquiry = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True)
    submitted_on = models.DateField()
    description = models.TextField(blank=True)
    alerts = models.ManyToManyField(Alert, blank=True, related_name="evidence_submissions")

    class Meta:
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.authority} on {self.submitted_on}"


class PressArticle(Reportable):
    """Press coverage of the network's work, with its estimated readership."""

    outlet = models.CharField(max_length=300)
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField()
    language = models.CharField(max_length=12, blank=True)
    country = models.CharField(max_length=2, blank=True)
    estimated_readers = models.PositiveBigIntegerField(null=True, blank=True)
    alerts = models.ManyToManyField(Alert, blank=True, related_name="press_articles")

    class Meta:
        ordering = ["published_on", "id"]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title or self.url}"


class Briefing(Reportable):
    """An intelligence briefing given ahead of or during an election."""

    election_id = models.CharField(max_length=60, help_text="An election of the calendar")
    title = models.CharField(max_length=300)
    given_on = models.DateField()
    audience = models.CharField(max_length=300)
    alerts = models.ManyToManyField(Alert, blank=True, related_name="briefings")

    class Meta:
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.election_id})"


class Introduction(Reportable):
    """An introduction the network made between a member organisation and officials."""

    member_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="introductions"
    )
    institution = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True)
    made_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_organisation} ↔ {self.institution}"
