from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from concord.accounts.models import Agency, Membership, Service, Team, User
from concord.core.admin_site import SystemAdministratorAdmin


@admin.register(Agency)
class AgencyAdmin(SystemAdministratorAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(SystemAdministratorAdmin):
    list_display = ["name", "agency", "kind", "is_active"]
    list_filter = ["kind", "agency"]


@admin.register(Team)
class TeamAdmin(SystemAdministratorAdmin):
    list_display = ["name", "agency", "service"]


class MembershipInline(admin.TabularInline[Membership, User]):
    """Roles are shown here, never given or changed: a role that sees case records needs a
    second person's approval (concord.accounts.services), which this page would go round,
    even for an account made with ``createsuperuser``."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = readonly_fields = ("agency", "role", "team", "is_active")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(SystemAdministratorAdmin):
    """Accounts without passwords: passwords are set by the user through a one-time link."""

    list_display = ["full_name", "email", "is_active", "last_login"]
    search_fields = ["full_name", "email"]
    fields = ["full_name", "email", "is_active"]
    inlines = [MembershipInline]
