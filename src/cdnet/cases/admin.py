"""Findings and alerts in the admin; review decisions and events are read-only (append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cdnet.cases.models import Alert, AlertEvent, Dataset, Finding, ReviewDecision, Technique
from cdnet.web.admin_base import ModelAdmin


class AppendOnly(ModelAdmin):
    """Rows that record decisions: shown, never edited or deleted."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Finding)
class FindingAdmin(ModelAdmin):
    list_display = ("detector", "subject", "score", "created_at")
    list_filter = ("detector",)
    search_fields = ("subject", "explanation")


@admin.register(Alert)
class AlertAdmin(ModelAdmin):
    list_display = ("title", "tlp", "state", "organisation", "created_at")
    list_filter = ("state", "tlp")
    readonly_fields = ("state",)  # states change only through the review workflow


admin.site.register(Dataset)
admin.site.register(Technique)
admin.site.register(ReviewDecision, AppendOnly)
admin.site.register(AlertEvent, AppendOnly)
