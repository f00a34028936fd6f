"""The strategy indicators table: baseline, desired direction, target, the financial year to
date's figure and its status; and the page where the contract monitoring officer sets the
baselines and targets (audited, bad input refused)."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.domain.periods import Quarter
from concord.indicators.catalogue import get
from concord.reporting.packs import StrategyLine, quarterly_pack
from concord.strategy.models import StrategyTarget
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("reporting:strategy_targets")


def url(code):
    return reverse("reporting:strategy_target", args=[code])


def plan(code, baseline, target):
    return StrategyTarget(
        code=code,
        baseline_year=2008,
        baseline=Decimal(baseline),
        target_year=2013,
        target=Decimal(target),
    )


@pytest.mark.parametrize(
    ("code", "figure", "status"),
    [
        ("prevention_sessions", 40, "green"),  # higher is better: the target reached
        ("prevention_sessions", 41, "green"),
        ("prevention_sessions", 25, "amber"),  # better than the baseline of 20
        ("prevention_sessions", 20, "red"),  # no better than the baseline
        ("prevention_sessions", 12, "red"),
        ("prevention_sessions", None, ""),  # hidden or not counted
        ("police_repeat_victimisation", 30, "green"),  # lower is better: 40 down to 30
        ("police_repeat_victimisation", 35, "amber"),
        ("police_repeat_victimisation", 45, "red"),
    ],
)
def test_a_strategy_figure_is_judged_against_its_baseline_and_target(code, figure, status):
    baseline, target = (20, 40) if code == "prevention_sessions" else (40, 30)

    line = StrategyLine(get(code), "", "", figure, plan(code, baseline, target))

    assert line.status == status


def test_without_a_baseline_and_target_there_is_no_status():
    line = StrategyLine(get("prevention_sessions"), "12", "", 12, None)

    assert (line.baseline, line.target, line.status) == ("", "", "")


def test_the_baseline_and_target_read_with_their_years():
    line = StrategyLine(get("staff_trained"), "", "", 1, plan("staff_trained", "1200.50", "2000"))

    assert line.baseline == "1,200.5 in 2008 to 2009"
    assert line.target == "2,000 by 2013 to 2014"
    assert line.direction == "Up"


def test_the_strategy_table_counts_the_financial_year_to_date(agency_a):
    quarter = Quarter(2024, 3)  # October to December 2024
    for held_on in ("2024-05-02", "2024-11-20", "2025-01-10"):  # Q1, Q3, next quarter
        TrainingSessionFactory(agency=agency_a, kind="prevention_session", held_on=held_on)
    plan("prevention_sessions", 1, 3).save()

    strategy = quarterly_pack(quarter.period)[-1]
    line = next(line for line in strategy.lines if line.indicator.code == "prevention_sessions")

    assert strategy.title == "Strategy indicators over the financial year to date"
    assert (line.figure, line.status_label) == ("2", "Better than baseline")


def test_the_commissioner_sets_a_baseline_and_target(signed_in, commissioner):
    client = signed_in(commissioner)

    response = client.post(
        url("staff_trained"),
        {
            "baseline_year": "2008-09",
            "baseline": "1200",
            "target_year": "2013-14",
            "target": "2000",
        },
    )

    assert response.status_code == 302
    found = StrategyTarget.objects.get(code="staff_trained")
    assert (found.baseline_year, found.baseline, found.target_year, found.target) == (
        2008, Decimal(1200), 2013, Decimal(2000)
    )  # fmt: skip
    event = AuditEvent.objects.get(action="indicators.strategy_target_set")
    assert event.object_id == str(found.pk)
    listing = client.get(LIST_URL).content.decode()
    assert "1,200 in 2008 to 2009" in listing
    page = client.get(reverse("reporting:quarterly")).content.decode()
    assert "2,000 by 2013 to 2014" in page


def test_the_form_shows_the_saved_years_as_written(signed_in, commissioner):
    plan("staff_trained", 1200, 2000).save()

    page = signed_in(commissioner).get(url("staff_trained")).content.decode()

    assert 'value="2008-09"' in page
    assert 'value="2013-14"' in page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"baseline_year": "2008"}, "Enter the baseline's year like 2008-09"),
        ({"baseline_year": "2008-10"}, "Enter the baseline's year like 2008-09"),
        ({"target_year": "2007-08"}, "The target's year must come after the baseline"),
        ({"baseline": "-1"}, "Enter the baseline of 0 or more"),
        ({"target": "lots"}, "Enter the target as a number"),
        ({"target": ""}, "Enter the target"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(signed_in, commissioner, posted, message):
    values = {"baseline_year": "2008-09", "baseline": "10", "target_year": "2013-14"}
    values["target"] = "20"

    response = signed_in(commissioner).post(url("staff_trained"), values | posted)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in html.unescape(page)
    assert not StrategyTarget.objects.exists()
    assert not AuditEvent.objects.filter(action="indicators.strategy_target_set").exists()


@pytest.mark.parametrize("code", ["no_such_indicator", "feels_safer_rate"])
def test_only_strategy_indicators_have_targets_to_set(signed_in, commissioner, code):
    assert signed_in(commissioner).get(url(code)).status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "manager_a", "idva", "system_admin"])
def test_other_roles_cannot_set_targets(request, signed_in, persona):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(url("staff_trained"), {}).status_code == 403


def test_a_percentage_indicator_reads_and_is_set_as_a_percentage(signed_in, commissioner):
    client = signed_in(commissioner)
    values = {"baseline_year": "2008-09", "baseline": "62.5", "target_year": "2013-14"}

    form = client.get(url("cps_successful_outcomes")).content.decode()
    refused = client.post(url("cps_successful_outcomes"), values | {"target": "120"})
    saved = client.post(url("cps_successful_outcomes"), values | {"target": "75"})

    assert "Enter the baseline and the target as percentages." in form
    assert "Enter a percentage from 0 to 100" in html.unescape(refused.content.decode())
    assert saved.status_code == 302
    line = StrategyLine(get("cps_successful_outcomes"), "", "", None,
                        StrategyTarget.objects.get(code="cps_successful_outcomes"))  # fmt: skip
    assert (line.baseline, line.target) == ("62.5% in 2008 to 2009", "75% by 2013 to 2014")


def test_the_partnership_manager_sets_targets_too(signed_in, partnership_manager):
    client = signed_in(partnership_manager)
    values = {"baseline_year": "2020-21", "baseline": "10", "target_year": "2024-25"}

    response = client.post(url("staff_trained"), values | {"target": "20"})

    assert response.status_code == 302
    assert StrategyTarget.objects.get(code="staff_trained").target == Decimal(20)
