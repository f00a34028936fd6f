"""Rows and labels for the account pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.models import Membership


def _status_tag(membership: Membership) -> str:
    if not membership.is_active:
        colour, text = "grey", "Ended"
    elif not membership.user.is_active:
        colour, text = "red", "Deactivated"
    else:
        colour, text = "green", "Active"
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def member_rows(memberships: Iterable[Membership]) -> list[list[dict[str, Any]]]:
    """Table rows for the users page (one per role held)."""
    memberships = list(memberships)
    enrolled = set(
        TOTPDevice.objects.filter(
            user_id__in={m.user_id for m in memberships}, confirmed=True
        ).values_list("user_id", flat=True)
    )
    rows: list[list[dict[str, Any]]] = []
    for membership in memberships:
        user = membership.user
        href = reverse(
            "accounts:member", kwargs={"agency_id": membership.agency_id, "user_id": user.pk}
        )
        services = ", ".join(s.name for s in membership.services.all()) or "All services"
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>', href, user.full_name
                    )
                },
                {"text": user.email},
                {"text": membership.role_label},
                {"text": services},
                {"text": "Set up" if user.pk in enrolled else "Not set up"},
                {"html": _status_tag(membership)},
            ]
        )
    return rows
