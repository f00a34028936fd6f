"""Who may do what with feedback, complaints and the involvement register (ADR 0034).

Feedback and complaints are recorded and read by the practitioners and service managers of
the service's agency (their texts may be about a person's support); the partnership
manager and commissioners see only the counts, through the figures. The involvement
register is kept by the partnership manager and service managers and read by board
members too."""

from __future__ import annotations

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role

RECORDERS = frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER})
KEEPERS = frozenset({Role.PARTNERSHIP_MANAGER, Role.SERVICE_MANAGER})
READERS = KEEPERS | {Role.BOARD_MEMBER}


@rules.predicate
def records_feedback(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in RECORDERS


@rules.predicate
def manages_a_service(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum == Role.SERVICE_MANAGER


@rules.predicate
def keeps_involvement(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in KEEPERS


@rules.predicate
def reads_involvement(membership: Membership | None) -> bool:
    return membership is not None and membership.role_enum in READERS


rules.add_rule("voice.record", records_feedback)
rules.add_rule("voice.export_complaints", manages_a_service)
rules.add_rule("voice.keep_involvement", keeps_involvement)
rules.add_rule("voice.view_involvement", reads_involvement)
rules.add_rule("voice.see_menu_link", records_feedback | reads_involvement)
