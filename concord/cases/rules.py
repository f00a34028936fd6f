"""Who may do what with cases, as `rules` predicates over a membership."""

import rules

from concord.accounts.roles import Role
from concord.accounts.rules import sees_case_data

rules.add_rule("cases.view_case", sees_case_data)
rules.add_rule("cases.work_on_case", sees_case_data)


@rules.predicate
def is_service_manager(membership: object) -> bool:
    return getattr(membership, "role", None) == Role.SERVICE_MANAGER


rules.add_rule("cases.import_records", is_service_manager)
