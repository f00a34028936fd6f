"""The board pack's homicide-review tables: deaths in the period by kind through disclosure
control, outstanding recommendations per reference; nothing about a person."""

from __future__ import annotations

from datetime import date

import pytest

from concord.dhr import services
from concord.dhr.pack import review_tables
from concord.dhr.tests.conftest import hold, notify, recommend

pytestmark = pytest.mark.django_db
QUARTER = (date(2025, 4, 1), date(2025, 6, 30))


def test_deaths_in_the_period_are_counted_by_kind_with_small_counts_hidden(partnership_manager):
    notify(partnership_manager)
    notify(partnership_manager, kind="suicide", victim_initials="AB")
    notify(partnership_manager, notified_on=date(2025, 7, 1), victim_initials="CD")  # after

    deaths, _ = review_tables(*QUARTER)

    assert deaths.headers == (
        "Period",
        "Homicide",
        "Suicide after abuse",
        "Other death after abuse or neglect",
        "All deaths",
    )
    assert deaths.rows == (("1 April 2025 to 30 June 2025", "<5", "<5", "0", "<5"),)


def test_outstanding_recommendations_are_counted_per_reference_as_they_stood(partnership_manager):
    review = hold(partnership_manager, notify(partnership_manager))
    first = recommend(partnership_manager, review, 1, due_on=date(2025, 6, 1))
    recommend(partnership_manager, review, 2, due_on=date(2025, 9, 1))
    services.complete_recommendation(
        partnership_manager.user, first, completed_on=date(2025, 8, 1), evidence="Policy issued"
    )

    _, in_june = review_tables(*QUARTER)
    _, in_autumn = review_tables(date(2025, 7, 1), date(2025, 9, 30))

    assert in_june.rows == ((review.reference, "2", "2", "1"),)  # completed after June
    assert in_autumn.rows == ((review.reference, "2", "1", "1"),)


def test_the_tables_say_so_when_nothing_is_outstanding_and_name_nobody(partnership_manager):
    notify(partnership_manager)

    tables = review_tables(*QUARTER)

    assert tables[1].rows == ()
    assert "No review recommendation was outstanding" in tables[1].empty
    text = repr(tables)
    for detail in ("QZ", "XQV", "Smithson", "Riverford North", "Intimate partner"):
        assert detail not in text
