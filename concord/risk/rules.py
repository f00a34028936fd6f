"""Who may do what with risk assessments and incidents: the case-work roles of the case's
agency. Commissioners, analysts and administrators see no assessment (they see aggregates)."""

import rules

from concord.accounts.rules import sees_case_data

rules.add_rule("risk.view_assessment", sees_case_data)
rules.add_rule("risk.assess", sees_case_data)
rules.add_rule("risk.record_incident", sees_case_data)
