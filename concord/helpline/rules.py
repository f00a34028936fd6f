"""Who may log and read the help point's calls: case workers of an agency with a help
point service (DOMAIN §1, the helpline and outreach workers and their managers)."""

import rules

from concord.accounts.models import AgencyKind, Membership
from concord.accounts.rules import sees_case_data
from concord.helpline.models import help_points


@rules.predicate
def works_at_a_help_point(membership: Membership | None) -> bool:
    return membership is not None and help_points(membership).exists()


@rules.predicate
def at_a_specialist_provider(membership: Membership | None) -> bool:
    """Costs no query (the membership's agency is loaded with it): for the menu."""
    return membership is not None and membership.agency.kind == AgencyKind.SPECIALIST_DA_PROVIDER


rules.add_rule("helpline.log_call", sees_case_data & works_at_a_help_point)
# The menu's link, on every page: where help points are (the page itself checks the rest).
rules.add_rule("helpline.see_menu_link", sees_case_data & at_a_specialist_provider)
