from __future__ import annotations

from django.contrib import admin

from cdnet.impact.models import Outcome
from cdnet.web.admin_base import ModelAdmin


@admin.register(Outcome)
class OutcomeAdmin(ModelAdmin):
    list_display = ("alert", "kind", "occurred_on", "recorded_by")
    list_filter = ("kind",)
