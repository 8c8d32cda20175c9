"""Deliveries and their attempts are records of what was sent: read-only, TLP-filtered."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cdnet.cases.admin import AlertChildAdmin, ReadOnly
from cdnet.cases.visibility import visible_alerts
from cdnet.dispatch.models import Delivery, DeliveryAttempt


class AttemptAdmin(ReadOnly):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        alerts = visible_alerts(request.user)
        return super().get_queryset(request).filter(delivery__alert__in=alerts)


admin.site.register(Delivery, AlertChildAdmin)
admin.site.register(DeliveryAttempt, AttemptAdmin)
