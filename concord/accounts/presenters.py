"""Rows and labels for the account pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.grants import GrantStatus
from concord.accounts.models import Membership, RoleGrant
from concord.core.presenters import govuk_datetime


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


GRANT_TAG_COLOURS = {
    GrantStatus.PENDING: "yellow",
    GrantStatus.APPROVED: "green",
    GrantStatus.REFUSED: "red",
}


def grant_status_tag(grant: RoleGrant) -> str:
    colour = GRANT_TAG_COLOURS[grant.status_enum]
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, grant.status_label
    )


def requested_by_text(grant: RoleGrant) -> str:
    return grant.requested_by.full_name if grant.requested_by else "Concord (set-up)"


def grant_summary(grant: RoleGrant) -> dict[str, str]:
    """Who asked and who decided, and when, for the role request page."""
    decider = grant.decided_by.full_name if grant.decided_by else "Concord (set-up)"
    return {
        "requested": f"{requested_by_text(grant)}, {govuk_datetime(grant.created_at)}",
        "decided": f"{decider}, {govuk_datetime(grant.decided_at)}"
        if grant.decided_at
        else "Not yet decided",
        "status_tag": grant_status_tag(grant),
    }


def grant_rows(grants: Iterable[RoleGrant]) -> list[list[dict[str, Any]]]:
    """Table rows for the role requests page, each person's name linking to the request."""
    rows: list[list[dict[str, Any]]] = []
    for grant in grants:
        href = reverse("accounts:grant", args=[grant.pk])
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">'
                        ": {} request</span></a>",
                        href,
                        grant.user.full_name,
                        grant.role_label,
                    )
                },
                {"text": grant.role_label},
                {"text": grant.agency.name},
                {"text": requested_by_text(grant)},
                {"text": govuk_datetime(grant.created_at)},
                {"html": grant_status_tag(grant)},
            ]
        )
    return rows
