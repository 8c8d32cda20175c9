"""Deliveries and their attempts are records of what was sent: read-only in the admin."""

from __future__ import annotations

from django.contrib import admin

from cdnet.cases.admin import AppendOnly
from cdnet.dispatch.models import Delivery, DeliveryAttempt

admin.site.register(Delivery, AppendOnly)
admin.site.register(DeliveryAttempt, AppendOnly)
