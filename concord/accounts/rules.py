"""`rules` predicates over the signed-in membership (user × agency × role)."""

from __future__ import annotations

import rules

from concord.accounts import roles
from concord.accounts.models import Membership


def _role_predicate(check: roles.RoleCheck) -> rules.Predicate:
    @rules.predicate(name=check.__name__)
    def predicate(membership: Membership | None) -> bool:
        return membership is not None and check(membership.role_enum)

    return predicate


sees_case_data = _role_predicate(roles.sees_case_data)
reveals_identities = _role_predicate(roles.reveals_identities)
sees_record_history = _role_predicate(roles.sees_record_history)
manages_service = _role_predicate(roles.manages_service)
manages_accounts = _role_predicate(roles.manages_accounts)
manages_agencies = _role_predicate(roles.manages_agencies)

rules.add_rule("accounts.manage_users", manages_accounts)
rules.add_rule("accounts.manage_agencies", manages_agencies)
# Roles that see case records are given by two people: an administrator asks, and another
# administrator or the agency's service manager decides (concord.accounts.services).
rules.add_rule("accounts.review_role_grants", manages_accounts | manages_service)
# Told on every page when background work has stopped (concord.core.heartbeat): those who
# can chase whoever runs Concord.
rules.add_rule("core.see_background_work", manages_service | manages_accounts)
# Django's admin (concord.core.admin_site) is for system administrators only.
rules.add_rule("core.use_admin_site", manages_agencies)
