from django.contrib import admin

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
    model = Membership
    fk_name = "user"
    extra = 0
    filter_horizontal = ["services"]


@admin.register(User)
class UserAdmin(SystemAdministratorAdmin):
    """Accounts without passwords: passwords are set by the user through a one-time link."""

    list_display = ["full_name", "email", "is_active", "last_login"]
    search_fields = ["full_name", "email"]
    fields = ["full_name", "email", "is_active"]
    inlines = [MembershipInline]
