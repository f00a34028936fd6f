"""Who may do what with domestic homicide reviews (DOMAIN §16, ADR 0028).

The partnership manager notifies a death. A review's own records are its panel's alone,
whatever their role: ``dhr.open_review`` lets any signed-in membership ask, and the scope
(concord.dhr.scope) answers 404 for a review whose panel the user does not sit on. Outside
the panel, the roles that watch the partnership's work see only the counts of deaths and
the progress of recommendations (``dhr.view_summary``, the menu's rule: no query); panel
members also reach the list to find their own reviews (``dhr.view_list``)."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role
from concord.dhr.models import PanelMember

SUMMARY_ROLES = frozenset(
    {
        Role.PARTNERSHIP_MANAGER,
        Role.BOARD_MEMBER,
        Role.PARTNERSHIP_ANALYST,
        Role.CONTRACT_MONITORING_OFFICER,
    }
)


@rules.predicate
def notifies_deaths(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.PARTNERSHIP_MANAGER


@rules.predicate
def watches_the_partnership(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in SUMMARY_ROLES


@rules.predicate
def signed_in(membership: Membership | None) -> bool:
    return membership is not None


@rules.predicate
def sits_on_a_panel(membership: Membership | None) -> bool:
    return (
        membership is not None and PanelMember.objects.filter(user_id=membership.user_id).exists()
    )


rules.add_rule("dhr.notify", notifies_deaths)
rules.add_rule("dhr.view_summary", watches_the_partnership)
rules.add_rule("dhr.view_list", watches_the_partnership | sits_on_a_panel)
rules.add_rule("dhr.open_review", signed_in)
