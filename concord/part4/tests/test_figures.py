"""Each figure of the Part 4 return on hand-built records (year 2025: April 2025 to March
2026)."""

from __future__ import annotations

from datetime import date

import pytest

from concord.accommodation.tests.factories import UnitFactory
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases.tests.factories import CaseFactory
from concord.part4.figures import ALL, NOT_RECORDED, TOTAL, completeness, part4_figures
from concord.part4.tests.conftest import YEAR
from concord.part4.tests.factories import (
    StayMemberFactory,
    SupportReceivedFactory,
    UnmetNeedFactory,
    household,
    referral,
)
from concord.referrals.lifecycle import ReferralStatus

pytestmark = pytest.mark.django_db


def supported(found, line: str, column: str = TOTAL) -> int:
    return found.value("supported", line, column)


def test_a_household_is_counted_once_and_each_member_as_an_individual(refuge):
    household(refuge, adults=[{"sex": "female"}], children=2)
    found = part4_figures(YEAR)
    assert supported(found, "households", "refuge") == 1
    assert supported(found, "individuals", "refuge") == 3
    assert supported(found, "adults", "refuge") == 1
    assert supported(found, "children", "refuge") == 2
    assert supported(found, "households", "dispersed") == 0
    assert supported(found, "households") == 1


def test_stays_outside_the_year_are_not_counted(refuge):
    household(refuge, moved_in_on=date(2024, 5, 1), moved_out_on=date(2025, 3, 31),
              leaving_reason="left")  # fmt: skip
    household(refuge, moved_in_on=date(2026, 4, 1))
    household(
        refuge, moved_in_on=date(2024, 5, 1), moved_out_on=date(2025, 4, 1), leaving_reason="left"
    )  # fmt: skip  (ended on the year's first day: in it)
    found = part4_figures(YEAR)
    assert supported(found, "households") == 1
    assert found.value("stopped", ALL) == 1


def test_a_household_referred_on_to_a_second_service_counts_once_in_the_total(refuge, second_stage):
    first = household(refuge, adults=[{"sex": "female"}], moved_in_on=date(2025, 4, 10),
                      moved_out_on=date(2025, 9, 1), leaving_reason="moved_to_other_safe_accommodation")  # fmt: skip
    later_case = CaseFactory(agency=second_stage.agency, service=second_stage.service,
                             person__agency=second_stage.agency, person__sex="female")  # fmt: skip
    referral(first.case, second_stage.service, created_case=later_case)
    household(second_stage, lead=later_case.person, moved_in_on=date(2025, 9, 1))
    found = part4_figures(YEAR)
    assert supported(found, "households", "refuge") == 1
    assert supported(found, "households", "second_stage") == 1
    assert supported(found, "households") == 1
    assert supported(found, "individuals") == 1
    assert found.value("sex", "female") == 1


def test_a_child_who_went_with_the_referral_counts_once_in_the_total(refuge, second_stage):
    from concord.cases.models import CaseChild
    from concord.referrals.models import ReferredChild

    first = household(refuge, children=1, moved_in_on=date(2025, 4, 10),
                      moved_out_on=date(2025, 9, 1), leaving_reason="moved_to_other_safe_accommodation")  # fmt: skip
    child = first.members.get(is_child=True).person
    on_case = CaseChild.objects.create(
        agency=refuge.agency, case=first.case, person=child, role="child_of_victim"
    )
    later_case = CaseFactory(agency=second_stage.agency, service=second_stage.service,
                             person__agency=second_stage.agency)  # fmt: skip
    moved = referral(first.case, second_stage.service, created_case=later_case)
    at_second = household(second_stage, lead=later_case.person, children=1,
                          moved_in_on=date(2025, 9, 1))  # fmt: skip
    ReferredChild.objects.create(
        agency=refuge.agency,
        referral=moved,
        case_child=on_case,
        given_name=child.given_name,
        family_name=child.family_name,
        received_person=at_second.members.get(is_child=True).person,
    )

    found = part4_figures(YEAR)

    assert supported(found, "individuals", "refuge") == 2
    assert supported(found, "individuals", "second_stage") == 2
    assert supported(found, "individuals") == 2
    assert supported(found, "children") == 1


