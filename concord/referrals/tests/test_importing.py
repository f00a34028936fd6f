"""Importing referrals: each made on its own day from an imported case with the person's
consent (recorded with it) or a safeguarding basis, moved to its status through the
services; bad rows kept in quarantine with reasons naming the column; nothing half-saved;
importing again changes nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.cases.tests.imports import counts, load, quarantined
from concord.core.models import AuditEvent
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Consent, Referral

pytestmark = pytest.mark.django_db

PEOPLE = """record_id,given_name,family_name,date_of_birth,roles
P1,Sarah,Ahmed,1988-03-14,victim_survivor
"""
CASES = """record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,status_reason,opened_at,ended_at
C1,P1,SAFE help point,police,professional_referral,2025-06-02 09:30,closed,support_completed,2025-06-03 10:00,2025-12-31 17:00
C2,P1,Safe Home,specialist_da_service,professional_referral,2025-06-09 11:00,open,,2025-06-10 10:00,
"""
HEADER = (
    "record_id,case_record_id,referred_at,to_service,outside_agency,summary,consent_given_on,"
    "consent_expires_on,safeguarding_basis,safeguarding_reason,status,decline_reason,"
    "receiving_case_record_id,decided_at\n"
)
GOOD = (
    "R1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,2026-06-05,,,accepted,,C2,2025-06-10 11:00\n"
    "R2,C1,2025-06-12 09:00,,Riverside Counselling,Counselling,,,serious_risk_of_harm,"
    "Threats to kill,,,\n"
    "R3,C1,2025-06-20 09:00,Safe Home,,Another move,2025-06-05,,,,declined,no_capacity,,2025-06-21 09:30\n"
    "R4,C1,2025-06-21 09:00,Safe Home,,Still waiting,,,adult_safeguarding,Cannot be asked,,,\n"
)


@pytest.fixture
def services(agency_a):
    add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)
    return add_service(None, agency_a, name="Safe Home", kind=ServiceKind.HOUSING)


@pytest.fixture
def cases(idva, services):
    load(idva, "people", PEOPLE)
    load(idva, "cases", CASES)


def test_referrals_are_made_on_their_day_with_consent_or_a_basis_and_reach_their_status(
    idva, agency_a, cases
):
    outcome = load(idva, "referrals", HEADER + GOOD)

    assert counts(outcome) == (4, 0, 0)
    accepted, outside, declined, waiting = Referral.objects.order_by("referred_at")
    assert accepted.status == ReferralStatus.ACCEPTED
    assert accepted.created_case == Case.objects.get(service__name="Safe Home")
    assert Case.objects.count() == 2  # the receiving case imported, not opened again
    assert timezone.localtime(accepted.referred_at).date() == date(2025, 6, 9)
    consent = accepted.consent
    assert (consent.purpose, consent.given, consent.given_on) == (
        "referral",
        True,
        date(2025, 6, 5),
    )
    assert list(consent.agencies.all()) == [agency_a]
    assert (outside.status, outside.outside_agency) == (
        ReferralStatus.SENT,
        "Riverside Counselling",
    )
    assert (outside.consent, outside.safeguarding_basis) == (None, "serious_risk_of_harm")
    assert (declined.status, declined.decline_reason) == (ReferralStatus.DECLINED, "no_capacity")
    assert waiting.status == ReferralStatus.PENDING
    assert AuditEvent.objects.filter(action="referral.made_without_consent").count() == 2
    assert AuditEvent.objects.filter(action="referral.accepted").exists()


def test_importing_the_same_referrals_again_changes_nothing(idva, cases):
    load(idva, "referrals", HEADER + GOOD)
    before = (Referral.objects.count(), Consent.objects.count(), Case.objects.count())

    outcome = load(idva, "referrals", HEADER + GOOD)

    assert counts(outcome) == (0, 4, 0)
    assert (Referral.objects.count(), Consent.objects.count(), Case.objects.count()) == before


def test_an_accepted_referral_without_its_receiving_case_opens_one_there(idva, cases):
    row = (
        "R1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,accepted,,,"
        "2025-06-11 14:00\n"
    )

    load(idva, "referrals", HEADER + row)

    referral = Referral.objects.get()
    opened = referral.created_case
    decided = timezone.make_aware(datetime(2025, 6, 11, 14, 0))
    assert opened.service.name == "Safe Home"
    assert opened.status == CaseStatus.OPEN
    assert Case.objects.count() == 3
    assert referral.decided_at == opened.opened_at == decided  # the day, not the import's


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,withdrawn,,",
            "decided_at: a value is needed",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,withdrawn,,,"
            "2025-06-08 10:00",
            "decided_at: The decision must be in the past and not before the referral",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,,,,,,,",
            "consent_given_on: Choose the person's consent to this referral, or a safeguarding "
            "basis for sharing without it",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,,,child_protection,,,,",
            "safeguarding_reason: Give the reason for sharing without the person's consent",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,marac,At MARAC,,,",
            "safeguarding_basis: Choose consent or a safeguarding basis, not both",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-10,,,,,,",
            "consent_given_on: The consent chosen starts on 10 June 2025",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-01,2025-06-05,,,,,",
            "consent_given_on: The consent chosen expired on 5 June 2025",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,declined,,,"
            "2025-06-10 11:00",
            "decline_reason: a value is needed",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,maybe,,",
            "status: 'maybe' is not one of the codes for this column",
        ),
        (
            "B1,C1,2025-06-09 10:00,,Riverside,Counselling,,,marac,At MARAC,accepted,,,"
            "2025-06-10 11:00",
            "status: A referral that is sent cannot be accepted",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,pending,,C2",
            "receiving_case_record_id: name the receiving case only for an accepted referral",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,accepted,,C1,"
            "2025-06-10 11:00",
            "receiving_case_record_id: Choose a case at Safe Home",
        ),
        (
            "B1,C1,2025-05-01 10:00,Safe Home,,Needs a safe home,2025-04-01,,,,,,",
            "referred_at: A referral from a case cannot be before the case's own referral",
        ),
        (
            "B1,C1,2025-06-09 10:00,Safe Haven,,Needs a safe home,2025-06-05,,,,,,",
            "to_service: Haven Domestic Abuse Services has no service called 'Safe Haven'",
        ),
        (
            "B1,C9,2025-06-09 10:00,Safe Home,,Needs a safe home,2025-06-05,,,,,,",
            "case_record_id: no cases record 'C9' has been imported",
        ),
    ],
)
def test_a_bad_row_is_quarantined_with_its_reason_and_the_good_rows_land(idva, cases, row, reason):
    outcome = load(idva, "referrals", HEADER + row + "\n" + GOOD)

    assert counts(outcome) == (4, 0, 1)
    [reasons] = quarantined("referrals").values()
    assert reasons[0].startswith(reason)
    assert Referral.objects.count() == 4
    assert Consent.objects.count() == 2  # the bad row's consent was not kept


def test_a_file_without_a_summary_column_is_refused_whole(idva, cases):
    outcome = load(
        idva, "referrals", "record_id,case_record_id,referred_at\nR1,C1,2025-06-09 10:00\n"
    )

    assert outcome.refused == "The file has no column summary."
    assert not Referral.objects.exists()
