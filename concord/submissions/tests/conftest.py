"""Personas for submissions: the police's data officer (agency B), another agency's data
officer (C) and the council's linkage reviewer, beside the shared ones; files kept in a
temporary directory."""

from __future__ import annotations

import pytest

from concord.accounts.models import Agency, Membership
from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator


def member(agency: Agency, role: Role) -> Membership:
    membership = MembershipFactory.create(agency=agency, role=role)
    enrol_authenticator(membership.user)
    return membership


@pytest.fixture(autouse=True)
def received_files_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def police_data(agency_b: Agency) -> Membership:
    return member(agency_b, Role.DATA_OFFICER)


@pytest.fixture
def homes_data(agency_c: Agency) -> Membership:
    return member(agency_c, Role.DATA_OFFICER)


@pytest.fixture
def reviewer(council: Agency) -> Membership:
    return member(council, Role.LINKAGE_REVIEWER)
