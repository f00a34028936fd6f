"""What each role sees first: the parts of Concord its work starts from."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import rules
from django.urls import reverse
from django.utils import timezone

from concord.accounts.grants import GrantStatus
from concord.accounts.models import Membership, RoleGrant
from concord.core.presenters import govuk_date

# How long someone is told at home that a role was given to them, or refused.
GRANT_NEWS_DAYS = 30

# (rule, url name, heading, description)
SECTIONS: list[tuple[str, str, str, str]] = [
    (
        "people.view_person",
        "people:list",
        "People",
        "Find the records of the people your agency supports.",
    ),
    (
        "oversight.view_alerts",
        "oversight:alerts",
        "Alerts",
        "See when your agency's users looked up records in ways that need a manager's look, "
        "and acknowledge each alert.",
    ),
    (
        "oversight.break_glass",
        "oversight:break-glass",
        "Break-glass",
        "Open a record held by another agency when someone is at risk now. "
        "That agency's managers are told at once.",
    ),
    (
        "accounts.manage_users",
        "accounts:users",
        "Users",
        "Add people to your agency, give them roles and reset their password or authenticator app.",
    ),
    (
        "accounts.review_role_grants",
        "accounts:grants",
        "Role requests",
        "Approve or refuse requests for roles that see case records, and see those decided.",
    ),
    (
        "accounts.manage_agencies",
        "accounts:agencies",
        "Agencies",
        "Add the agencies of the partnership, their services and teams.",
    ),
]


def home_sections(membership: Membership) -> list[dict[str, Any]]:
    return [
        {"href": reverse(url_name), "heading": heading, "description": description}
        for rule_name, url_name, heading, description in SECTIONS
        if rules.test_rule(rule_name, membership)
    ]


def role_grant_notices(membership: Membership) -> list[str]:
    """What the home page tells of role requests: a manager, how many wait for their
    decision; anyone, their own requests waiting and those decided lately."""
    notices = []
    if rules.test_rule("accounts.review_role_grants", membership):
        waiting = RoleGrant.objects.awaiting(membership).count()
        if waiting:
            notices.append(
                f"{waiting} role request{'s' if waiting != 1 else ''} "
                f"{'are' if waiting != 1 else 'is'} waiting for approval"
            )
    since = timezone.now() - timedelta(days=GRANT_NEWS_DAYS)
    own = RoleGrant.objects.filter(user=membership.user, requested_by__isnull=False)
    recent = own.exclude(decided_at__lt=since).select_related("agency", "decided_by")
    notices.extend(_own_grant_notice(grant) for grant in recent)
    return notices


def _own_grant_notice(grant: RoleGrant) -> str:
    role = f"{grant.role_label} at {grant.agency.name}"
    if grant.status == GrantStatus.PENDING:
        return f"Your role as {role} is waiting for approval"
    decider = grant.decided_by.full_name if grant.decided_by else "Concord"
    when = govuk_date(grant.decided_at)
    return f"Your role as {role} was {grant.status_label.lower()} by {decider} on {when}"
