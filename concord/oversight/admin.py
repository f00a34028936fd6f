from django.contrib import admin

from concord.core.admin_site import SystemAdministratorAdmin
from concord.oversight.models import AlertRule


@admin.register(AlertRule)
class AlertRuleAdmin(SystemAdministratorAdmin):
    """The alert rules' thresholds: system administrators tune them, nobody adds or
    removes a rule (each kind is judged by code)."""

    list_display = ["kind", "is_enabled", "more_than", "window_minutes"]
    fields = ["kind", "is_enabled", "more_than", "window_minutes"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
