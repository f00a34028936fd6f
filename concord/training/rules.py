"""Who may see and record training and awareness sessions: the agency's practitioners,
managers and MARAC staff. Commissioners and analysts will see them as aggregates."""

import rules

from concord.accounts.rules import sees_case_data

rules.add_rule("training.view_session", sees_case_data)
rules.add_rule("training.record_session", sees_case_data)