def test_records_joined_through_a_referring_service_are_one_person(refuge, second_stage, agency_a):
    help_point = ServiceFactory(agency=agency_a, kind=ServiceKind.HELP_POINT)
    asked = CaseFactory(agency=agency_a, service=help_point, person__agency=agency_a)
    at_refuge = household(refuge)
    at_second = household(second_stage, moved_in_on=date(2026, 1, 5))
    referral(asked, refuge.service, created_case=at_refuge.case)
    referral(asked, second_stage.service, created_case=at_second.case)
    found = part4_figures(YEAR)
    assert supported(found, "households") == 1
    assert supported(found, "individuals") == 1


def test_without_a_referral_between_them_two_records_are_two_households(refuge, second_stage):
    household(refuge)
    household(second_stage)
    found = part4_figures(YEAR)
    assert supported(found, "households") == 2
    assert supported(found, "individuals") == 2


def test_a_declined_referral_does_not_join_records(refuge, second_stage):
    first = household(refuge)
    later = household(second_stage)
    referral(first.case, second_stage.service, created_case=later.case,
             status=ReferralStatus.DECLINED, decline_reason="no_capacity")  # fmt: skip
    assert supported(part4_figures(YEAR), "households") == 2


def test_adults_by_sex_and_trans_status(refuge):
    household(
        refuge,
        adults=[
            {"sex": "female", "gender_same_as_birth": "no"},
            {"sex": "male", "gender_same_as_birth": "yes"},
            {"sex": "prefer_not_to_say"},
        ],
        children=1,
    )
    found = part4_figures(YEAR)
    assert [found.value("sex", key, "refuge") for key in ("female", "male", "not_known")] == [
        1,
        1,
        1,
    ]
    assert found.value("trans", "trans", "refuge") == 1
    assert found.value("trans", "not_trans", "refuge") == 1
    assert found.value("trans", "not_known", "refuge") == 1  # children are not counted


def test_individuals_with_each_characteristic(refuge, sanctuary):
    stay = household(refuge)
    member = stay.members.get()
    member.characteristics = ["minoritised", "disabled"]
    member.save()
    StayMemberFactory(stay=household(sanctuary), characteristics=["disabled"])
    found = part4_figures(YEAR)
    assert found.value("characteristics", "disabled") == 2
    assert found.value("characteristics", "disabled", "sanctuary_scheme") == 1
    assert found.value("characteristics", "minoritised", "refuge") == 1
    assert found.value("characteristics", "older") == 0


def test_support_received_counts_each_person_by_kind(refuge):
    stay = household(refuge, children=1)
    adult, child = stay.members.order_by("is_child")
    SupportReceivedFactory(member=adult, kind="advocacy")
    SupportReceivedFactory(member=child, kind="childrens_support")
    SupportReceivedFactory(member=adult, kind="counselling_therapy", started_on=date(2026, 4, 2))
    found = part4_figures(YEAR)
    assert found.value("support", "advocacy", "refuge") == 1
    assert found.value("support", "childrens_support") == 1
    assert found.value("support", "counselling_therapy") == 0  # after the year


def test_commissioned_bed_spaces_open_in_the_year(refuge, sanctuary, second_stage):
    UnitFactory(accommodation=refuge, bed_spaces=4)
    UnitFactory(accommodation=refuge, bed_spaces=2, closed_on=date(2025, 3, 1))
    UnitFactory(accommodation=refuge, bed_spaces=5, commissioned=False)
    UnitFactory(accommodation=second_stage, bed_spaces=3, opened_on=date(2026, 3, 31))
    UnitFactory(accommodation=second_stage, bed_spaces=6, opened_on=date(2026, 4, 1))
    found = part4_figures(YEAR)
    assert found.value("bed_spaces", "bed_spaces", "refuge") == 4
    assert found.value("bed_spaces", "bed_spaces", "second_stage") == 3
    assert found.value("bed_spaces", "bed_spaces", "sanctuary_scheme") == 40
    assert found.value("bed_spaces", "bed_spaces") == 47
    assert found.value("bed_spaces", "units") == 2 + 40


