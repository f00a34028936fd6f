"""Importing housing records and sanctuary measures: the outcomes of a case written through
the housing services, on cases closed since; bad rows kept in quarantine with reasons
naming the column; importing again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases.tests.imports import counts, load, quarantined
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PEOPLE = """record_id,given_name,family_name
P1,Sarah,Ahmed
P2,Leanne,Marsh
"""
CASES = """record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,status_reason,opened_at,ended_at
C1,P1,Safe Home,police,professional_referral,2025-06-02 09:30,closed,support_completed,2025-06-03 10:00,2025-12-31 17:00
C2,P2,Safe Home,self,helpline_call,2025-06-02 09:30,open,,2025-06-03 10:00,
C3,P2,SAFE help point,self,helpline_call,2025-06-02 09:30,open,,2025-06-03 10:00,
"""
HOUSING_HEADER = (
    "record_id,case_record_id,options_assessed_on,options_outcome,emergency_placed_on,"
    "emergency_left_on,refuge_placed_on,refuge_ended_on,transfer_kind,transferred_on,"
    "person_causing_harm_moved,person_causing_harm_moved_on,home_secured_on\n"
)
HOUSING = (
    "H1,C1,2025-06-03,Stay put with sanctuary,2025-06-04,2025-06-20,,,management_transfer,"
    "2025-07-01,yes,2025-06-15,2025-07-02\n"
)
MEASURES_HEADER = "record_id,case_record_id,kind,fitted_on,description\n"
MEASURES = "S1,C1,door_and_window_locks,2025-06-05,\nS2,C1,other,2025-06-06,Window film\n"


@pytest.fixture
def cases(idva, safe_home):
    ServiceFactory(agency=safe_home.agency, name="SAFE help point", kind=ServiceKind.HELP_POINT)
    load(idva, "people", PEOPLE)
    load(idva, "cases", CASES)


def test_a_closed_case_gets_its_housing_outcomes_and_measures(idva, cases):
    assert counts(load(idva, "housing_records", HOUSING_HEADER + HOUSING)) == (1, 0, 0)
    assert counts(load(idva, "sanctuary_measures", MEASURES_HEADER + MEASURES)) == (2, 0, 0)

    record = HousingRecord.objects.get(case__person__given_name="Sarah")
    assert record.options_outcome == "Stay put with sanctuary"
    assert (record.emergency_placed_on, record.emergency_left_on) == (
        date(2025, 6, 4),
        date(2025, 6, 20),
    )
    assert (record.transfer_kind, record.person_causing_harm_moved) == (
        "management_transfer",
        "yes",
    )
    assert record.home_secured_on == date(2025, 7, 2)
    assert sorted(record.sanctuary_measures.values_list("kind", flat=True)) == [
        "door_and_window_locks",
        "other",
    ]
    assert AuditEvent.objects.filter(action="housing.home_secured").count() == 1


def test_importing_the_same_housing_files_again_changes_nothing(idva, cases):
    load(idva, "housing_records", HOUSING_HEADER + HOUSING)
    load(idva, "sanctuary_measures", MEASURES_HEADER + MEASURES)

    again = (
        load(idva, "housing_records", HOUSING_HEADER + HOUSING),
        load(idva, "sanctuary_measures", MEASURES_HEADER + MEASURES),
    )

    assert [counts(outcome) for outcome in again] == [(0, 1, 0), (0, 2, 0)]
    assert (HousingRecord.objects.count(), SanctuaryMeasure.objects.count()) == (1, 2)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "B1,C2,,,2025-06-20,2025-06-04,,,,,,,",
            "emergency_left_on: The date left cannot be before the date placed",
        ),
        ("B1,C2,,,,,,2025-06-04,,,,,", "refuge_placed_on: a value is needed"),
        (
            "B1,C2,,,,,,,,,no,2025-06-15,",
            "person_causing_harm_moved_on: Leave the date empty unless the person causing harm "
            "moved",
        ),
        ("B1,C2,,,,,,,moved,2025-07-01,,,", "transfer_kind: 'moved' is not one of the codes"),
        ("B1,C2,,,,,,,,,,,2025-05-01", "home_secured_on: The date the home was secured cannot"),
        ("B1,C2,,,,,,,,,,,2099-01-01", "home_secured_on: The date the home was secured must be"),
        ("B1,C2,2025-06-03,,,,,,,,,,", "options_outcome: Enter the outcome of the assessment"),
        ("B1,C2,,,,,,,,,,,", "case_record_id: the row records no housing outcome"),
        (
            "B1,C3,,,,,,,,,,,2025-07-02",
            "case_record_id: Housing records are kept on cases at a housing service",
        ),
        ("B1,C9,,,,,,,,,,,2025-07-02", "case_record_id: no cases record 'C9' has been imported"),
        (
            "B1,C1,,,,,,,,,,,2025-07-03",
            "case_record_id: this case already has housing outcomes; change them in Concord",
        ),
    ],
)
def test_a_bad_housing_row_is_quarantined_with_its_reason_and_the_good_rows_land(
    idva, cases, row, reason
):
    outcome = load(idva, "housing_records", HOUSING_HEADER + HOUSING + row + "\n")

    assert counts(outcome) == (1, 0, 1)
    assert quarantined("housing_records")["B1"][0].startswith(reason)
    assert not HousingRecord.objects.filter(case__person__given_name="Leanne").exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,C2,moat,2025-06-05,", "kind: 'moat' is not one of the codes for this column"),
        ("B1,C2,other,2025-06-05,", "description: Describe the measure that was fitted"),
        ("B1,C2,alarm,2025-05-05,", "fitted_on: The date fitted cannot be before the referral"),
        ("B1,C2,alarm,,", "fitted_on: a value is needed"),
        ("B1,C9,alarm,2025-06-05,", "case_record_id: no cases record 'C9' has been imported"),
    ],
)
def test_a_bad_sanctuary_measure_is_quarantined_with_its_reason(idva, cases, row, reason):
    outcome = load(idva, "sanctuary_measures", MEASURES_HEADER + MEASURES + row + "\n")

    assert counts(outcome) == (2, 0, 1)
    assert quarantined("sanctuary_measures")["B1"] == [reason]
