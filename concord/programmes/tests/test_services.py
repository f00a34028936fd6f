"""Programme services: family-service children, their risk assessments, concerns and
sessions; the perpetrator programme record's parts; the date rules; records refused on
cases at other kinds of service or not live; every write audited with field names only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.core.models import AuditEvent
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory
from concord.programmes import services
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)
from concord.programmes.tests.factories import CaseChildFactory, ProgrammeRecordFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def audited(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).get()


# Family service ------------------------------------------------------------------------------


def test_a_new_child_is_recorded_as_a_child_of_the_agency_and_put_on_the_case(
    idva, family_case, child
):
    person = child.person
    assert person.agency == family_case.agency
    assert person.is_child_young_person
    assert (child.case, child.role) == (family_case, "child_of_victim")
    assert child.self_harm == "not_known"
    event = audited("case.child_added")
    assert event.object_id == str(family_case.pk) and event.changes == ["children"]
    assert AuditEvent.objects.filter(action="person.created", object_id=str(person.pk)).exists()


def test_someone_already_recorded_becomes_a_child_or_young_person_on_the_case(
    idva, family_case, agency_a
):
    jo = PersonFactory(agency=agency_a, given_name="Jo", date_of_birth=date(2011, 1, 5))

    child = services.add_child(idva.user, family_case, jo, role="own_relationship_13_to_15")

    jo.refresh_from_db()
    assert jo.is_child_young_person
    assert child.person == jo


def test_a_child_is_on_a_case_once(idva, family_case, child):
    with pytest.raises(ValidationError) as raised:
        services.add_child(idva.user, family_case, child.person, role="child_of_victim")

    assert errors(raised) == {"person": ["Amy Ahmed is already on this case"]}


def test_a_child_of_another_agency_cannot_be_added(idva, family_case, agency_b):
    other = PersonFactory(agency=agency_b, date_of_birth=date(2016, 1, 1))

    with pytest.raises(ValidationError) as raised:
        services.add_child(idva.user, family_case, other, role="child_of_victim")

    assert "person" in errors(raised)
    assert not CaseChild.objects.exists()


def test_the_family_service_is_for_people_aged_19_or_under(idva, family_case, agency_a):
    adult = PersonFactory(agency=agency_a, given_name="Lee", family_name="Hart")

    with pytest.raises(ValidationError) as raised:
        services.add_child(idva.user, family_case, adult, role="child_of_victim")

    assert "aged 0 to 19: Lee Hart is" in errors(raised)["person"][0]


def test_a_new_child_of_the_wrong_age_for_the_role_is_not_recorded_at_all(idva, family_case):
    before = Person.objects.count()

    with pytest.raises(ValidationError) as raised:
        services.add_new_child(
            idva.user,
            family_case,
            given_name="Jo",
            family_name="Marsh",
            date_of_birth=date(2016, 3, 27),
            role="own_relationship_16_to_17",
        )

    assert "this role is for young people aged 16 to 17" in errors(raised)["role"][0]
    assert Person.objects.count() == before


def test_a_new_child_with_only_an_approximate_age_is_checked_too(idva, family_case):
    with pytest.raises(ValidationError) as raised:
        services.add_new_child(
            idva.user,
            family_case,
            given_name="Jo",
            family_name="Marsh",
            approximate_age=25,
            role="child_of_victim",
        )

    assert "approximate_age" in errors(raised)


def test_risk_assessments_are_all_kept_with_who_completed_them(idva, manager_a, child):
    services.record_child_risk_assessment(
        idva.user, child, assessed_on=date(2026, 11, 3), level="medium"
    )
    services.record_child_risk_assessment(
        idva.user,
        child,
        assessed_on=date(2026, 11, 10),
        level="high",
        completed_by=manager_a.user,
    )

    levels = [(a.level, a.completed_by) for a in child.risk_assessments.all()]
    assert levels == [("high", manager_a.user), ("medium", idva.user)]
    assert AuditEvent.objects.filter(action="family.child_risk_assessed").count() == 2


def test_a_risk_assessment_in_the_future_or_before_the_referral_is_refused(idva, child):
    for day, message in (
        (TOMORROW, "The date of the assessment must be today or in the past"),
        (date(2026, 11, 1), "The date of the assessment cannot be before the case was referred"),
    ):
        with pytest.raises(ValidationError) as raised:
            services.record_child_risk_assessment(idva.user, child, assessed_on=day, level="high")
        assert errors(raised) == {"assessed_on": [message]}
    with pytest.raises(ValidationError) as raised:
        services.record_child_risk_assessment(
            idva.user, child, assessed_on=date(2026, 11, 3), level="severe"
        )
    assert errors(raised) == {"level": ["Select the level of risk"]}
    assert not ChildRiskAssessment.objects.exists()


def test_concerns_are_yes_no_or_not_known_and_audited_by_name(idva, child):
    services.record_child_flags(
        idva.user, child, asked_on=date(2026, 11, 4), self_harm="yes", forced_marriage_risk="no"
    )

    child.refresh_from_db()
    assert (child.self_harm, child.forced_marriage_risk) == ("yes", "no")
    assert (child.suicidal_feelings, child.using_violence_at_home) == ("not_known", "not_known")
    assert child.flags_asked_on == date(2026, 11, 4)
    event = audited("family.child_flags_recorded")
    assert event.changes == [
        "children.flags_asked_on",
        "children.forced_marriage_risk",
        "children.self_harm",
    ]


def test_concerns_refuse_unknown_answers_and_dates_in_the_future(idva, child):
    with pytest.raises(ValidationError) as raised:
        services.record_child_flags(idva.user, child, asked_on=TOMORROW, self_harm="maybe")

    assert set(errors(raised)) == {"asked_on", "self_harm"}
    child.refresh_from_db()
    assert child.self_harm == "not_known"


def test_sessions_attended_from_first_to_last(idva, child):
    services.record_child_attendance(
        idva.user,
        child,
        kind="creche",
        sessions_attended=4,
        first_session_on=date(2026, 11, 3),
        last_session_on=date(2026, 11, 17),
    )
    one = services.record_child_attendance(
        idva.user, child, kind="group", sessions_attended=1, first_session_on=date(2026, 11, 5)
    )

    assert one.last_session_on == date(2026, 11, 5)
    assert ChildAttendance.objects.count() == 2
    assert AuditEvent.objects.filter(action="family.child_attendance_recorded").count() == 2


def test_sessions_out_of_order_or_none_are_refused(idva, child):
    with pytest.raises(ValidationError) as raised:
        services.record_child_attendance(
            idva.user,
            child,
            kind="trip",
            sessions_attended=0,
            first_session_on=date(2026, 11, 17),
            last_session_on=date(2026, 11, 3),
        )

    assert set(errors(raised)) == {"kind", "sessions_attended", "last_session_on"}
    assert not ChildAttendance.objects.exists()


def test_family_records_are_refused_on_a_case_at_another_kind_of_service(
    idva, help_point_case, programme_case
):
    for case in (help_point_case, programme_case):
        with pytest.raises(ValidationError) as raised:
            services.add_new_child(
                idva.user, case, given_name="Amy", family_name="Ahmed", role="child_of_victim"
            )
        assert raised.value.messages == [services.NOT_FAMILY_CASE]
    assert not CaseChild.objects.exists()


def test_family_records_wait_until_a_closed_case_is_reopened(idva, family_case, child):
    case_services.change_status(idva.user, family_case, CaseStatus.DECLINED, "duplicate")

    with pytest.raises(ValidationError, match="Reopen the case"):
        services.record_child_risk_assessment(
            idva.user, child, assessed_on=date(2026, 11, 3), level="high"
        )


def test_factories_make_valid_records():
    child = CaseChildFactory()
    record = ProgrammeRecordFactory()

    child.full_clean()
    record.full_clean()
    assert services.is_family_case(child.case)
    assert services.is_programme_case(record.case)


# Perpetrator programme -----------------------------------------------------------------------


def test_the_first_part_recorded_makes_the_one_record_of_the_case(idva, programme_case):
    services.record_programme_assessment(
        idva.user,
        programme_case,
        assessment_on=date(2026, 11, 5),
        assessment_attendance="attended",
        assessment_outcome="suitable",
    )
    services.record_programme_sessions(
        idva.user, programme_case, sessions_offered=12, sessions_attended=10
    )

    record = ProgrammeRecord.objects.get()
    assert record.case == programme_case and record.agency == programme_case.agency
    assert record.referral_received_on == date(2026, 11, 2)  # the case's referral, until changed
    assert (record.sessions_offered, record.sessions_attended) == (12, 10)
    event = audited("programme.sessions_recorded")
    assert event.changes == [
        "programme_record.sessions_attended",
        "programme_record.sessions_offered",
    ]


def test_a_whole_programme_from_referral_to_completion(idva, programme_case):
    actor, case = idva.user, programme_case
    services.record_programme_referral(actor, case, referral_received_on=date(2026, 11, 3))
    services.record_programme_assessment(
        actor,
        case,
        assessment_on=date(2026, 11, 5),
        assessment_attendance="attended",
        assessment_outcome="suitable",
    )
    services.record_programme_sessions(actor, case, sessions_offered=8, sessions_attended=8)
    services.record_programme_completion(
        actor, case, completion="completed", completion_on=date(2026, 11, 20)
    )
    services.record_programme_children_and_needs(
        actor,
        case,
        complex_needs="yes",
        has_children="yes",
        number_of_children=2,
        child_protection_threshold="no",
    )
    services.record_partner_support(
        actor, case, partner_support_offered="yes", partner_prior_support="no"
    )
    services.record_onward_referrals(actor, case, referred_to_idva_on=date(2026, 11, 6))

    record = ProgrammeRecord.objects.get()
    assert record.completion == "completed" and record.completion_on == date(2026, 11, 20)
    assert record.number_of_children == 2
    assert record.partner_prior_support == "no"
    assert record.referred_to_idva_on == date(2026, 11, 6)
    assert record.referred_to_marac_on is None
    assert AuditEvent.objects.filter(action__startswith="programme.").count() == 7


def test_attended_more_than_offered_is_refused_and_nothing_saved(idva, programme_case):
    services.record_programme_assessment(
        idva.user,
        programme_case,
        assessment_on=date(2026, 11, 5),
        assessment_attendance="attended",
        assessment_outcome="suitable",
    )

    with pytest.raises(ValidationError) as raised:
        services.record_programme_sessions(
            idva.user, programme_case, sessions_offered=4, sessions_attended=5
        )

    assert errors(raised) == {
        "sessions_attended": ["Sessions attended cannot be more than sessions offered"]
    }
    assert ProgrammeRecord.objects.get().sessions_offered == 0


def test_an_assessment_before_the_referral_is_refused_and_no_record_made(idva, programme_case):
    with pytest.raises(ValidationError) as raised:
        services.record_programme_assessment(
            idva.user,
            programme_case,
            assessment_on=date(2026, 11, 1),
            assessment_attendance="did_not_attend",
        )

    assert errors(raised) == {
        "assessment_on": ["The assessment cannot be before the referral was received"]
    }
    assert not ProgrammeRecord.objects.exists()


def test_moving_the_referral_after_the_assessment_is_refused_on_the_referral(idva, programme_case):
    services.record_programme_assessment(
        idva.user,
        programme_case,
        assessment_on=date(2026, 11, 5),
        assessment_attendance="did_not_attend",
    )

    with pytest.raises(ValidationError) as raised:
        services.record_programme_referral(
            idva.user, programme_case, referral_received_on=date(2026, 11, 6)
        )

    assert errors(raised) == {
        "referral_received_on": ["The referral cannot have been received after the assessment"]
    }


def test_completion_before_the_assessment_or_in_the_future_is_refused(idva, programme_case):
    services.record_programme_assessment(
        idva.user,
        programme_case,
        assessment_on=date(2026, 11, 5),
        assessment_attendance="attended",
        assessment_outcome="suitable",
    )
    for day, message in (
        (date(2026, 11, 4), "The date completed or left cannot be before the assessment"),
        (TOMORROW, "The date completed or left must be today or in the past"),
    ):
        with pytest.raises(ValidationError) as raised:
            services.record_programme_completion(
                idva.user, programme_case, completion="completed", completion_on=day
            )
        assert errors(raised) == {"completion_on": [message]}
    assert ProgrammeRecord.objects.get().completion == ""


def test_unknown_codes_are_refused(idva, programme_case):
    with pytest.raises(ValidationError) as raised:
        services.record_programme_children_and_needs(
            idva.user,
            programme_case,
            complex_needs="perhaps",
            has_children="no",
            child_protection_threshold="no",
        )

    assert "complex_needs" in errors(raised)


def test_programme_records_are_refused_on_a_case_at_another_kind_of_service(
    idva, help_point_case, family_case
):
    for case in (help_point_case, family_case):
        with pytest.raises(ValidationError) as raised:
            services.record_programme_referral(
                idva.user, case, referral_received_on=date(2026, 11, 2)
            )
        assert raised.value.messages == [services.NOT_PROGRAMME_CASE]
    assert not ProgrammeRecord.objects.exists()


def test_programme_records_wait_until_a_closed_case_is_reopened(idva, programme_case):
    case_services.change_status(idva.user, programme_case, CaseStatus.DECLINED, "duplicate")

    with pytest.raises(ValidationError, match="Reopen the case before recording programme work"):
        services.record_programme_referral(
            idva.user, programme_case, referral_received_on=date(2026, 11, 2)
        )
    assert not ProgrammeRecord.objects.exists()
