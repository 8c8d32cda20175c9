"""Findings and alerts in the admin: read-only (content changes go through the workflow, which
keeps versions and the audit log) and filtered by TLP like every other read path."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cdnet.cases.models import (
    Alert,
    AlertEvent,
    Case,
    Dataset,
    Finding,
    FindingReview,
    ReviewDecision,
    Technique,
)
from cdnet.cases.visibility import visible_alerts, visible_cases, visible_findings
from cdnet.web.admin_base import ModelAdmin


class ReadOnly(ModelAdmin):
    """Shown, never added, edited or deleted here."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class AlertChildAdmin(ReadOnly):
    """Rows that belong to an alert: visible when the alert is."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(alert__in=visible_alerts(request.user))


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ("detector", "subject", "score", "tlp", "created_at")
    list_filter = ("detector", "tlp")
    search_fields = ("subject", "explanation")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Finding]:
        return visible_findings(request.user, super().get_queryset(request))


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    list_display = ("title", "tlp", "state", "organisation", "created_at")
    list_filter = ("state", "tlp")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alert]:
        return visible_alerts(request.user, super().get_queryset(request))


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("title", "tlp", "state", "lead_organisation", "claimed_by", "updated_at")
    list_filter = ("state", "tlp")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return visible_cases(request.user, super().get_queryset(request))


admin.site.register(Dataset, ReadOnly)
admin.site.register(FindingReview, ReadOnly)
admin.site.register(Technique)
admin.site.register(ReviewDecision, AlertChildAdmin)
admin.site.register(AlertEvent, AlertChildAdmin)
