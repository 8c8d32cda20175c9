"""Capacity building: workshops, presentations and trainings (DISARM trainings included)."""

from __future__ import annotations

from django.db import models

from cdnet.impact.models.common import Reportable
from cdnet.network.models import Organisation


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    PRESENTATION = "presentation", "Presentation"
    TRAINING = "training", "Training"


class Event(Reportable):
    """A workshop, presentation or training with its participants."""

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=300)
    held_on = models.DateField()
    country = models.CharField(max_length=2, blank=True, help_text="Empty = online")
    disarm = models.BooleanField(default=False, help_text="A training on the DISARM framework")
    participants = models.PositiveIntegerField(default=0, help_text="People who took part")
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="events", help_text="Member organisations present"
    )
    external_organisations = models.JSONField(
        default=list, blank=True, help_text="Names of participating organisations outside it"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.held_on})"
