"""Case services: lifecycle through the service, dates in order, out of hours, intake
profile, safety plans and closing with an exit review. Every write is audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import StatusChange
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def case(idva, person_a):
    service = ServiceFactory(agency=person_a.agency)
    return services.open_case(
        idva.user,
        person_a,
        service,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=local(2026, 11, 2, 9, 30),
        abuse_types=["physical", "controlling_or_coercive"],
    )


def test_a_new_case_starts_as_referred_with_a_reference_and_history(case, idva):
    assert case.status == CaseStatus.REFERRED
    assert case.reference.startswith("HAVE-")
    assert case.lead_professional == idva.user
    assert [c.to_status for c in StatusChange.objects.filter(case=case)] == ["referred"]
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(case.pk)).exists()


def test_references_count_up_within_the_agency(case, idva, person_a):
    second = services.open_case(
        idva.user,
        person_a,
        case.service,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=local(2026, 11, 3, 9, 0),
    )

    assert int(second.reference.split("-")[1]) == int(case.reference.split("-")[1]) + 1


def test_a_case_cannot_use_another_agencys_service(idva, person_a, agency_b):
    with pytest.raises(ValidationError, match="your agency"):
        services.open_case(
            idva.user,
            person_a,
            ServiceFactory(agency=agency_b),
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=local(2026, 11, 2, 9, 0),
        )


def test_a_referral_in_the_future_is_refused(idva, person_a):
    with pytest.raises(ValidationError, match="now or in the past"):
        services.open_case(
            idva.user,
            person_a,
            ServiceFactory(agency=person_a.agency),
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=timezone.now() + timedelta(days=1),
        )


def test_unknown_abuse_types_are_refused(idva, person_a):
    with pytest.raises(ValidationError, match="Unknown abuse types: punching"):
        services.open_case(
            idva.user,
            person_a,
            ServiceFactory(agency=person_a.agency),
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=local(2026, 11, 2, 9, 0),
            abuse_types=["punching"],
        )


def test_opening_then_closing_follows_the_lifecycle(case, idva):
    services.change_status(idva.user, case, CaseStatus.OPEN)
    services.close_case(
        idva.user,
        case,
        reason="support_completed",
        reviewed_on=date(2026, 11, 20),
        feels_safer="yes",
        abuse_change="stopped",
        wellbeing_at_intake=3,
        wellbeing_at_exit=7,
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert case.exit_review.feels_safer == "yes"
    steps = [(c.from_status, c.to_status) for c in case.status_changes.all()]
    assert steps == [("", "referred"), ("referred", "open"), ("open", "closed")]


def test_an_illegal_move_is_refused_and_nothing_changes(case, idva):
    with pytest.raises(ValidationError, match="referred cannot become closed"):
        services.change_status(idva.user, case, CaseStatus.CLOSED, "support_completed")

    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    assert case.status_changes.count() == 1


def test_declining_needs_a_reason(case, idva):
    with pytest.raises(ValidationError) as error:
        services.change_status(idva.user, case, CaseStatus.DECLINED, "")

    assert "reason" in error.value.message_dict


def test_a_bad_exit_review_leaves_the_case_open(case, idva):
    services.change_status(idva.user, case, CaseStatus.OPEN)

    with pytest.raises(ValidationError):
        services.close_case(
            idva.user,
            case,
            reason="support_completed",
            reviewed_on=date(2026, 11, 20),
            feels_safer="maybe",
            abuse_change="stopped",
        )

    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_contact_before_the_referral_is_refused(case, idva):
    with pytest.raises(ValidationError, match="cannot be before the referral"):
        services.record_contact(
            idva.user,
            case,
            channel="call",
            initiated_by="victim",
            occurred_at=local(2026, 11, 1, 12, 0),
        )


@pytest.mark.parametrize(
    ("moment", "out_of_hours"),
    [
        (local(2026, 11, 4, 12, 0), False),  # Wednesday midday
        (local(2026, 11, 4, 17, 0), True),  # 17:00 exactly
        (local(2026, 11, 4, 16, 59), False),
        (local(2026, 11, 4, 9, 0), False),  # 09:00 exactly
        (local(2026, 11, 7, 11, 0), True),  # Saturday
        (local(2026, 12, 28, 11, 0), True),  # Boxing Day (substitute day)
        (local(2031, 12, 25, 11, 0), True),  # Christmas Day, after the old calendar's end
        (local(2032, 3, 29, 10, 0), True),  # Easter Monday
        (local(2031, 6, 11, 10, 0), False),  # an ordinary Wednesday
    ],
)
def test_out_of_hours_comes_from_the_office_hours_calendar(moment, out_of_hours):
    assert services.contact_is_out_of_hours(moment) is out_of_hours


def test_a_recorded_contact_keeps_whether_it_was_out_of_hours(case, idva):
    saturday = services.record_contact(
        idva.user, case, channel="call", initiated_by="victim", occurred_at=local(2026, 11, 7, 11)
    )
    wednesday = services.record_contact(
        idva.user, case, channel="call", initiated_by="victim", occurred_at=local(2026, 11, 4, 11)
    )

    assert (saturday.out_of_hours, wednesday.out_of_hours) == (True, False)


@override_settings(OFFICE_HOURS="Mon-Sat 08:00-20:00")
def test_office_hours_are_configuration():
    services.office_hours.cache_clear()
    try:
        assert services.contact_is_out_of_hours(local(2026, 11, 7, 11, 0)) is False
    finally:
        services.office_hours.cache_clear()


@override_settings(EXTRA_HOLIDAY_DATES=[date(2026, 11, 4)])
def test_an_extra_closure_day_from_the_settings_is_out_of_hours():
    services.office_hours.cache_clear()
    try:
        assert services.contact_is_out_of_hours(local(2026, 11, 4, 12, 0)) is True
        assert services.contact_is_out_of_hours(local(2026, 11, 5, 12, 0)) is False
    finally:
        services.office_hours.cache_clear()


def test_the_first_contact_dates_the_case(case, idva):
    services.record_contact(
        idva.user,
        case,
        channel="call",
        initiated_by="victim",
        occurred_at=local(2026, 11, 5, 10, 0),
    )
    services.record_contact(
        idva.user,
        case,
        channel="text",
        initiated_by="victim",
        occurred_at=local(2026, 11, 3, 10, 0),
    )

    case.refresh_from_db()
    assert case.first_contact_at == local(2026, 11, 3, 10, 0)


def test_a_closed_case_takes_no_contacts(case, idva):
    services.change_status(idva.user, case, CaseStatus.DECLINED, "not_eligible")

    with pytest.raises(ValidationError, match="Reopen the case"):
        services.record_contact(
            idva.user,
            case,
            channel="call",
            initiated_by="victim",
            occurred_at=local(2026, 11, 5, 10, 0),
        )


def test_intake_profile_fills_unanswered_items_as_not_known(case, idva):
    profile = services.record_intake_profile(
        idva.user, case, assessed_on=date(2026, 11, 3), answers={"mental_health": "yes"}
    )

    assert profile.answer("mental_health") == "yes"
    assert profile.answer("pregnant") == "not_known"
    assert len(profile.answers) == 17


def test_intake_profile_refuses_answers_other_than_yes_no_not_known(case, idva):
    with pytest.raises(ValidationError) as error:
        services.record_intake_profile(
            idva.user, case, assessed_on=date(2026, 11, 3), answers={"self_harm": "maybe"}
        )

    assert "self_harm" in error.value.message_dict


def test_a_safety_plan_cannot_be_reviewed_before_it_was_made(case, idva):
    with pytest.raises(ValidationError, match="reviewed before it was made"):
        services.record_safety_plan(
            idva.user,
            case,
            created_on=date(2026, 11, 10),
            reviewed_on=date(2026, 11, 9),
            areas=["safe_places"],
        )


def test_a_safety_plan_needs_an_area(case, idva):
    with pytest.raises(ValidationError, match="at least one area"):
        services.record_safety_plan(idva.user, case, created_on=date(2026, 11, 10), areas=[])
