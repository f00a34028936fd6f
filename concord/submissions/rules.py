"""Who may do what with partnership data submissions (DOMAIN §8, §14).

An agency's data officer sends its files, follows them and fixes the rows kept back; a
partnership analyst sees every agency's submission history as counts; a linkage reviewer
may open identities in the vault to decide whether two records are the same person."""

import rules

from concord.accounts.models import Membership
from concord.accounts.roles import Role
from concord.accounts.rules import reveals_identities


def _role(role: Role, name: str) -> rules.Predicate:
    @rules.predicate(name=name)
    def has_role(membership: Membership | None) -> bool:
        return membership is not None and membership.role_enum is role

    return has_role


is_data_officer = _role(Role.DATA_OFFICER, "is_data_officer")
is_analyst = _role(Role.PARTNERSHIP_ANALYST, "is_partnership_analyst")
is_linkage_reviewer = _role(Role.LINKAGE_REVIEWER, "is_linkage_reviewer")

rules.add_rule("submissions.send", is_data_officer)
rules.add_rule("submissions.view", is_data_officer | is_analyst)
rules.add_rule("submissions.view_every_agency", is_analyst)
rules.add_rule("submissions.reveal_identity", reveals_identities)

# The information-sharing agreements register (ADR 0029): read by those who see the
# partnership's data pages and by the partnership manager; kept by the partnership manager
# and partnership analysts.
is_partnership_manager = _role(Role.PARTNERSHIP_MANAGER, "is_partnership_manager")
rules.add_rule("submissions.view_agreements", is_partnership_manager | is_analyst | is_data_officer)
rules.add_rule("submissions.keep_agreements", is_partnership_manager | is_analyst)
