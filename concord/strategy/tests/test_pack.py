"""The board pack's delivery-plan tables: the RAG summary and the exceptions with why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from concord.domain.delivery import ActionStatus
from concord.strategy import services
from concord.strategy.pack import delivery_tables
from concord.strategy.tests.conftest import YEAR, make_action

pytestmark = pytest.mark.django_db


def test_the_pack_counts_each_status_and_lists_the_exceptions_with_why(
    partnership_manager, plan, objective, idva, django_assert_max_num_queries
):
    today = date.today()
    risky = make_action(plan, objective, idva, reference="1.1")
    services.add_update(
        partnership_manager,
        risky,
        written_on=today - timedelta(days=9),
        status="at_risk",
        progress="Old reason",
    )
    services.add_update(
        partnership_manager, risky, written_on=today, status="at_risk", progress="Venue lost"
    )
    make_action(plan, objective, idva, reference="1.2", status=ActionStatus.OFF_TRACK)
    make_action(plan, objective, idva, reference="1.3", status=ActionStatus.COMPLETE)

    with django_assert_max_num_queries(3):
        summary, exceptions = delivery_tables(YEAR, today)

    assert dict(summary.rows) == {
        "Not started": "0",
        "On track": "0",
        "At risk": "1",
        "Off track": "1",
        "Complete": "1",
    }
    assert [row[0] for row in exceptions.rows] == ["1.2", "1.1"]
    assert exceptions.rows[1][4:] == ("At risk", "Venue lost")
    assert exceptions.rows[0][2] == idva.agency.name
    assert idva.user.full_name not in str(exceptions.rows)


def test_a_year_without_a_plan_says_so():
    summary, exceptions = delivery_tables(YEAR + 9, date.today())

    assert summary.rows == () and exceptions.rows == ()
    assert "There is no delivery plan" in summary.empty
