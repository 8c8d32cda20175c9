"""Impact records in the admin: read-only for coordinators (records are made and corrected
through the services, which check them and keep the audit log) and filtered by TLP."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cdnet.cases.admin import ReadOnly
from cdnet.impact.models import (
    Briefing,
    Event,
    EvidenceSubmission,
    Introduction,
    Meeting,
    Outcome,
    PressArticle,
)
from cdnet.impact.visibility import visible_records

COMMON = ("tlp", "approved_for_publication", "organisation", "recorded_by")
FILTERS = ("tlp", "approved_for_publication")


class ImpactAdmin(ReadOnly):
    """Shown to staff as TLP lets them read; never added, edited or deleted here."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return visible_records(request.user, super().get_queryset(request))


@admin.register(Outcome)
class OutcomeAdmin(ImpactAdmin):
    list_display = ("alert", "kind", "subject", "platform", "occurred_on", "source", *COMMON)
    list_filter = ("kind", "source", "tlp", "approved_for_publication")
    search_fields = ("subject", "note", "statement_id")


@admin.register(Meeting)
class MeetingAdmin(ImpactAdmin):
    list_display = ("institution", "country", "held_on", "topic", *COMMON)
    list_filter = FILTERS
    search_fields = ("institution", "topic")


@admin.register(EvidenceSubmission)
class EvidenceSubmissionAdmin(ImpactAdmin):
    list_display = ("authority", "inquiry", "submitted_on", *COMMON)
    list_filter = FILTERS


@admin.register(PressArticle)
class PressArticleAdmin(ImpactAdmin):
    list_display = ("outlet", "title", "published_on", "language", "estimated_readers", *COMMON)
    list_filter = FILTERS
    search_fields = ("outlet", "title", "url")


@admin.register(Briefing)
class BriefingAdmin(ImpactAdmin):
    list_display = ("title", "election_id", "given_on", "audience", *COMMON)
    list_filter = FILTERS


@admin.register(Introduction)
class IntroductionAdmin(ImpactAdmin):
    list_display = ("member_organisation", "institution", "made_on", *COMMON)
    list_filter = FILTERS


@admin.register(Event)
class EventAdmin(ImpactAdmin):
    list_display = ("kind", "title", "held_on", "disarm", "participants", *COMMON)
    list_filter = ("kind", "disarm", "tlp", "approved_for_publication")
