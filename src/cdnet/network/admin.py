"""Coordinators manage the network in Django's admin."""

from __future__ import annotations

from django.contrib import admin

from cdnet.network.models import ApiToken, Member, Organisation, Recipient
from cdnet.web.admin_base import ModelAdmin


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ("name", "short_name", "country", "created_at")
    search_fields = ("name", "short_name")


@admin.register(Member)
class MemberAdmin(ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation")


@admin.register(Recipient)
class RecipientAdmin(ModelAdmin):
    list_display = ("name", "category", "email", "country", "active")
    list_filter = ("category", "active")


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "user", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        return False  # tokens are created with `cdnet token create`, which shows the secret once
