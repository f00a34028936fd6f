from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from concord.accounts.models import Agency, Membership, Service, Team, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "agency", "kind", "is_active"]
    list_filter = ["kind", "agency"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "agency", "service"]


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    fk_name = "user"
    extra = 0
    filter_horizontal = ["services"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    """Accounts without passwords: passwords are set by the user through a one-time link."""

    list_display = ["full_name", "email", "is_active", "last_login"]
    search_fields = ["full_name", "email"]
    fields = ["full_name", "email", "is_active"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
