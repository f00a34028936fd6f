"""Who may do what with person-level records, as `rules` predicates over a membership."""

import rules

from concord.accounts.rules import manages_service, sees_case_data, sees_record_history

rules.add_rule("people.view_person", sees_case_data)
rules.add_rule("people.view_person_history", sees_record_history)
# Restricting a record to named workers (DOMAIN §13) is the service manager's decision.
rules.add_rule("people.restrict_person", manages_service)
