"""One search document per finding, evidence item, case and alert.

The text index is engine-specific and lives outside the model (see migration 0002): an FTS5
table ``search_fts`` kept in sync by triggers on SQLite, a generated ``tsvector`` column with a
GIN index on PostgreSQL. ``platform``, ``country`` and ``techniques`` hold several values,
space-separated and padded with a space at both ends (``" telegram x "``), so that a filter is a
plain ``contains`` on both engines.
"""

from __future__ import annotations

from django.db import models

from cdnet.cases.models import Tlp


class Kind(models.TextChoices):
    FINDING = "finding", "Finding"
    EVIDENCE = "evidence", "Evidence"
    CASE = "case", "Case"
    ALERT = "alert", "Alert"


class SearchDocument(models.Model):
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    platform = models.CharField(max_length=500, blank=True, help_text="' a b ', lower case")
    country = models.CharField(max_length=500, blank=True, help_text="' FR DE ', ISO alpha-2")
    techniques = models.TextField(blank=True, help_text="' DISARM:T0049 DISARM:T0149.003 '")
    state = models.CharField(max_length=20, blank=True, help_text="Alert or case state")
    date = models.DateTimeField(help_text="Created (captured, for evidence)")
    tlp = models.CharField(max_length=12, choices=Tlp.choices)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]
        indexes = [models.Index(fields=["kind", "date"], name="search_kind_date")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
