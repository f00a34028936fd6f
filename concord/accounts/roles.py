"""Roles and what each may do. Pure Python: no Django imports."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    SERVICE_MANAGER = "service_manager"
    MARAC_COORDINATOR = "marac_coordinator"
    MARAC_REPRESENTATIVE = "marac_representative"
    CONTRACT_MONITORING_OFFICER = "contract_monitoring_officer"
    PARTNERSHIP_ANALYST = "partnership_analyst"
    PARTNERSHIP_MANAGER = "partnership_manager"
    BOARD_MEMBER = "board_member"
    DATA_OFFICER = "data_officer"
    LINKAGE_REVIEWER = "linkage_reviewer"
    AGENCY_ADMINISTRATOR = "agency_administrator"
    SYSTEM_ADMINISTRATOR = "system_administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PRACTITIONER: "Practitioner",
    Role.SERVICE_MANAGER: "Service manager",
    Role.MARAC_COORDINATOR: "MARAC coordinator",
    Role.MARAC_REPRESENTATIVE: "MARAC representative",
    Role.CONTRACT_MONITORING_OFFICER: "Contract monitoring officer",
    Role.PARTNERSHIP_ANALYST: "Partnership analyst",
    Role.PARTNERSHIP_MANAGER: "Partnership manager",
    Role.BOARD_MEMBER: "Board member",
    Role.DATA_OFFICER: "Data officer",
    Role.LINKAGE_REVIEWER: "Linkage reviewer",
    Role.AGENCY_ADMINISTRATOR: "Agency administrator",
    Role.SYSTEM_ADMINISTRATOR: "System administrator",
}

# Roles that work with person-level records of their own agency.
CASE_WORK_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.SERVICE_MANAGER,
        Role.MARAC_COORDINATOR,
        Role.MARAC_REPRESENTATIVE,
    }
)
# Roles that may see who viewed or changed a person-level record.
RECORD_HISTORY_ROLES = frozenset({Role.SERVICE_MANAGER, Role.MARAC_COORDINATOR})
# Roles that manage the accounts of their own agency.
ACCOUNT_ADMIN_ROLES = frozenset({Role.AGENCY_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR})


RoleCheck = Callable[[Role], bool]


def sees_case_data(role: Role) -> bool:
    return role in CASE_WORK_ROLES


def reveals_identities(role: Role) -> bool:
    """Opens the names and dates of birth partner agencies submit (the identity vault), to
    decide whether two records are one person."""
    return role is Role.LINKAGE_REVIEWER


def needs_second_person(role: Role) -> bool:
    """A role that sees person-level records (case records, or identities in the vault) is
    given only when a second person approves (separation of duties), and never to someone
    who administers the whole system."""
    return sees_case_data(role) or reveals_identities(role)


# Derived from the rule above, for queries: never a list of its own.
SECOND_PERSON_ROLES = frozenset(role for role in Role if needs_second_person(role))


def sees_record_history(role: Role) -> bool:
    return role in RECORD_HISTORY_ROLES


def manages_service(role: Role) -> bool:
    return role is Role.SERVICE_MANAGER


def manages_accounts(role: Role) -> bool:
    return role in ACCOUNT_ADMIN_ROLES


def manages_agencies(role: Role) -> bool:
    return role is Role.SYSTEM_ADMINISTRATOR
