"""The MARAC's measures and its quarterly return: each figure counted by its definition
(concord.marac.measures), and the return protected by disclosure control before it leaves
the partnership."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.utils import timezone

from concord.domain.disclosure import STANDARD, DisclosureRule
from concord.domain.linked_disclosure import protect
from concord.domain.periods import quarter_of
from concord.domain.tests.attacker import pinned
from concord.marac import services
from concord.marac.measures import measure
from concord.marac.models import AgendaItem, MaracMeeting
from concord.marac.returns import (
    HEADER,
    SUBSET_COLUMNS,
    counts_per_meeting,
    linked_return,
    marac_return,
)
from concord.marac.tests.conftest import open_case, referral_values
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def hear(coordinator, idva, area, help_point, meeting, **person):
    """A new victim's case referred, listed and heard at ``meeting``."""
    victim = PersonFactory(agency=idva.agency, date_of_birth=date(1990, 1, 1), **person)
    referral = services.refer_to_marac(
        idva.user, open_case(idva, victim, help_point), **referral_values(area)
    )
    item = services.list_on_agenda(coordinator.user, meeting, referral)
    return services.record_discussion(coordinator.user, item, summary="Discussed")


@pytest.fixture
def quarter(today):
    return quarter_of(today)


def test_the_measures_count_by_their_definitions(
    coordinator, idva, police_rep, area, help_point, meeting, heard, action, quarter, today
):
    hear(coordinator, idva, area, help_point, meeting, sex="male", disability="yes_limited_a_lot")
    hear(coordinator, idva, area, help_point, meeting, ethnicity="white_roma")
    services.refer_to_marac(
        idva.user,
        open_case(idva, PersonFactory(agency=idva.agency), help_point),
        **referral_values(area),
    )  # referred, not yet heard
    services.record_action_outcome(police_rep, action, completed=True, outcome_on=today)
    services.record_follow_up(idva.user, heard.referral, feels_safer="yes", followed_up_on=today)

    figures = measure(area, quarter.first, quarter.last)

    assert figures.cases_heard == 3
    assert figures.children == 6  # two in each household
    assert (figures.male, figures.disabled, figures.minoritised) == (1, 1, 1)
    assert (figures.referrals, figures.police_referrals) == (4, 0)
    assert figures.partner_share.exact == 100
    assert figures.actions_completed_rate.exact == 100
    assert figures.feels_safer_rate.exact == 100
    days = (quarter.last - quarter.first).days + 1
    assert figures.cases_per_10000 == Fraction(3 * 365 * 10_000, days * 98_000)
    assert figures.referrals_by_agency == [(idva.agency.name, False, 4)]


def test_an_action_completed_late_or_not_at_all_is_not_on_time(
    coordinator, police_rep, area, heard, action, quarter, today
):
    late = services.assign_action(
        coordinator.user, heard, agency=action.agency, description="Visit", due_on=today
    )
    services.record_action_outcome(police_rep, late, completed=True, outcome_on=today)
    late.due_on = today - timedelta(days=1)
    late.save()

    figures = measure(area, quarter.first, quarter.last)

    assert (figures.actions_due, figures.actions_completed_on_time) == (2, 0)


def test_nothing_heard_gives_no_rates_rather_than_zero(area, quarter):
    figures = measure(area, quarter.first, quarter.last)

    assert figures.cases_heard == 0
    assert figures.repeat_rate is None and figures.feels_safer_rate is None
    assert figures.cases_per_10000 == 0


def held_last_quarter(coordinator, idva, area, help_point, agencies, sexes, day):
    """A meeting on ``day`` of last quarter hearing one new case per sex in ``sexes``: the
    cases are listed while the meeting is ahead, then the meeting is moved back to ``day``."""
    meeting = services.schedule_meeting(
        coordinator.user,
        area,
        meets_on=timezone.localdate() + timedelta(days=day + 1),
        agencies=agencies,
    )
    items = [
        services.list_on_agenda(
            coordinator.user,
            meeting,
            services.refer_to_marac(
                idva.user,
                open_case(idva, PersonFactory(agency=idva.agency, sex=sex), help_point),
                **referral_values(area),
            ),
        )
        for sex in sexes
    ]
    last_quarter = quarter_of(timezone.localdate()).previous()
    MaracMeeting.objects.filter(pk=meeting.pk).update(
        meets_on=last_quarter.first + timedelta(days=day)
    )
    for item in items:
        item.refresh_from_db()
        services.record_discussion(coordinator.user, item, summary="Discussed")


