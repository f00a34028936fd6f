"""Importing safe accommodation: services, units (never a location), stays checked by the
stay rules (overlaps with earlier rows of the same file too), members within bed spaces and
never a child alone, support within the stay, and households that could not be supported.
A bad row is quarantined with its reason and writes nothing; importing again changes
nothing."""

from __future__ import annotations

from datetime import date

import pytest

from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases.models import CaseChild
from concord.cases.tests.imports import counts, load, quarantined
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PEOPLE = """record_id,given_name,family_name,date_of_birth
P1,Grace,Adeyemi,1990-01-02
P2,Tobi,Adeyemi,2016-05-06
P3,Ada,Adeyemi,2019-07-08
P4,Leanne,Marsh,1985-03-04
P5,Kim,Marsh,2012-01-01
P6,Sarah,Ahmed,1980-02-02
"""
CASES = """record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,status_reason,opened_at,ended_at
C1,P1,Riverford refuge,police,professional_referral,2025-06-02 09:30,closed,support_completed,2025-06-03 10:00,2025-12-31 17:00
C2,P4,Riverford refuge,self,helpline_call,2025-06-02 09:30,open,,2025-06-03 10:00,
C3,P6,Safe Home,self,helpline_call,2025-06-02 09:30,open,,2025-06-03 10:00,
"""
SERVICES = """record_id,service,accommodation_type,funding_source,commissioned,sanctuary_places
A1,Riverford refuge,refuge,part4_grant,yes,
A2,Safe Home,sanctuary_scheme,part4_grant,,12
"""
UNITS_HEADER = (
    "record_id,service,label,bed_spaces,commissioned,accessible,takes_older_boys,takes_pets,"
    "out_of_use,groups,opened_on,closed_on\n"
)
UNITS = (
    "U1,Riverford refuge,Room 1,3,yes,yes,no,yes,no,women;disabled,2020-01-01,\n"
    "U2,Riverford refuge,Room 2,2,,,,,,,,\n"
)
STAYS_HEADER = (
    "record_id,case_record_id,moved_in_on,unit_label,moved_out_on,leaving_reason,"
    "move_on_destination,from_out_of_area\n"
)
STAYS = (
    "S1,C1,2025-06-05,Room 1,2025-09-01,moved_on,social_tenancy,yes\n"
    "S2,C2,2025-09-01,Room 1,,,,\n"
    "S3,C3,2025-06-10,,,,,no\n"
)
MEMBERS_HEADER = "record_id,stay_record_id,person_record_id,member,characteristics\n"
MEMBERS = (
    "M1,S1,P1,adult,minoritised;mental_health\nM2,S1,P2,child,\nM3,S1,P3,child,\nM4,S2,P4,adult,\n"
)
SUPPORT_HEADER = "record_id,stay_record_id,person_record_id,kind,started_on,note\n"
SUPPORT = "H1,S1,P1,advocacy,2025-06-05,\nH2,S1,P2,childrens_support,2025-06-20,Play sessions\n"
UNMET_HEADER = (
    "record_id,service,referred_on,reason,adults,children,characteristics,from_out_of_area\n"
)
UNMET = "N1,Riverford refuge,2025-07-01,no_capacity,1,2,disabled,yes\n"


@pytest.fixture
def cases(idva):
    agency = idva.agency
    ServiceFactory(agency=agency, name="Riverford refuge", kind=ServiceKind.REFUGE)
    ServiceFactory(agency=agency, name="Safe Home", kind=ServiceKind.HOUSING)
    load(idva, "people", PEOPLE)
    load(idva, "cases", CASES)


@pytest.fixture
def units(idva, cases):
    load(idva, "accommodation_services", SERVICES)
    load(idva, "accommodation_units", UNITS_HEADER + UNITS)


@pytest.fixture
def stays(idva, units):
    load(idva, "stays", STAYS_HEADER + STAYS)
    load(idva, "stay_members", MEMBERS_HEADER + MEMBERS)


def _everything(idva):
    return [
        counts(load(idva, "accommodation_services", SERVICES)),
        counts(load(idva, "accommodation_units", UNITS_HEADER + UNITS)),
        counts(load(idva, "stays", STAYS_HEADER + STAYS)),
        counts(load(idva, "stay_members", MEMBERS_HEADER + MEMBERS)),
        counts(load(idva, "stay_support", SUPPORT_HEADER + SUPPORT)),
        counts(load(idva, "unmet_need", UNMET_HEADER + UNMET)),
    ]


