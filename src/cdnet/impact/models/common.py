"""Fields every record of the yearly report carries: who recorded it, its TLP, publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cdnet.cases.models import Tlp
from cdnet.network.models import Organisation


class Reportable(models.Model):
    """A record the yearly report counts.

    The public report holds a record only when it is TLP:CLEAR or a coordinator approved it for
    publication (``approved_for_publication``, with who and when)."""

    tlp = models.CharField(max_length=12, choices=Tlp.choices, default=Tlp.GREEN)
    approved_for_publication = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member organisation that recorded it",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.tlp == Tlp.CLEAR or self.approved_for_publication
