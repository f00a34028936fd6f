"""Who may read and keep the Local Partnership Board's records: the partnership manager
keeps them all; the board's members read its members, meetings, papers, minutes,
decisions, actions and annual reports. Every other role is refused (403)."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role

READERS = frozenset({Role.PARTNERSHIP_MANAGER, Role.BOARD_MEMBER})


@rules.predicate
def reads_board(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in READERS


@rules.predicate
def keeps_board(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.PARTNERSHIP_MANAGER


rules.add_rule("board.view_board", reads_board)
rules.add_rule("board.manage_board", keeps_board)
