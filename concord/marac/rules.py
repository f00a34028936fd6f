"""Who may do what at a MARAC, as `rules` predicates over a membership. Which records each
may reach is the scope's job (concord.marac.scope); these say only which roles may try."""

from __future__ import annotations

import rules

from concord.accounts import roles
from concord.accounts.models import Membership
from concord.accounts.roles import Role
from concord.accounts.rules import sees_case_data
from concord.marac.models import MaracReferral


@rules.predicate
def coordinates_marac(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.MARAC_COORDINATOR


@rules.predicate
def represents_agency_at_marac(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.MARAC_REPRESENTATIVE


@rules.predicate
def refers_or_coordinates(membership: Membership | None, referral: MaracReferral | None) -> bool:
    """Whether the membership sees the whole referral, not only the MARAC summary: it made
    it (a case worker of the referring agency who may see the victim's record) or it
    coordinates the MARAC referred to."""
    if membership is None or referral is None:
        return False
    role = membership.role_enum
    if role is Role.MARAC_COORDINATOR and referral.area.hosted_by_id == membership.agency_id:
        return True
    made = MaracReferral.objects.made_by(membership.agency, membership.user)
    return roles.sees_case_data(role) and made.filter(pk=referral.pk).exists()


rules.add_rule("marac.refer", sees_case_data)
rules.add_rule("marac.view_referral", sees_case_data)
rules.add_rule("marac.coordinate", coordinates_marac)
rules.add_rule("marac.see_whole_referral", refers_or_coordinates)
rules.add_rule("marac.represent_agency", represents_agency_at_marac)
rules.add_rule("marac.view_meeting", coordinates_marac | represents_agency_at_marac)
rules.add_rule("marac.record_research", represents_agency_at_marac)
rules.add_rule("marac.record_action_outcome", represents_agency_at_marac)
