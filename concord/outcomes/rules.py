"""Who may record and read outcome measures and make questionnaire links: the case-work
roles of the case's agency. Commissioners, analysts and administrators see only the
indicators (aggregates)."""

import rules

from concord.accounts.rules import sees_case_data

rules.add_rule("outcomes.view_measure", sees_case_data)
rules.add_rule("outcomes.record_measure", sees_case_data)
