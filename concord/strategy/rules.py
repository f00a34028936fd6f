"""Who may read and keep the partnership's plan and risk register: the partnership manager
keeps them; board members, analysts and contract monitoring officers read them. An action's
lead may also read and update their own action (concord.strategy.services says so)."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role
from concord.strategy.models import Action

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
# The strategy and its delivery plan (ADR 0026) ------------------------------------------------


@rules.predicate
def monitors_contracts(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.CONTRACT_MONITORING_OFFICER


@rules.predicate
def leads_action(membership: Membership | None, action: object) -> bool:
    """The membership's user is the action's lead (whatever their role)."""
    lead_id = getattr(action, "lead_id", None)
    return membership is not None and lead_id is not None and lead_id == membership.user_id


@rules.predicate
def leads_open_actions(membership: Membership | None) -> bool:
    """The user leads an open action (one query: the home page asks it of everyone)."""
    return membership is not None and Action.objects.led_by(membership.user).open().exists()


rules.add_rule("strategy.view_plan", reads_plan)
rules.add_rule("strategy.manage_plan", manages_partnership)
rules.add_rule("strategy.view_action", reads_plan | leads_action)
rules.add_rule("strategy.update_action", manages_partnership | leads_action)
rules.add_rule("strategy.approve_update", manages_partnership)
rules.add_rule("strategy.see_own_actions", leads_open_actions)
rules.add_rule("strategy.set_targets", manages_partnership | monitors_contracts)
