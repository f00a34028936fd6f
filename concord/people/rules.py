"""Who may do what with person-level records, as `rules` predicates over a membership."""

import rules

from concord.accounts.rules import sees_case_data, sees_record_history

rules.add_rule("people.view_person", sees_case_data)
rules.add_rule("people.view_person_history", sees_record_history)
