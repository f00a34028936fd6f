"""Who may do what with cases, as `rules` predicates over a membership."""

import rules

from concord.accounts.rules import manages_service, sees_case_data

rules.add_rule("cases.view_case", sees_case_data)
rules.add_rule("cases.work_on_case", sees_case_data)
rules.add_rule("cases.import_records", manages_service)
rules.add_rule("cases.see_team_workload", manages_service)
