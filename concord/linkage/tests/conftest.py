"""Fixtures of the linkage tests."""

from __future__ import annotations

import pytest

from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.linkage import engine, shipped
from concord.linkage.tests.helpers import FixedScores, identity
from concord.submissions.models import Identity


@pytest.fixture
def reviewer(council):
    membership = MembershipFactory(agency=council, role=Role.LINKAGE_REVIEWER)
    enrol_authenticator(membership.user)
    return membership


@pytest.fixture
def five(agency_a, agency_b) -> list[Identity]:
    """Five records: a, b and c are one woman; d and e are two other people."""
    sarah = {"given_name": "Sarah", "family_name": "Ahmed", "dob": "1988-03-14"}
    return [
        identity(agency_a, "a", **sarah),
        identity(agency_b, "b", **sarah),
        identity(agency_b, "c", **sarah | {"given_name": "Sara"}),
        identity(agency_a, "d", given_name="Jas", family_name="Kaur", dob="1990-01-01"),
        identity(agency_b, "e", given_name="Priya", family_name="Kaur", dob="1993-07-09"),
    ]


@pytest.fixture
def scored(monkeypatch, settings, five):
    """a-b 0.99 and b-c 0.95 (the same person); a-d 0.7 (to review); nothing else. The
    model is "trained" on the five records (the training minimum lowered for them). No
    check sample of the automatic links, so the uncertain pair is the queue's only pair (the
    sample has its own tests: test_calibration_runs.py)."""
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 0
    monkeypatch.setattr(engine, "train", lambda records, **options: '{"fixed": true}')
    monkeypatch.setattr(engine, "checked_model", lambda definition: definition)
    monkeypatch.setattr(shipped, "TRAINING_MINIMUM", 2)
    scorer = FixedScores(five, {("a", "b"): 0.99, ("b", "c"): 0.95, ("a", "d"): 0.7})
    monkeypatch.setattr(engine, "score", scorer)
