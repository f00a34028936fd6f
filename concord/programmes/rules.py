"""Who may see and record family-service and perpetrator-programme work: the agency's case
workers, as for cases. Commissioners and analysts see these only as aggregates."""

import rules

from concord.accounts.rules import sees_case_data

rules.add_rule("programmes.view_records", sees_case_data)
rules.add_rule("programmes.record", sees_case_data)
