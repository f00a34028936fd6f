"""What each role sees first: the parts of Concord its work starts from."""

from __future__ import annotations

from typing import Any

import rules
from django.urls import reverse

from concord.accounts.models import Membership

# (rule, url name, heading, description)
SECTIONS: list[tuple[str | None, str, str, str]] = [
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
        "accounts.manage_agencies",
        "accounts:agencies",
        "Agencies",
        "Add the agencies of the partnership, their services and teams.",
    ),
    (
        None,
        "accounts:change-password",
        "Your password",
        "Change the password you sign in with.",
    ),
    (
        None,
        "accounts:tokens",
        "API tokens",
        "Create and revoke personal tokens for connecting other systems to Concord.",
    ),
]


def home_sections(membership: Membership) -> list[dict[str, Any]]:
    return [
        {"href": reverse(url_name), "heading": heading, "description": description}
        for rule_name, url_name, heading, description in SECTIONS
        if rule_name is None or rules.test_rule(rule_name, membership)
    ]
