"""Who may see and record housing (Safe Home) work and safe accommodation.

Housing records and stays: the agency's case workers, as for cases. A provider's service
manager sets up its accommodation and units. Every agency's case workers (the partnership's
referrers) see the vacancy board, which never says where a unit is; only the provider's
own case workers may reveal a unit's location, with a reason (the scope keeps it to them)."""

import rules

from concord.accounts.rules import manages_service, sees_case_data

rules.add_rule("accommodation.view_housing", sees_case_data)
rules.add_rule("accommodation.record_housing", sees_case_data)
rules.add_rule("accommodation.set_up", manages_service)
rules.add_rule("accommodation.view_vacancies", sees_case_data)
rules.add_rule("accommodation.reveal_location", sees_case_data)
