"""Importing family-service records (children with their concerns, risk assessments and
sessions) and perpetrator-programme records through the programme services, on cases
closed since; bad rows kept in quarantine with reasons naming the column; importing again
changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from concord.cases.tests.imports import counts, load, quarantined
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)

pytestmark = pytest.mark.django_db

PEOPLE = """record_id,given_name,family_name,date_of_birth,roles
P1,Sarah,Ahmed,1988-03-14,victim_survivor
P2,Amy,Ahmed,2016-03-27,
P3,Tom,Ahmed,2006-01-10,
P4,Daniel,Price,1985-01-01,person_causing_harm
P5,Grown,Up,2000-01-01,
"""
CASES = """record_id,person_record_id,service,referral_source,method_of_access,referred_at,status,status_reason,opened_at,ended_at
C1,P1,Family Service,police,professional_referral,2025-06-02 09:30,closed,support_completed,2025-06-03 10:00,2025-12-31 17:00
C2,P4,Jenkins Centre,probation,professional_referral,2025-06-02 09:30,closed,support_completed,2025-06-03 10:00,2025-12-31 17:00
C3,P4,Jenkins Centre,probation,professional_referral,2025-08-01 09:30,open,,2025-08-02 10:00,
"""
CHILDREN_HEADER = (
    "record_id,case_record_id,person_record_id,role,flags_asked_on,self_harm,"
    "suicidal_feelings,forced_marriage_risk,using_violence_at_home\n"
)
# Tom is 20 now but was 19, within the family service's ages, when the case was referred.
CHILDREN = "K1,C1,P2,child_of_victim,2025-06-10,no,no,no,yes\nK2,C1,P3,child_of_victim,,,,,\n"
RISK_HEADER = "record_id,child_record_id,assessed_on,level,completed_by_email\n"
RISK = "A1,K1,2025-06-12,medium,\n"
SESSIONS_HEADER = (
    "record_id,child_record_id,kind,sessions_attended,first_session_on,last_session_on\n"
)
SESSIONS = "S1,K1,group,6,2025-06-15,2025-07-20\n"
PROGRAMME_HEADER = (
    "record_id,case_record_id,referral_received_on,assessment_on,assessment_attendance,"
    "assessment_outcome,unsuitable_reason,sessions_offered,sessions_attended,completion,"
    "completion_on,left_early_reason,complex_needs,has_children,number_of_children,"
    "child_protection_threshold,partner_support_offered,partner_prior_support,"
    "referred_to_idva_on,referred_to_marac_on\n"
)
PROGRAMME = (
    "G1,C2,2025-06-03,2025-06-10,attended,suitable,,24,20,completed,2025-12-01,,yes,yes,2,no,"
    "yes,no,2025-06-11,\n"
)


@pytest.fixture
def cases(idva, family_service, programme_service):
    load(idva, "people", PEOPLE)
    load(idva, "cases", CASES)


def family_files(idva):
    return [
        load(idva, "family_service_children", CHILDREN_HEADER + CHILDREN),
        load(idva, "child_risk_assessments", RISK_HEADER + RISK),
        load(idva, "child_sessions", SESSIONS_HEADER + SESSIONS),
    ]


# Family service ------------------------------------------------------------------------------


def test_children_come_with_their_concerns_risk_assessments_and_sessions(idva, cases):
    assert [counts(outcome) for outcome in family_files(idva)] == [(2, 0, 0), (1, 0, 0), (1, 0, 0)]

    amy = CaseChild.objects.get(person__given_name="Amy")
    assert (amy.role, amy.using_violence_at_home, amy.self_harm) == ("child_of_victim", "yes", "no")
    assert amy.flags_asked_on == date(2025, 6, 10)
    assert amy.person.is_child_young_person
    assessment = ChildRiskAssessment.objects.get()
    assert (assessment.case_child, assessment.level, assessment.completed_by) == (
        amy,
        "medium",
        idva.user,
    )
    sessions = ChildAttendance.objects.get()
    assert (sessions.case_child, sessions.kind, sessions.sessions_attended) == (amy, "group", 6)
    tom = CaseChild.objects.get(person__given_name="Tom")
    assert (tom.self_harm, tom.flags_asked_on) == ("not_known", None)


def test_importing_the_same_family_files_again_changes_nothing(idva, cases):
    family_files(idva)

    again = family_files(idva)

    assert [counts(outcome) for outcome in again] == [(0, 2, 0), (0, 1, 0), (0, 1, 0)]
    assert CaseChild.objects.count() == 2
    assert (ChildRiskAssessment.objects.count(), ChildAttendance.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("B1,C1,P5,child_of_victim,,,,,", "person_record_id: The family service supports"),
        ("B1,C1,P2,child_of_victim,,,,,", "person_record_id: Amy Ahmed is already on this case"),
        ("B1,C1,P5,cousin,,,,,", "role: 'cousin' is not one of the codes for this column"),
        ("B1,C1,P5,,,,,,", "role: a value is needed"),
        ("B1,C1,P9,child_of_victim,,,,,", "person_record_id: no people record 'P9' has been"),
        ("B1,C9,P5,child_of_victim,,,,,", "case_record_id: no cases record 'C9' has been"),
        ("B1,C2,P5,child_of_victim,,,,,", "case_record_id: Family service records are kept"),
        ("B1,C1,P3,child_of_victim,,yes,,,", "flags_asked_on: a value is needed"),
        ("B1,C1,P3,child_of_victim,2025-06-10,maybe,,,", "self_harm: 'maybe' is not one of"),
        ("B1,C1,P3,child_of_victim,2025-05-10,,,,", "flags_asked_on: The date asked cannot be"),
    ],
)
def test_a_bad_child_row_is_quarantined_with_its_reason_and_the_good_rows_land(
    idva, cases, row, reason
):
    good = "K1,C1,P2,child_of_victim,2025-06-10,no,no,no,yes\n"

    outcome = load(idva, "family_service_children", CHILDREN_HEADER + good + row + "\n")

    assert counts(outcome) == (1, 0, 1)
    assert quarantined("family_service_children")["B1"][0].startswith(reason)
    assert CaseChild.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "header", "row", "reason"),
    [
        (
            "child_risk_assessments",
            RISK_HEADER,
            "B1,K1,2025-05-01,high,",
            "assessed_on: The date of the assessment cannot be before the case was referred",
        ),
        ("child_risk_assessments", RISK_HEADER, "B1,K1,2025-06-12,extreme,", "level: 'extreme'"),
        (
            "child_risk_assessments",
            RISK_HEADER,
            "B1,K7,2025-06-12,high,",
            "child_record_id: no family_service_children record 'K7' has been imported",
        ),
        (
            "child_risk_assessments",
            RISK_HEADER,
            "B1,K1,2025-06-12,high,nobody@example.org",
            "completed_by_email: 'nobody@example.org' is not a user of",
        ),
        (
            "child_sessions",
            SESSIONS_HEADER,
            "B1,K1,creche,2,2025-07-20,2025-06-15",
            "last_session_on: The last session cannot be before the first",
        ),
        ("child_sessions", SESSIONS_HEADER, "B1,K1,creche,none,2025-07-20,", "sessions_attended:"),
        (
            "child_sessions",
            SESSIONS_HEADER,
            "B1,K9,creche,1,2025-07-20,",
            "child_record_id: no family_service_children record 'K9' has been imported",
        ),
        (
            "child_sessions",
            SESSIONS_HEADER,
            "B1,K1,creche,0,2025-07-20,",
            "sessions_attended: Enter the number of sessions attended, 1 or more",
        ),
    ],
)
def test_a_bad_assessment_or_sessions_row_is_quarantined_with_its_reason(
    idva, cases, kind, header, row, reason
):
    load(idva, "family_service_children", CHILDREN_HEADER + CHILDREN)
    good = RISK if kind == "child_risk_assessments" else SESSIONS

    outcome = load(idva, kind, header + good + row + "\n")

    assert counts(outcome) == (1, 0, 1)
    assert quarantined(kind)["B1"][0].startswith(reason)


# Perpetrator programme -----------------------------------------------------------------------


def test_a_programme_record_is_imported_whole_on_a_closed_case(idva, cases):
    outcome = load(idva, "perpetrator_programme_records", PROGRAMME_HEADER + PROGRAMME)

    assert counts(outcome) == (1, 0, 0)
    record = ProgrammeRecord.objects.get()
    assert record.referral_received_on == date(2025, 6, 3)
    assert (record.assessment_attendance, record.assessment_outcome) == ("attended", "suitable")
    assert (record.sessions_offered, record.sessions_attended) == (24, 20)
    assert (record.completion, record.completion_on) == ("completed", date(2025, 12, 1))
    assert (record.has_children, record.number_of_children) == ("yes", 2)
    assert (record.partner_support_offered, record.referred_to_idva_on) == (
        "yes",
        date(2025, 6, 11),
    )


def test_a_programme_row_with_only_its_case_is_received_on_the_day_referred(idva, cases):
    load(idva, "perpetrator_programme_records", PROGRAMME_HEADER + "G1,C3" + "," * 18 + "\n")

    assert ProgrammeRecord.objects.get().referral_received_on == date(2025, 8, 1)


def test_importing_the_same_programme_file_again_changes_nothing(idva, cases):
    load(idva, "perpetrator_programme_records", PROGRAMME_HEADER + PROGRAMME)

    outcome = load(idva, "perpetrator_programme_records", PROGRAMME_HEADER + PROGRAMME)

    assert counts(outcome) == (0, 1, 0)
    assert ProgrammeRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "B1,C3,2025-08-02,2025-08-10,attended,unsuitable,,,,,,,,,,,,,,",
            "unsuitable_reason: Select why the person is not suitable",
        ),
        (
            "B1,C3,2025-08-02,2025-08-10,did_not_attend,,,5,,,,,,,,,,,,",
            "sessions_offered: Sessions are offered only after an assessment found the person",
        ),
        (
            "B1,C3,2025-08-20,2025-08-10,attended,suitable,,,,,,,,,,,,,,",
            "assessment_on: The assessment cannot be before the referral was received",
        ),
        (
            "B1,C3,,2025-08-10,attended,suitable,,10,12,,,,,,,,,,,",
            "sessions_attended: Sessions attended cannot be more than sessions offered",
        ),
        (
            "B1,C3,,2025-08-10,attended,suitable,,10,8,left_early,2025-09-01,,,,,,,,,",
            "left_early_reason: Select why the person left early",
        ),
        ("B1,C3,,,,,,,,,,,,no,2,,,,,", "number_of_children: Leave the number of children empty"),
        ("B1,C3,,,,,,,,,,,,,,,perhaps,,,", "partner_support_offered: 'perhaps' is not one of"),
        ("B1,C3,,,,,,,,,,,,,,,,,2099-01-01,", "referred_to_idva_on: The date referred to an IDVA"),
        ("B1,C9,,,,,,,,,,,,,,,,,,", "case_record_id: no cases record 'C9' has been imported"),
        ("B1,C1,,,,,,,,,,,,,,,,,,", "case_record_id: Perpetrator programme records are kept"),
        ("B1,C2,,,,,,,,,,,,,,,,,,", "case_record_id: this case already has a programme record"),
    ],
)
def test_a_bad_programme_row_is_quarantined_with_its_reason_and_the_good_rows_land(
    idva, cases, row, reason
):
    outcome = load(idva, "perpetrator_programme_records", PROGRAMME_HEADER + PROGRAMME + row + "\n")

    assert counts(outcome) == (1, 0, 1)
    assert quarantined("perpetrator_programme_records")["B1"][0].startswith(reason)
    assert not ProgrammeRecord.objects.filter(case__referred_at__month=8).exists()
