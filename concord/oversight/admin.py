from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from concord.core.admin_site import SystemAdministratorAdmin
from concord.oversight.models import AlertRule


@admin.register(AlertRule)
class AlertRuleAdmin(SystemAdministratorAdmin):
    """The alert rules' thresholds: system administrators tune them or turn a rule off;
    nobody adds a rule here (what each kind counts is code)."""

    list_display = ["kind", "is_enabled", "more_than", "window_minutes"]
    fields = ["kind", "is_enabled", "more_than", "window_minutes"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
