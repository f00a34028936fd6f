"""Django's admin, for system administrators only, behind MFA like every page."""

from __future__ import annotations

from functools import wraps
from typing import Any

import rules
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from concord.core import audit
from concord.core.http import is_verified


class ConcordAdminSite(admin.AdminSite):
    site_header = "Concord administration"
    site_title = "Concord administration"
    index_title = "Agencies and accounts"

    def has_permission(self, request: HttpRequest) -> bool:
        membership = getattr(request, "membership", None)
        return bool(
            request.user.is_active
            and is_verified(request.user)
            and rules.test_rule("core.use_admin_site", membership)
        )

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """A signed-in user without the role gets 403, not the admin's own login page."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded

    def password_change(self, request: HttpRequest, extra_context: Any = None) -> Any:
        """Concord's own page, which checks, validates and audits the change."""
        return redirect("accounts:change-password")

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect("accounts:sign-in")


class SystemAdministratorAdmin(admin.ModelAdmin[Model]):
    """Model admin for system administrators: the site already checked their role and MFA,
    so they may view, add and change; nothing is deleted (records are deactivated)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Changes made here reach the audit trail like every other write."""
        super().save_model(request, obj, form, change)
        _audit(request, "changed" if change else "added", obj, form.changed_data)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _audit(request, "added", obj, ())
        for obj, fields in formset.changed_objects:
            _audit(request, "changed", obj, fields)


def _audit(request: HttpRequest, verb: str, obj: Any, fields: Any) -> None:
    membership = getattr(request, "membership", None)
    audit.record(
        f"admin.{verb}",
        actor=membership.user if membership else None,
        agency=membership.agency if membership else None,
        target=obj,
        changes=fields,
    )
