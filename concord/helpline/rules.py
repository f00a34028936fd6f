"""Who may log and read the help point's calls: case workers of an agency with a help
point service (DOMAIN §1, the helpline and outreach workers and their managers)."""

import rules

from concord.accounts.models import Membership
from concord.accounts.rules import sees_case_data
from concord.helpline.models import help_points


@rules.predicate
def works_at_a_help_point(membership: Membership | None) -> bool:
    return membership is not None and help_points(membership).exists()


rules.add_rule("helpline.log_call", sees_case_data & works_at_a_help_point)
