"""The shared checks on dates and times, and their one wording."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.core.validators import early_problem, future_problem, not_before, not_in_future


def test_today_and_now_are_not_in_the_future():
    assert future_problem(timezone.localdate(), "The date") is None
    assert future_problem(timezone.now(), "The time") is None


def test_a_date_after_today_must_be_today_or_in_the_past():
    tomorrow = timezone.localdate() + timedelta(days=1)

    assert future_problem(tomorrow, "The date fitted") == (
        "The date fitted must be today or in the past"
    )


def test_a_moment_after_now_must_be_now_or_in_the_past():
    soon = timezone.now() + timedelta(minutes=5)

    assert future_problem(soon, "The time of the contact") == (
        "The time of the contact must be now or in the past"
    )


def test_a_date_before_the_earliest_cannot_be_before_it():
    today = timezone.localdate()

    assert early_problem(today - timedelta(days=1), today, "A contact", "the referral") == (
        "A contact cannot be before the referral"
    )
    assert early_problem(today, today, "A contact", "the referral") is None


def test_not_in_future_refuses_against_its_field():
    with pytest.raises(ValidationError) as raised:
        not_in_future(timezone.localdate() + timedelta(days=1), "held_on", "The date")

    assert raised.value.message_dict == {"held_on": ["The date must be today or in the past"]}
    not_in_future(timezone.localdate(), "held_on", "The date")


def test_not_before_refuses_against_its_field():
    today = timezone.localdate()

    with pytest.raises(ValidationError) as raised:
        not_before(today - timedelta(days=1), today, "outcome_on", "The date", "the meeting")

    assert raised.value.message_dict == {"outcome_on": ["The date cannot be before the meeting"]}
    not_before(today, today, "outcome_on", "The date", "the meeting")
