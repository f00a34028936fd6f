"""Who may read and generate the board pack: the partnership manager generates it; board
members, analysts and contract monitoring officers read the packs generated. Nobody else:
a pack leaves the services, and a service's own staff have their own performance pack."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role

BOARD_PACK_READERS = frozenset(
    {
        Role.PARTNERSHIP_MANAGER,
        Role.BOARD_MEMBER,
        Role.PARTNERSHIP_ANALYST,
        Role.CONTRACT_MONITORING_OFFICER,
    }
)


@rules.predicate
def reads_board_pack(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in BOARD_PACK_READERS


@rules.predicate
def manages_partnership(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.PARTNERSHIP_MANAGER


@rules.predicate
def sits_on_the_board(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.BOARD_MEMBER


rules.add_rule("reporting.view_board_pack", reads_board_pack)
# The home panel of the latest pack: the board's members read little else in Concord.
rules.add_rule("reporting.see_latest_board_pack", sits_on_the_board)
rules.add_rule("reporting.generate_board_pack", manages_partnership)