def test_the_return_hides_small_numbers_and_what_would_reveal_them(
    coordinator, idva, area, help_point, agency_a, agency_b, quarter
):
    agencies = [agency_a, agency_b]
    held_last_quarter(coordinator, idva, area, help_point, agencies, ["male"] * 6, day=0)
    held_last_quarter(
        coordinator, idva, area, help_point, agencies, ["male"] + ["female"] * 5, day=14
    )

    lines = marac_return(area, quarter.previous(), STANDARD).lines()

    assert HEADER[1:4] == ("Cases heard", "Referred by the police", "Referred by partner agencies")
    male = HEADER.index("Male victims")
    first, second, total = lines
    assert (first[1], second[1], total[1]) == ("6", "6", "12")
    assert (first[2], first[3]) == ("0", "6")  # all from a partner agency
    assert second[male] == "<5"  # one man
    assert first[male] == "[c]"  # else 7 - 6 would give him away
    assert total[male] == "7"
    assert total[0] == "All meetings"


def test_a_quarter_without_meetings_has_an_empty_return(area, quarter):
    assert marac_return(area, quarter, STANDARD).lines() == [["All meetings"]]


@pytest.mark.parametrize("rule", [STANDARD, DisclosureRule(round_to_five=True)])
def test_the_attacker_pins_nothing_in_the_return(
    coordinator, idva, area, help_point, agency_a, agency_b, quarter, rule
):
    """Every column's meetings add up to its quarter and count some of the cases heard:
    nothing published with a small count pins it down."""
    agencies = [agency_a, agency_b]
    held_last_quarter(coordinator, idva, area, help_point, agencies, ["male"] * 6, day=0)
    held_last_quarter(coordinator, idva, area, help_point, agencies, ["female"] * 4, day=14)
    held_last_quarter(
        coordinator, idva, area, help_point, agencies, ["male"] * 2 + ["female"] * 7, day=28
    )
    meetings = counts_per_meeting(area, quarter.previous())
    output = linked_return(meetings, rule)

    cells = protect(output)

    assert any(cell.text == "<5" for cell in cells.values())
    assert pinned(cells, output.relations, rounded=rule.round_to_five) == {}
    shown = marac_return(area, quarter.previous(), rule)
    assert [cell.text for cell in shown.total] == [
        cells[f"quarter:{column}"].text
        for column in ("heard", "police", "partners", *(name for name, _ in SUBSET_COLUMNS))
    ]


def _heard_on(coordinator, referral, meets_on):
    """``referral`` listed and heard at a meeting held on ``meets_on`` (in the past)."""
    meeting = MaracMeeting.objects.create(
        area=referral.area, meets_on=meets_on, scheduled_by=coordinator.user
    )
    AgendaItem.objects.create(
        agency=referral.area.hosted_by,
        meeting=meeting,
        referral=referral,
        listed_by=coordinator.user,
        heard_at=timezone.now(),
    )


@pytest.fixture
def hearings(settings, coordinator, idva, area, help_point, today):
    """Target 28 days. Late: referred 40 days ago, not heard. On time: referred 35 days ago,
    heard 20 days ago. Waiting: referred today."""
    settings.MARAC_HEARING_TARGET_DAYS = 28

    def refer(days_ago):
        case = open_case(idva, PersonFactory(agency=idva.agency), help_point, days_ago=60)
        values = referral_values(area, referred_on=today - timedelta(days=days_ago))
        return services.refer_to_marac(idva.user, case, **values)

    late, on_time, waiting = refer(40), refer(35), refer(0)
    _heard_on(coordinator, on_time, today - timedelta(days=20))
    return late, on_time, waiting


def test_a_referral_is_not_heard_only_once_its_target_date_has_passed(area, hearings, today):
    figures = measure(area, today - timedelta(days=60), today + timedelta(days=30))

    assert (figures.hearing_due, figures.not_heard, figures.waiting) == (2, 1, 1)
    assert figures.not_heard_rate.exact == 50


def test_a_referral_made_today_is_waiting_not_unmet(area, idva, help_point, today):
    case = open_case(idva, PersonFactory(agency=idva.agency), help_point)
    services.refer_to_marac(idva.user, case, **referral_values(area))

    figures = measure(area, today, today + timedelta(days=60))

    assert (figures.hearing_due, figures.not_heard, figures.waiting) == (0, 0, 1)
    assert figures.not_heard_rate is None


def test_hearing_a_late_referral_does_not_undo_the_figure(coordinator, area, hearings, today):
    late = hearings[0]
    before = measure(area, today - timedelta(days=60), today - timedelta(days=1))

    _heard_on(coordinator, late, today)

    after = measure(area, today - timedelta(days=60), today - timedelta(days=1))
    assert (before.not_heard, before.hearing_due) == (after.not_heard, after.hearing_due) == (1, 2)
