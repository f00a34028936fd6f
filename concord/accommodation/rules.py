"""Who may see and record housing (Safe Home) work: the agency's case workers, as for cases."""

import rules

from concord.accounts.rules import sees_case_data

rules.add_rule("accommodation.view_housing", sees_case_data)
rules.add_rule("accommodation.record_housing", sees_case_data)