def test_unmet_need_and_declined_referrals_by_reason(refuge, second_stage, agency_a):
    UnmetNeedFactory(accommodation=refuge, reason="no_capacity", adults=1, children=2)
    UnmetNeedFactory(accommodation=refuge, reason="out_of_area", adults=2)
    UnmetNeedFactory(accommodation=refuge, referred_on=date(2025, 3, 31))  # before the year
    asking = CaseFactory(agency=agency_a, person__agency=agency_a)
    declined = ReferralStatus.DECLINED
    referral(asking, second_stage.service, status=declined, decline_reason="needs_too_high")
    referral(asking, second_stage.service, status=declined, decline_reason="duplicate")
    referral(asking, second_stage.service, status=declined, decline_reason="")
    referral(asking, second_stage.service, status=declined, decline_reason="no_capacity",
             decided_on=date(2026, 4, 1))  # fmt: skip
    help_point = ServiceFactory(agency=agency_a, kind=ServiceKind.HELP_POINT)
    referral(asking, help_point, status=declined, decline_reason="no_capacity")  # no housing
    found = part4_figures(YEAR)
    unable = found.section("unable")
    values = {line.key: line.values for line in unable.lines}
    assert values[ALL]["refuge"] == 2
    assert values[ALL]["second_stage"] == 2
    assert values[ALL][TOTAL] == 4
    assert values["no_capacity"]["refuge"] == 1
    assert values["out_of_area"][TOTAL] == 1
    assert values["needs_too_high"]["second_stage"] == 1
    assert values[NOT_RECORDED][TOTAL] == 1
    assert values["adults"][TOTAL] == 1 + 2 + 2  # each declined referral is one adult
    assert values["children"][TOTAL] == 2


def test_households_that_stopped_by_reason_and_where_they_moved_on_to(refuge, second_stage):
    ended = {"moved_in_on": date(2025, 5, 1), "moved_out_on": date(2025, 10, 1)}
    household(refuge, leaving_reason="moved_on", move_on_destination="social_tenancy", **ended)
    household(refuge, leaving_reason="moved_on", **ended)
    household(second_stage, leaving_reason="evicted", **ended)
    household(refuge)  # still staying
    found = part4_figures(YEAR)
    assert found.value("stopped", ALL) == 3
    assert found.value("stopped", "moved_on", "refuge") == 2
    assert found.value("stopped", "evicted", "second_stage") == 1
    assert found.value("destinations", ALL) == 2
    assert found.value("destinations", "social_tenancy", "refuge") == 1
    assert found.value("destinations", NOT_RECORDED) == 1


def test_the_figures_take_a_fixed_number_of_queries(
    refuge, second_stage, django_assert_max_num_queries
):
    for _ in range(5):
        first = household(refuge, children=2)
        later = household(second_stage)
        referral(first.case, second_stage.service, created_case=later.case)
    with django_assert_max_num_queries(25):
        found = part4_figures(YEAR)
    assert supported(found, "households") == 5


def test_the_completeness_check_lists_what_is_missing(refuge, sanctuary, agency_a):
    ServiceFactory(agency=agency_a, kind=ServiceKind.REFUGE)  # no accommodation settings
    sanctuary.sanctuary_places = None
    sanctuary.save()
    household(refuge, adults=[{"sex": "not_known", "gender_same_as_birth": "yes"}],
              moved_in_on=date(2024, 1, 1))  # fmt: skip
    household(refuge, adults=[{"sex": "female", "gender_same_as_birth": "yes"}],
              moved_out_on=date(2025, 8, 1), leaving_reason="moved_on")  # fmt: skip
    found = {
        item.key: item.count
        for item in completeness(YEAR, today=date(2026, 5, 1), long_stay_days=365)
    }
    assert found == {
        "services_without_settings": 1,
        "services_without_units": 1,
        "sanctuary_without_places": 1,
        "adults_sex_not_known": 1,
        "moved_on_without_destination": 1,
        "stays_open_long": 1,
    }
