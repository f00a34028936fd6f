"""The outcome measures' indicators on hand-built answers (April to June 2026): known-only
denominators, the not-known counts beside them, and breakdowns by sex and by service."""

from __future__ import annotations

from datetime import date

import pytest

from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases.tests.factories import CaseFactory
from concord.domain.periods import parse_period
from concord.indicators.catalogue import ADDITIVE_OVER_TIME, BY_CODE, DISTINCT_OVER_TIME
from concord.indicators.engine import compute
from concord.indicators.tests.test_engine import moment
from concord.outcomes.models import How, OutcomeMeasure
from concord.outcomes.services import active_questionnaire
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

Q1_2026 = parse_period("2026Q1")
CODES = [
    "safer_at_exit_rate",
    "safer_at_follow_up_rate",
    "no_further_incidents_rate",
    "distance_travelled_rate",
]


def figures(results):
    return {(r.code, r.group): (r.numerator, r.denominator, r.not_known) for r in results}


@pytest.fixture
def answers(agency_a):
    """Six cases: A answered at exit and twice at follow-up (its latest safety score lower
    than at intake), B and E improved on intake, D the same as at intake, C and F have no
    intake answers. One exit answered before the period is not counted."""
    questionnaire = active_questionnaire()
    north = ServiceFactory(agency=agency_a, name="North", kind=ServiceKind.HELP_POINT)
    south = ServiceFactory(agency=agency_a, name="South", kind=ServiceKind.HELP_POINT)

    def case(service, sex):
        person = PersonFactory(agency=agency_a, sex=sex)
        return CaseFactory(person=person, service=service, referred_at=moment(date(2025, 6, 1)))

    def answered(case, stage, on, months=0, **columns):
        OutcomeMeasure.objects.create(
            agency=agency_a,
            case=case,
            questionnaire=questionnaire,
            stage=stage,
            follow_up_months=months,
            answered_on=on,
            how=How.WITH_WORKER,
            **columns,
        )

    a, b, c = case(north, "female"), case(north, "female"), case(north, "male")
    d, e, f = case(south, "female"), case(south, "male"), case(south, "female")
    answered(a, "intake", date(2025, 6, 2), safety=3)
    answered(a, "exit", date(2026, 4, 5), safety=6, feels_safer="yes")
    answered(
        a, "follow_up", date(2026, 5, 10), 3, safety=7, feels_safer="yes", further_incidents="no"
    )
    answered(
        a, "follow_up", date(2026, 6, 20), 6, safety=2, feels_safer="yes", further_incidents="yes"
    )
    answered(b, "intake", date(2025, 6, 2), safety=4)
    answered(b, "exit", date(2026, 4, 30), safety=8, feels_safer="yes")
    answered(c, "exit", date(2026, 6, 30), safety=7, feels_safer="no")
    answered(d, "intake", date(2025, 6, 2), safety=5)
    answered(d, "exit", date(2026, 4, 1), safety=5, feels_safer="not_sure")
    answered(e, "intake", date(2025, 6, 2), safety=2)
    answered(
        e,
        "follow_up",
        date(2026, 5, 1),
        3,
        safety=6,
        feels_safer="not_sure",
        further_incidents="prefer_not_to_say",
    )
    answered(
        f, "follow_up", date(2026, 6, 1), 3, safety=9, feels_safer="no", further_incidents="no"
    )
    other = case(north, "female")
    answered(other, "exit", date(2026, 3, 31), safety=9, feels_safer="yes")


def test_the_figures_count_known_answers_and_show_the_not_known(answers):
    assert figures(compute(CODES, Q1_2026)) == {
        ("safer_at_exit_rate", None): (2, 3, 1),
        ("safer_at_follow_up_rate", None): (2, 3, 1),
        ("no_further_incidents_rate", None): (2, 3, 1),
        ("distance_travelled_rate", None): (2, 4, 2),
    }


def test_broken_down_by_sex(answers):
    by_sex = figures(compute(CODES, Q1_2026, disaggregation="sex"))

    assert by_sex[("safer_at_exit_rate", "female")] == (2, 2, 1)
    assert by_sex[("safer_at_exit_rate", "male")] == (0, 1, 0)
    assert by_sex[("no_further_incidents_rate", "female")] == (2, 3, 0)
    assert by_sex[("no_further_incidents_rate", "male")] == (0, 0, 1)
    assert by_sex[("distance_travelled_rate", "female")] == (1, 3, 1)
    assert by_sex[("distance_travelled_rate", "male")] == (1, 1, 1)


def test_broken_down_by_service(answers):
    by_service = figures(compute(CODES, Q1_2026, disaggregation="service"))

    assert by_service[("safer_at_exit_rate", "North")] == (2, 3, 0)
    assert by_service[("safer_at_exit_rate", "South")] == (0, 0, 1)
    assert by_service[("safer_at_follow_up_rate", "North")] == (2, 2, 0)
    assert by_service[("safer_at_follow_up_rate", "South")] == (0, 1, 1)
    assert by_service[("no_further_incidents_rate", "South")] == (1, 1, 1)
    assert by_service[("distance_travelled_rate", "North")] == (1, 2, 1)
    assert by_service[("distance_travelled_rate", "South")] == (1, 2, 1)


def test_every_equality_strand_is_a_breakdown():
    for code in CODES:
        assert {"service", "sex", "ethnicity_group", "disability", "sexual_orientation"} <= set(
            BY_CODE[code].disaggregations
        )
        assert code in ADDITIVE_OVER_TIME | DISTINCT_OVER_TIME
        assert BY_CODE[code].definition
