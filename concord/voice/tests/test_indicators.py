"""The victims' voice indicators on hand-built data: exact counts, percentages with their
not-known counts, late and not-yet-due stages, and breakdowns by service and strand (through
the answers on the record, or the person's copied when linked)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from concord.domain.periods import Period
from concord.indicators.catalogue import ADDITIVE_OVER_TIME, Group, get
from concord.indicators.engine import Result, compute
from concord.voice import services

pytestmark = pytest.mark.django_db

CODES = [
    "feedback_received",
    "compliments_received",
    "complaints_received",
    "complaints_acknowledged_in_time",
    "complaints_answered_in_time",
    "complaints_upheld",
]


@pytest.fixture
def period(today):
    return Period(today - timedelta(days=60), today + timedelta(days=30), "Test period")


@pytest.fixture
def hand_built(manager_a, help_point, housing, case_a, days_ago):
    user = manager_a.user
    log = services.log_complaint
    first = log(
        user,
        help_point,
        received_on=days_ago(40),
        channel="phone",
        summary="One",
        answers={
            "sex": "female",
            "ethnicity": "black_african",
            "disability": "yes_limited_a_lot",
            "approximate_age": 25,
        },
    )
    services.acknowledge_complaint(user, first, acknowledged_on=days_ago(39))  # in time
    services.respond_to_complaint(user, first, responded_on=days_ago(25), outcome="upheld")
    services.escalate_complaint(user, first, began_on=days_ago(24))
    first.refresh_from_db()
    services.acknowledge_complaint(user, first, acknowledged_on=days_ago(21))  # on the day
    services.respond_to_complaint(user, first, responded_on=days_ago(5), outcome="partly_upheld")
    second = log(
        user,
        housing,
        received_on=days_ago(30),
        channel="letter",
        summary="Two",
        wants_linked=True,
        case=case_a,
    )
    services.acknowledge_complaint(user, second, acknowledged_on=days_ago(25))  # 2 days late
    # ... and not answered by its day, 10 days ago: late.
    log(user, help_point, received_on=days_ago(1), channel="email", summary="Three")  # not due
    log(user, help_point, received_on=days_ago(100), channel="email", summary="Before")
    for days, kind, service in [(5, "compliment", help_point), (3, "comment", housing)]:
        services.record_feedback(
            user,
            service,
            received_on=days_ago(days),
            kind=kind,
            channel="survey",
            what_was_said="x",
        )
    services.record_feedback(
        user,
        help_point,
        received_on=days_ago(200),
        kind="compliment",
        channel="survey",
        what_was_said="Long ago",
    )


def test_the_figures_of_the_period(hand_built, period):
    assert compute(CODES, period) == [
        Result("feedback_received", 2),
        Result("compliments_received", 1),
        Result("complaints_received", 3),
        Result("complaints_acknowledged_in_time", 2, 3, 1),
        Result("complaints_answered_in_time", 2, 3, 1),
        Result("complaints_upheld", 2),
    ]


def test_by_service(hand_built, period):
    assert compute(["complaints_acknowledged_in_time"], period, disaggregation="service") == [
        Result("complaints_acknowledged_in_time", 2, 2, 1, "SAFE help point"),
        Result("complaints_acknowledged_in_time", 0, 1, 0, "Safe Home"),
    ]
    assert compute(["feedback_received"], period, disaggregation="service") == [
        Result("feedback_received", 1, group="SAFE help point"),
        Result("feedback_received", 1, group="Safe Home"),
    ]


def test_by_sex_reads_the_record_or_the_linked_persons_answers(hand_built, period):
    assert compute(["complaints_answered_in_time"], period, disaggregation="sex") == [
        Result("complaints_answered_in_time", 2, 3, 0, "female"),
        Result("complaints_answered_in_time", 0, 0, 1, "not_known"),
    ]


def test_by_ethnic_group_disability_and_age_band(hand_built, period, case_a, days_ago):
    received = compute(["complaints_received"], period, disaggregation="ethnicity_group")
    assert received == [
        Result("complaints_received", 1, group="asian"),
        Result("complaints_received", 1, group="black"),
        Result("complaints_received", 1, group="not_known"),
    ]
    disability = compute(["complaints_received"], period, disaggregation="disability")
    assert [(r.group, r.numerator) for r in disability] == [
        ("no", 1),
        ("not_known", 1),
        ("yes_limited_a_lot", 1),
    ]
    age_then = case_a.person.age_on(days_ago(30))
    linked_band = "35 to 44" if age_then >= 35 else "25 to 34"
    bands = compute(["complaints_received"], period, disaggregation="age_band")
    expected = {"25 to 34": 1, "not_known": 1}
    expected[linked_band] = expected.get(linked_band, 0) + 1
    assert {r.group: r.numerator for r in bands} == expected


def test_a_stage_is_not_known_until_done_or_late(manager_a, help_point, today, period):
    complaint = services.log_complaint(
        manager_a.user, help_point, received_on=today, channel="phone", summary="New"
    )
    assert compute(["complaints_acknowledged_in_time"], period) == [
        Result("complaints_acknowledged_in_time", 0, 0, 1)
    ]
    services.acknowledge_complaint(manager_a.user, complaint, acknowledged_on=today)
    assert compute(["complaints_acknowledged_in_time"], period) == [
        Result("complaints_acknowledged_in_time", 1, 1, 0)
    ]


def test_every_voice_indicator_is_additive_over_time_and_in_its_group():
    for code in CODES:
        assert code in ADDITIVE_OVER_TIME
        assert get(code).group == Group.VOICE
