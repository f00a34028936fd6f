"""Housing services: dates in order and never in the future or before the referral, the
home secured once per case, sanctuary measures, and every write audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.accommodation import services
from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_first_outcome_makes_the_one_housing_record_of_the_case(idva, housing_case):
    services.record_options_assessment(
        idva.user, housing_case, assessed_on=date(2026, 11, 3), outcome="Stay with sanctuary"
    )
    services.record_transfer(
        idva.user, housing_case, kind="management_transfer", transferred_on=date(2026, 11, 10)
    )

    record = HousingRecord.objects.get()
    assert record.case == housing_case and record.agency == housing_case.agency
    assert record.options_outcome == "Stay with sanctuary"
    assert record.transfer_kind == "management_transfer"


def test_home_secured_counts_once_per_case_and_can_be_corrected(idva, housing_case):
    services.record_home_secured(idva.user, housing_case, secured_on=date(2026, 11, 6))
    services.record_home_secured(idva.user, housing_case, secured_on=date(2026, 11, 9))

    november = HousingRecord.objects.homes_secured_between(date(2026, 11, 1), date(2026, 11, 30))
    assert november.count() == 1
    assert november.get().home_secured_on == date(2026, 11, 9)
    actions = list(
        AuditEvent.objects.for_object("cases.case", housing_case.pk)
        .filter(action__startswith="housing.")
        .values_list("action", flat=True)
    )
    assert actions == ["housing.home_secured", "housing.home_secured_changed"]


def test_every_write_is_audited_against_the_case_naming_fields_not_values(idva, housing_case):
    services.add_sanctuary_measure(
        idva.user, housing_case, kind="alarm", fitted_on=date(2026, 11, 4)
    )
    services.record_refuge_placement(idva.user, housing_case, placed_on=date(2026, 11, 3))

    events = AuditEvent.objects.filter(action__startswith="housing.", actor=idva.user)
    assert [e.changes for e in events] == [
        ["housing_record.sanctuary_measures"],
        ["housing_record.refuge_placed_on"],
    ]
    assert {e.object_id for e in events} == {str(housing_case.pk)}


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (lambda u, c, d: services.record_home_secured(u, c, secured_on=d), "secured_on"),
        (
            lambda u, c, d: services.add_sanctuary_measure(u, c, kind="alarm", fitted_on=d),
            "fitted_on",
        ),
        (
            lambda u, c, d: services.record_options_assessment(
                u, c, assessed_on=d, outcome="Advice"
            ),
            "assessed_on",
        ),
        (lambda u, c, d: services.record_emergency_accommodation(u, c, placed_on=d), "placed_on"),
        (lambda u, c, d: services.record_refuge_placement(u, c, placed_on=d), "placed_on"),
        (
            lambda u, c, d: services.record_transfer(u, c, kind="reciprocal", transferred_on=d),
            "transferred_on",
        ),
        (
            lambda u, c, d: services.record_person_causing_harm_moved(
                u, c, moved="yes", moved_on=d
            ),
            "moved_on",
        ),
    ],
)
def test_no_date_may_be_in_the_future_or_before_the_referral(idva, housing_case, record, field):
    tomorrow = timezone.localdate() + timedelta(days=1)
    before_referral = date(2026, 11, 1)

    with pytest.raises(ValidationError) as future:
        record(idva.user, housing_case, tomorrow)
    with pytest.raises(ValidationError) as early:
        record(idva.user, housing_case, before_referral)

    assert "today or in the past" in errors(future)[field][0]
    assert "before the referral" in errors(early)[field][0]
    assert not HousingRecord.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="housing.").exists()


def test_a_placement_cannot_end_before_it_began(idva, housing_case):
    with pytest.raises(ValidationError) as refuge:
        services.record_refuge_placement(
            idva.user, housing_case, placed_on=date(2026, 11, 10), ended_on=date(2026, 11, 9)
        )
    with pytest.raises(ValidationError) as emergency:
        services.record_emergency_accommodation(
            idva.user, housing_case, placed_on=date(2026, 11, 10), left_on=date(2026, 11, 9)
        )

    assert "ended_on" in errors(refuge)
    assert "left_on" in errors(emergency)
    assert not HousingRecord.objects.exists()


def test_a_placement_may_end_on_the_day_it_began(idva, housing_case):
    record = services.record_refuge_placement(
        idva.user, housing_case, placed_on=date(2026, 11, 10), ended_on=date(2026, 11, 10)
    )

    assert record.refuge_ended_on == date(2026, 11, 10)


def test_an_other_measure_needs_a_description(idva, housing_case):
    with pytest.raises(ValidationError) as raised:
        services.add_sanctuary_measure(
            idva.user, housing_case, kind="other", fitted_on=date(2026, 11, 4)
        )
    measure = services.add_sanctuary_measure(
        idva.user,
        housing_case,
        kind="other",
        fitted_on=date(2026, 11, 4),
        description="Reinforced back gate",
    )

    assert "description" in errors(raised)
    assert SanctuaryMeasure.objects.get() == measure


def test_unknown_codes_are_refused(idva, housing_case):
    with pytest.raises(ValidationError):
        services.add_sanctuary_measure(
            idva.user, housing_case, kind="moat", fitted_on=date(2026, 11, 4)
        )
    with pytest.raises(ValidationError):
        services.record_transfer(
            idva.user, housing_case, kind="swap", transferred_on=date(2026, 11, 4)
        )
    with pytest.raises(ValidationError):
        services.record_person_causing_harm_moved(idva.user, housing_case, moved="maybe")


def test_a_date_moved_only_when_the_person_causing_harm_moved(idva, housing_case):
    with pytest.raises(ValidationError) as raised:
        services.record_person_causing_harm_moved(
            idva.user, housing_case, moved="no", moved_on=date(2026, 11, 4)
        )
    record = services.record_person_causing_harm_moved(idva.user, housing_case, moved="not_known")

    assert "moved_on" in errors(raised)
    assert record.person_causing_harm_moved == "not_known"


def test_housing_work_is_only_for_cases_at_a_housing_service(idva, person_a):
    help_point = case_services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.now() - timedelta(days=3),
    )

    with pytest.raises(ValidationError, match="housing service"):
        services.record_home_secured(idva.user, help_point, secured_on=timezone.localdate())


def test_a_closed_case_must_be_reopened_first(idva, housing_case):
    case_services.change_status(idva.user, housing_case, CaseStatus.DECLINED, "duplicate")

    with pytest.raises(ValidationError, match="Reopen"):
        services.record_home_secured(idva.user, housing_case, secured_on=date(2026, 11, 6))
