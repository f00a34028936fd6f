"""Who may do what with contracts and returns. Which contracts each reaches is the scope's
job (concord.commissioning.scope): the commissioner's own, or the provider's own."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role


@rules.predicate
def monitors_contracts(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.CONTRACT_MONITORING_OFFICER


@rules.predicate
def manages_service(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.SERVICE_MANAGER


rules.add_rule("commissioning.view_contract", monitors_contracts | manages_service)
rules.add_rule("commissioning.manage_contract", monitors_contracts)
rules.add_rule("commissioning.review_return", monitors_contracts)
rules.add_rule("commissioning.submit_return", manages_service)


# Grants and spend (ADR 0029): the partnership manager and contract monitoring officers keep
# the funding streams and their allocations; a provider's service manager returns the spend
# of allocations to its own agency's contracts and services, and sees only those.
@rules.predicate
def manages_partnership(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.PARTNERSHIP_MANAGER


rules.add_rule(
    "commissioning.view_funding", manages_partnership | monitors_contracts | manages_service
)
rules.add_rule("commissioning.manage_funding", manages_partnership | monitors_contracts)
rules.add_rule(
    "commissioning.return_spend", manages_partnership | monitors_contracts | manages_service
)