def test_a_good_set_of_files_lands_whole(idva, cases):
    assert _everything(idva) == [(2, 0, 0), (2, 0, 0), (3, 0, 0), (4, 0, 0), (2, 0, 0), (1, 0, 0)]

    refuge = AccommodationService.objects.get(service__name="Riverford refuge")
    room = Unit.objects.get(label="Room 1")
    assert (room.bed_spaces, room.accessible, room.takes_pets, room.groups) == (
        3,
        True,
        True,
        ["women", "disabled"],
    )
    assert room.location == ""
    ended = Stay.objects.get(case__person__given_name="Grace")
    assert (ended.accommodation, ended.moved_out_on, ended.move_on_destination) == (
        refuge,
        date(2025, 9, 1),
        "social_tenancy",
    )
    assert ended.from_out_of_area == "yes"
    assert [member.is_child for member in ended.members.all()] == [False, True, True]
    assert sorted(CaseChild.objects.values_list("person__given_name", flat=True)) == [
        "Ada",
        "Tobi",
    ]
    sanctuary = Stay.objects.get(case__person__given_name="Sarah")
    assert (sanctuary.unit, sanctuary.accommodation.sanctuary_places) == (None, 12)
    assert SupportReceived.objects.get(kind="childrens_support").note == "Play sessions"
    need = UnmetNeed.objects.get()
    assert (need.reason, need.children, need.source_reference) == ("no_capacity", 2, "N1")
    assert AuditEvent.objects.filter(action="accommodation.stay_imported").count() == 3


def test_importing_the_same_files_again_changes_nothing(idva, cases):
    _everything(idva)
    before = [model.objects.count() for model in (Unit, Stay, StayMember, SupportReceived)]

    again = _everything(idva)

    assert again == [(0, 2, 0), (0, 2, 0), (0, 3, 0), (0, 4, 0), (0, 2, 0), (0, 1, 0)]
    assert [model.objects.count() for model in (Unit, Stay, StayMember, SupportReceived)] == before


def test_a_unit_file_with_a_location_column_is_refused_whole(idva, cases):
    load(idva, "accommodation_services", SERVICES)
    header = UNITS_HEADER.replace("closed_on", "closed_on,location")

    outcome = load(
        idva, "accommodation_units", header + "U1,Riverford refuge,Room 1,2,,,,,,,,,1 High St\n"
    )

    assert "location" in outcome.refused
    assert not Unit.objects.exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,Riverford refuge,refuge,part4_grant,,", "service: it is an accommodation service"),
        ("B1,Nowhere,refuge,part4_grant,,", "service: "),
        ("B1,Safe Home,castle,part4_grant,,", "accommodation_type: 'castle' is not one"),
        ("B1,Safe Home,refuge,part4_grant,,4", "sanctuary_places: only a sanctuary scheme"),
        ("B1,Safe Home,refuge,part4_grant,maybe,", "commissioned: 'maybe' is not yes or no"),
    ],
)
def test_a_bad_accommodation_service_is_quarantined(idva, cases, row, reason):
    outcome = load(
        idva,
        "accommodation_services",
        SERVICES.splitlines()[0] + "\n" + SERVICES.splitlines()[1] + "\n" + row + "\n",
    )

    assert counts(outcome) == (1, 0, 1)
    assert quarantined("accommodation_services")["B1"][0].startswith(reason)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,Riverford refuge,Room 1,2,,,,,,,,", "label: the service has a unit called 'Room 1'"),
        ("B1,Riverford refuge,Room 9,0,,,,,,,,", "bed_spaces: a unit has at least one bed space"),
        ("B1,Riverford refuge,Room 9,two,,,,,,,,", "bed_spaces: 'two' is not a whole number"),
        ("B1,Safe Home,Room 9,2,,,,,,,,", "service: a sanctuary scheme secures"),
        ("B1,Riverford refuge,Room 9,2,,,,,,castle,,", "groups: 'castle' is not one"),
        (
            "B1,Riverford refuge,Room 9,2,,,,,,,2024-01-02,2024-01-01",
            "closed_on: the unit cannot close before it opened",
        ),
    ],
)
def test_a_bad_unit_is_quarantined(idva, units, row, reason):
    outcome = load(idva, "accommodation_units", UNITS_HEADER + UNITS + row + "\n")

    assert counts(outcome) == (0, 2, 1)
    assert quarantined("accommodation_units")["B1"][0].startswith(reason)
    assert Unit.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,C2,2025-08-01,Room 1,,,,", "unit_label: The unit already has a household staying"),
        ("B1,C2,2025-09-10,Room 2,2025-09-01,left,,", "moved_out_on: The date they moved out"),
        ("B1,C2,2025-09-10,Room 2,,left,,", "leaving_reason: leave it empty until"),
        ("B1,C2,2025-09-10,Room 2,2025-10-01,,,", "leaving_reason: a value is needed"),
        ("B1,C2,2025-09-10,Room 7,,,,", "unit_label: the service has no unit called 'Room 7'"),
        ("B1,C2,2025-09-10,,,,,", "unit_label: a value is needed"),
        ("B1,C3,2025-09-10,Room 2,,,,", "unit_label: a sanctuary scheme stay"),
        ("B1,C2,2099-09-10,Room 2,,,,", "moved_in_on: The date must be today or in the past"),
        ("B1,C9,2025-09-10,Room 2,,,,", "case_record_id: no cases record 'C9'"),
        ("B1,C2,2025-05-10,Room 2,,,,", "moved_in_on: The date cannot be before the case's"),
        ("B1,C2,2025-09-10,Room 2,,,,maybe", "from_out_of_area: 'maybe' is not one"),
    ],
)
def test_a_bad_stay_is_quarantined_and_nothing_of_it_is_written(idva, units, row, reason):
    outcome = load(idva, "stays", STAYS_HEADER + STAYS + row + "\n")

    assert counts(outcome) == (3, 0, 1)
    assert quarantined("stays")["B1"][0].startswith(reason)
    assert Stay.objects.count() == 3


