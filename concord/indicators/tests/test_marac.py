"""The MARAC indicators agree with the MARAC's own measures (concord.marac.measures)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from concord.domain.periods import Period, quarter_of
from concord.indicators.engine import compute
from concord.marac import services
from concord.marac.measures import measure
from concord.marac.tests.conftest import open_case, referral_values
from concord.marac.tests.test_measures import hear
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_marac_indicators_match_the_marac_measures(
    coordinator, idva, area, help_point, meeting, item, today
):
    services.record_discussion(coordinator.user, item, summary="Discussed")
    hear(coordinator, idva, area, help_point, meeting, sex="male", disability="yes_limited_a_lot")
    hear(coordinator, idva, area, help_point, meeting, ethnicity="white_roma")
    services.refer_to_marac(
        idva.user,
        open_case(idva, PersonFactory(agency=idva.agency), help_point),
        **referral_values(area),
    )
    period = quarter_of(today).period
    figures = measure(area, period.first, period.last)

    results = {result.code: result for result in compute(
        ["marac_cases_heard", "marac_children", "marac_male", "marac_disabled",
         "marac_minoritised", "marac_referrals", "marac_not_heard"], period,
    )}  # fmt: skip

    assert results["marac_cases_heard"].numerator == figures.cases_heard == 3
    assert results["marac_children"].numerator == figures.children
    assert results["marac_male"].numerator == figures.male == 1
    assert results["marac_disabled"].numerator == figures.disabled
    assert results["marac_minoritised"].numerator == figures.minoritised
    assert results["marac_referrals"].numerator == figures.referrals == 4
    assert results["marac_not_heard"].value is figures.not_heard_rate is None  # all waiting


def test_the_not_heard_indicator_matches_the_measure_and_reports_the_waiting(area, hearings, today):
    period = Period(today - timedelta(days=60), today + timedelta(days=30), "Days")
    figures = measure(area, period.first, period.last)

    (result,) = compute(["marac_not_heard"], period)

    assert (result.numerator, result.denominator, result.not_known) == (1, 2, 1)
    assert result.value == figures.not_heard_rate.exact == 50


def test_cases_heard_break_down_by_the_marac_area_and_age_band(
    coordinator, idva, area, help_point, meeting, item, today
):
    services.record_discussion(coordinator.user, item, summary="Discussed")
    period = quarter_of(today).period

    by_area = compute(["marac_cases_heard"], period, disaggregation="area")
    by_age = compute(["marac_cases_heard"], period, disaggregation="age_band")

    assert [(result.group, result.numerator) for result in by_area] == [(area.name, 1)]
    assert item.referral.date_of_birth.year == 1990  # copied from the person: in their 30s
    assert [(result.group, result.numerator) for result in by_age] == [("35 to 44", 1)]
