"""The pure rules of risk identification: scoring, bands, judgement and the MARAC criteria,
with properties checked by hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.risk import dash
from concord.risk.dash import Answer, Criterion, EscalationRule, Incident, Level, Thresholds

CODES = [f"q{number}" for number in range(1, 28)]
answers = st.dictionaries(st.sampled_from(CODES), st.sampled_from(list(Answer)))
thresholds = st.integers(1, 30).flatmap(
    lambda medium: st.builds(Thresholds, st.just(medium), st.integers(medium + 1, 40))
)
levels = st.sampled_from(list(Level))
days = st.dates(date(2000, 1, 1), date(2040, 12, 31))
incidents = st.lists(st.builds(Incident, days, st.booleans()), max_size=12)
rules = st.builds(EscalationRule, st.integers(1, 6), st.integers(1, 800), st.booleans())


# Scoring -------------------------------------------------------------------------------------


@given(answers)
def test_the_score_is_the_number_of_yes_answers(given_answers):
    expected = sum(1 for value in given_answers.values() if value is Answer.YES)

    assert dash.score(given_answers) == expected


@given(answers, st.sampled_from(CODES))
def test_a_question_not_asked_is_never_counted_as_no_nor_as_yes(given_answers, code):
    not_asked = {k: v for k, v in given_answers.items() if k != code}
    as_no = {**not_asked, code: Answer.NO}

    assert dash.score(not_asked) == dash.score(as_no)
    assert code in dash.unanswered(CODES, not_asked)
    assert code not in dash.unanswered(CODES, as_no)


@given(answers)
def test_unanswered_keeps_the_checklist_order(given_answers):
    missing = dash.unanswered(CODES, given_answers)

    assert missing == [code for code in CODES if code not in given_answers]


def test_an_answer_outside_yes_no_dont_know_is_refused():
    with pytest.raises(ValueError, match="Not an answer"):
        dash.score({"q1": "maybe"})


# Bands ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "level"),
    [
        (0, Level.STANDARD),
        (9, Level.STANDARD),
        (10, Level.MEDIUM),
        (13, Level.MEDIUM),
        (14, Level.HIGH),
        (27, Level.HIGH),
    ],
)
def test_default_bands_are_standard_to_9_medium_to_13_high_from_14(points, level):
    assert dash.band(points, Thresholds()) is level


@given(thresholds, st.integers(0, 60), st.integers(0, 60))
def test_bands_never_fall_as_the_score_rises(limits, first, second):
    low, high = sorted((first, second))

    assert dash.band(low, limits).rank <= dash.band(high, limits).rank


@given(thresholds, st.integers(0, 60))
def test_each_band_starts_at_its_threshold(limits, points):
    level = dash.band(points, limits)

    assert (level is Level.HIGH) == (points >= limits.high_from)
    assert (level is Level.STANDARD) == (points < limits.medium_from)


@pytest.mark.parametrize(("medium", "high"), [(0, 14), (10, 10), (14, 10)])
def test_thresholds_must_rise(medium, high):
    with pytest.raises(ValueError, match="Thresholds"):
        Thresholds(medium, high)


def test_a_negative_score_is_refused():
    with pytest.raises(ValueError, match="negative"):
        dash.band(-1, Thresholds())


# Professional judgement ----------------------------------------------------------------------


@given(levels, levels, st.text(max_size=20))
def test_judgement_raises_the_level_or_is_refused_never_lowers_it(current, proposed, concerns):
    try:
        result = dash.judged_level(current, proposed, concerns)
    except dash.JudgementError:
        assert proposed.rank <= current.rank or not concerns.strip()
    else:
        assert result.rank > current.rank
        assert concerns.strip()


@given(levels, st.sampled_from(["", "   ", "\n\t"]))
def test_judgement_without_concerns_is_refused(proposed, blank):
    with pytest.raises(dash.JudgementError, match="concerns"):
        dash.judged_level(Level.STANDARD, proposed, blank)


def test_judgement_cannot_lower_high_to_medium():
    with pytest.raises(dash.JudgementError, match="only raise the level above high"):
        dash.judged_level(Level.HIGH, Level.MEDIUM, "Feels safer now")


# Potential escalation ------------------------------------------------------------------------


def test_the_window_includes_its_first_day_and_the_day_assessed():
    rule = EscalationRule(incidents=3, window_days=365)
    as_of = date(2026, 6, 1)
    edge = [Incident(as_of - timedelta(days=365), False), Incident(as_of, False)]

    assert dash.incidents_in_window(edge, as_of, rule) == 2
    assert (
        dash.incidents_in_window([Incident(as_of - timedelta(days=366), False)], as_of, rule) == 0
    )


def test_an_incident_after_the_day_assessed_does_not_count():
    as_of = date(2026, 6, 1)

    assert (
        dash.incidents_in_window([Incident(date(2026, 6, 2), True)], as_of, EscalationRule()) == 0
    )


def test_three_incidents_in_twelve_months_escalate_by_default():
    as_of = date(2026, 12, 1)
    three = [Incident(date(2026, month, 1), False) for month in (1, 5, 11)]

    assert dash.escalating(three, as_of, EscalationRule())
    assert not dash.escalating(three[:2], as_of, EscalationRule())
    assert not dash.escalating(three, date(2027, 1, 2), EscalationRule())  # January is out


@pytest.mark.parametrize(
    ("incident", "as_of", "counts"),
    [
        (date(2024, 2, 29), date(2025, 2, 28), True),  # 365 days across the leap day
        (date(2024, 2, 28), date(2025, 2, 28), False),  # a calendar year, but 366 days
        (date(2023, 3, 1), date(2024, 2, 29), True),  # 365 days, ending on a leap day
        (date(2023, 2, 28), date(2024, 2, 28), True),  # 365 days before the leap day
    ],
)
def test_leap_years_change_nothing_the_window_is_counted_in_days(incident, as_of, counts):
    rule = EscalationRule(incidents=1, window_days=365)

    assert dash.escalating([Incident(incident, True)], as_of, rule) is counts


@given(incidents, days, rules, st.integers(-3000, 3000))
def test_moving_every_date_alike_changes_nothing(found, as_of, rule, shift):
    moved = [Incident(i.occurred_on + timedelta(days=shift), i.reported_to_police) for i in found]

    assert dash.incidents_in_window(moved, as_of + timedelta(days=shift), rule) == (
        dash.incidents_in_window(found, as_of, rule)
    )


@given(incidents, days, rules, st.integers(0, 400))
def test_a_longer_window_never_counts_fewer_incidents(found, as_of, rule, more):
    longer = EscalationRule(rule.incidents, rule.window_days + more, rule.police_only)

    assert dash.incidents_in_window(found, as_of, longer) >= dash.incidents_in_window(
        found, as_of, rule
    )


@given(incidents, days, rules)
def test_counting_only_police_reports_never_counts_more(found, as_of, rule):
    every = EscalationRule(rule.incidents, rule.window_days, police_only=False)
    police = EscalationRule(rule.incidents, rule.window_days, police_only=True)
    reported = [i for i in found if i.reported_to_police]

    assert dash.incidents_in_window(found, as_of, police) == dash.incidents_in_window(
        reported, as_of, every
    )
    assert dash.incidents_in_window(found, as_of, police) <= dash.incidents_in_window(
        found, as_of, every
    )


@pytest.mark.parametrize(("incidents_needed", "window_days"), [(0, 365), (3, 0)])
def test_an_escalation_rule_needs_an_incident_and_a_day(incidents_needed, window_days):
    with pytest.raises(ValueError, match="escalation rule"):
        EscalationRule(incidents_needed, window_days)


# MARAC criteria ------------------------------------------------------------------------------


def _criteria(**overrides):
    values = {
        "points": None,
        "judged": None,
        "incidents": [],
        "as_of": date(2026, 12, 1),
        "thresholds": Thresholds(),
        "rule": EscalationRule(),
        "repeat": False,
    }
    return dash.marac_criteria(**{**values, **overrides})


def test_no_assessment_no_incidents_no_repeat_meets_nothing():
    assert _criteria() == []


@given(thresholds, st.integers(0, 60))
def test_visible_high_risk_is_a_score_at_or_above_the_high_threshold(limits, points):
    met = _criteria(points=points, thresholds=limits)

    assert (Criterion.VISIBLE_HIGH_RISK in met) == (points >= limits.high_from)


@given(st.one_of(st.none(), levels), st.integers(0, 13))
def test_professional_judgement_counts_when_it_raised_the_level_to_high(judged, points):
    met = _criteria(points=points, judged=judged)

    assert (Criterion.PROFESSIONAL_JUDGEMENT in met) == (judged is Level.HIGH)
    assert Criterion.VISIBLE_HIGH_RISK not in met


def test_each_criterion_is_named_once_in_a_fixed_order():
    as_of = date(2026, 12, 1)
    three = [Incident(as_of - timedelta(days=n), True) for n in (1, 2, 3)]

    met = _criteria(points=20, judged=Level.HIGH, incidents=three, repeat=True)

    assert met == [
        Criterion.VISIBLE_HIGH_RISK,
        Criterion.PROFESSIONAL_JUDGEMENT,
        Criterion.POTENTIAL_ESCALATION,
        Criterion.REPEAT,
    ]


def test_a_repeat_from_the_marac_register_is_enough_on_its_own():
    assert _criteria(points=2, repeat=True) == [Criterion.REPEAT]
