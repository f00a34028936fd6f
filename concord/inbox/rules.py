"""Who may work the inbox of online referrals: case workers of the agency whose help point
receives them (DOMAIN §1, §17)."""

import rules

from concord.accounts.models import Membership, Service
from concord.accounts.rules import sees_case_data
from concord.helpline.rules import at_a_specialist_provider

_RECEIVES = "_concord_receives_online_referrals"


@rules.predicate
def works_at_the_receiving_help_point(membership: Membership | None) -> bool:
    """The membership's agency runs the help point that takes online referrals (one query,
    kept on the membership for the rest of the request)."""
    if membership is None:
        return False
    if not hasattr(membership, _RECEIVES):
        receives = Service.objects.filter(
            agency_id=membership.agency_id, takes_online_referrals=True
        ).exists()
        setattr(membership, _RECEIVES, receives)
    return bool(getattr(membership, _RECEIVES))


rules.add_rule("inbox.view", sees_case_data & works_at_the_receiving_help_point)
# The menu's link, on every page: costs no query (the inbox page itself checks the rest).
rules.add_rule("inbox.see_menu_link", sees_case_data & at_a_specialist_provider)
