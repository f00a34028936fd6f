"""Who may see and sign off the Part 4 return: the council's contract monitoring officer
signs it off; partnership analysts may read it."""

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role

READERS = frozenset({Role.CONTRACT_MONITORING_OFFICER, Role.PARTNERSHIP_ANALYST})


@rules.predicate
def reads_the_return(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in READERS


@rules.predicate
def monitors_contracts(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.CONTRACT_MONITORING_OFFICER


rules.add_rule("part4.view_return", reads_the_return)
rules.add_rule("part4.sign_off_return", monitors_contracts)
