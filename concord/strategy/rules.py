"""Who may read and keep the partnership's plan and risk register: the partnership manager
keeps them; board members, analysts and contract monitoring officers read them. An action's
lead may also read and update their own action (concord.strategy.services says so)."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role

PLAN_READERS = frozenset(
    {
        Role.PARTNERSHIP_MANAGER,
        Role.BOARD_MEMBER,
        Role.PARTNERSHIP_ANALYST,
        Role.CONTRACT_MONITORING_OFFICER,
    }
)


@rules.predicate
def manages_partnership(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.PARTNERSHIP_MANAGER


@rules.predicate
def reads_plan(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in PLAN_READERS


# The risk register (ADR 0029): read by the plan's readers, kept by the partnership manager.
rules.add_rule("strategy.view_risks", reads_plan)
rules.add_rule("strategy.manage_risks", manages_partnership)
