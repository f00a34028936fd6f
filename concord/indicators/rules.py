"""Who may see indicator figures: practitioners and service managers their own agency's
exact figures; contract monitoring officers, analysts and partnership managers any
agency's or the partnership's, with disclosure control. Anyone signed in may read the
catalogue's definitions."""

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role

OWN_FIGURES_ROLES = frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER})
PROTECTED_FIGURES_ROLES = frozenset(
    {Role.CONTRACT_MONITORING_OFFICER, Role.PARTNERSHIP_ANALYST, Role.PARTNERSHIP_MANAGER}
)


@rules.predicate
def sees_own_figures(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in OWN_FIGURES_ROLES


@rules.predicate
def sees_protected_figures(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in PROTECTED_FIGURES_ROLES


@rules.predicate
def signed_in(membership: Membership | None) -> bool:
    return membership is not None


rules.add_rule("indicators.view_catalogue", signed_in)
rules.add_rule("indicators.view_own_figures", sees_own_figures)
rules.add_rule("indicators.view_protected_figures", sees_protected_figures)
rules.add_rule("indicators.view_figures", sees_own_figures | sees_protected_figures)
