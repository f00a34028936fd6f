from datetime import date

from concord.domain.homicide_reviews import (
    NOT_HELD,
    ReviewDates,
    date_problems,
    is_outstanding,
    is_overdue,
)

D = date
TODAY = D(2026, 6, 1)


def test_dates_in_order_have_no_problems():
    dates = ReviewDates(D(2025, 1, 5), D(2025, 1, 20), D(2025, 2, 10), D(2026, 1, 4), D(2026, 5, 1))

    assert date_problems(dates, held=True, today=TODAY) == {}


def test_a_date_before_the_one_it_follows_is_refused():
    dates = ReviewDates(D(2025, 1, 20), D(2025, 1, 5))

    assert date_problems(dates, held=True, today=TODAY) == {
        "notified_on": "The date notified cannot be before the date of death"
    }


def test_publication_before_submission_is_refused():
    dates = ReviewDates(
        D(2025, 1, 5), D(2025, 1, 20), D(2025, 2, 10), D(2026, 1, 4), D(2025, 12, 1)
    )

    assert date_problems(dates, held=True, today=TODAY) == {
        "published_on": "The date published cannot be before the date submitted to the Home Office"
    }


def test_a_later_date_without_the_one_before_it_is_refused():
    dates = ReviewDates(D(2025, 1, 5), D(2025, 1, 20), D(2025, 2, 10), published_on=D(2026, 1, 4))

    assert date_problems(dates, held=True, today=TODAY) == {
        "published_on": "Enter the date submitted to the Home Office before the date published"
    }


def test_a_date_in_the_future_is_refused():
    dates = ReviewDates(D(2025, 1, 5), D(2026, 6, 2))

    assert date_problems(dates, held=True, today=TODAY) == {
        "notified_on": "The date notified must be today or in the past"
    }


def test_a_review_not_held_is_never_submitted_or_published():
    dates = ReviewDates(D(2025, 1, 5), D(2025, 1, 20), D(2025, 2, 10), D(2026, 1, 4))

    assert date_problems(dates, held=False, today=TODAY) == {"submitted_on": NOT_HELD}


def test_a_recommendation_is_outstanding_until_completed_and_overdue_after_its_due_day():
    due = D(2026, 3, 31)

    assert is_outstanding(None, TODAY)
    assert is_outstanding(D(2026, 7, 1), TODAY)  # completed after the day asked about
    assert not is_outstanding(D(2026, 5, 1), TODAY)
    assert is_overdue(due, None, TODAY)
    assert not is_overdue(due, None, due)  # due that day: not yet overdue
    assert not is_overdue(due, D(2026, 5, 1), TODAY)
