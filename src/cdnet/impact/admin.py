from __future__ import annotations

from django.contrib import admin

from cdnet.cases.admin import AlertChildAdmin
from cdnet.impact.models import Outcome


@admin.register(Outcome)
class OutcomeAdmin(AlertChildAdmin):
    list_display = ("alert", "kind", "occurred_on", "recorded_by")
    list_filter = ("kind",)