def test_a_stay_overlapping_an_earlier_row_of_the_same_file_is_quarantined(idva, units):
    rows = "X1,C1,2025-06-05,Room 2,,,,\nX2,C2,2025-07-01,Room 2,,,,\n"

    outcome = load(idva, "stays", STAYS_HEADER + rows)

    assert counts(outcome) == (1, 0, 1)
    assert quarantined("stays")["X2"][0].startswith("unit_label: The unit already has")


def test_a_case_not_at_an_accommodation_service_has_no_stay(idva, cases):
    outcome = load(idva, "stays", STAYS_HEADER + "B1,C1,2025-06-05,Room 1,,,,\n")

    assert quarantined("stays")["B1"] == [
        "case_record_id: the case is not at an accommodation service"
    ]
    assert counts(outcome) == (0, 0, 1)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,S2,P5,child,", None),
        ("B1,S1,P5,child,", "member: The household is larger than the unit's 3 bed spaces"),
        ("B1,S3,P5,child,", "member: A child must be placed with at least one adult"),
        ("B1,S1,P1,adult,", "person_record_id: the person is a member of this stay already"),
        ("B1,S2,P5,cousin,", "member: 'cousin' is not one of the codes"),
        ("B1,S2,P5,child,brave", "characteristics: 'brave' is not one of the codes"),
        ("B1,S9,P5,child,", "stay_record_id: no stays record 'S9'"),
    ],
)
def test_a_bad_stay_member_is_quarantined(idva, units, row, reason):
    load(idva, "stays", STAYS_HEADER + STAYS)

    outcome = load(idva, "stay_members", MEMBERS_HEADER + MEMBERS + row + "\n")

    if reason is None:  # the good case of the same shape: a child with an adult, in room
        assert counts(outcome) == (5, 0, 0)
        return
    assert counts(outcome) == (4, 0, 1)
    assert quarantined("stay_members")["B1"][0].startswith(reason)
    assert StayMember.objects.count() == 4
    assert not CaseChild.objects.filter(person__given_name="Kim").exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,S1,P1,advocacy,2025-06-06,", "kind: the person has this kind of support"),
        ("B1,S1,P3,advocacy,2025-06-01,", "started_on: The date cannot be before the household"),
        ("B1,S1,P3,advocacy,2025-10-01,", "started_on: The date cannot be after the household"),
        ("B1,S1,P4,advocacy,2025-06-06,", "person_record_id: the person is not a member"),
        ("B1,S1,P3,hugs,2025-06-06,", "kind: 'hugs' is not one of the codes"),
    ],
)
def test_bad_support_is_quarantined(idva, stays, row, reason):
    outcome = load(idva, "stay_support", SUPPORT_HEADER + SUPPORT + row + "\n")

    assert counts(outcome) == (2, 0, 1)
    assert quarantined("stay_support")["B1"][0].startswith(reason)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,Riverford refuge,2025-07-01,duplicate,1,0,,", "reason: 'duplicate' is not one"),
        ("B1,Riverford refuge,2025-07-01,no_capacity,0,2,,", "adults: a household has at least"),
        ("B1,Family Service,2025-07-01,no_capacity,1,0,,", "service: "),
        ("B1,Safe Home,2099-07-01,no_capacity,1,0,,", "referred_on: The date must be today"),
    ],
)
def test_bad_unmet_need_is_quarantined(idva, units, row, reason):
    outcome = load(idva, "unmet_need", UNMET_HEADER + UNMET + row + "\n")

    assert counts(outcome) == (1, 0, 1)
    assert quarantined("unmet_need")["B1"][0].startswith(reason)
