from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from concord.core.admin_site import SystemAdministratorAdmin
from concord.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(SystemAdministratorAdmin):
    """Read-only: nobody edits or deletes audit events through the app."""

    list_display = ["id", "sequence", "occurred_at", "action", "actor", "agency", "object_type"]
    list_filter = ["action"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
