"""Who may do what with referrals and consent, as `rules` predicates over a membership."""

import rules

from concord.accounts.rules import manages_service, sees_case_data

rules.add_rule("referrals.view_referral", sees_case_data)
rules.add_rule("referrals.make_referral", sees_case_data)
rules.add_rule("referrals.receive_referral", sees_case_data)
rules.add_rule("referrals.record_consent", sees_case_data)
rules.add_rule("referrals.allocate_restricted_referral", manages_service)
