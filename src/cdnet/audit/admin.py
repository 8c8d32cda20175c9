"""The audit log in the admin: readable, never added to, changed or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from cdnet.audit.models import AuditEntry, AuditHead
from cdnet.web.admin_base import ModelAdmin


class ReadOnly(ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("id", "at", "actor_name", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("object_type", "object_id", "actor_name", "summary")
    date_hierarchy = "at"


@admin.register(AuditHead)
class AuditHeadAdmin(ReadOnly):
    list_display = ("id", "count", "last_hash")
