"""Who may see the insider-threat alerts, and who may break the glass on a record."""

import rules
from django.conf import settings

from concord.accounts.rules import manages_service, sees_case_data


@rules.predicate
def break_glass_allowed() -> bool:
    """The partnership's policy, as CONCORD_BREAK_GLASS_ALLOWED says."""
    return bool(settings.BREAK_GLASS_ALLOWED)


# Alerts go to the agency's service managers (never to the user an alert concerns).
rules.add_rule("oversight.view_alerts", manages_service)
rules.add_rule("oversight.break_glass", sees_case_data & break_glass_allowed)
