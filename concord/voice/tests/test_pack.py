"""The victims' voice in the quarterly pack (exact for a service, protected for the
partnership, the breakdowns by service and strand) and the board pack's involvement part."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from concord.accounts.disclosure import disclosure_rule
from concord.domain.periods import Period
from concord.reporting import board_pack, packs
from concord.voice import pack as voice_pack
from concord.voice import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(today):
    return Period(today - timedelta(days=30), today, "Test period")


@pytest.fixture
def complaints(manager_a, help_point, days_ago):
    for days, sex in [(3, "female")] * 12 + [(4, "male")] * 2:
        services.log_complaint(
            manager_a.user,
            help_point,
            received_on=days_ago(days),
            channel="phone",
            summary="x",
            answers={"sex": sex},
        )


def _line(pack, code):
    return next(line for s in pack.figures for line in s.lines if line.indicator.code == code)


def test_a_services_own_pack_shows_exact_breakdowns(complaints, period, agency_a):
    exact = packs.pack(period, whose="Haven", agency=agency_a)
    assert _line(exact, "complaints_received").figure == "14"
    by_sex = next(b for b in exact.breakdowns if b.title == "By sex")
    received = [i.code for i in by_sex.indicators].index("complaints_received")
    assert [(row.group, row.lines[received].figure) for row in by_sex.rows] == [
        ("Female", "12"),
        ("Male", "2"),
        ("Total", "14"),
    ]


def test_the_partnership_pack_hides_small_groups_and_keeps_the_totals_linked(complaints, period):
    protected = packs.pack(period, whose="Partnership", rule=disclosure_rule())
    by_sex = next(b for b in protected.breakdowns if b.title == "By sex")
    received = [i.code for i in by_sex.indicators].index("complaints_received")
    shown = {row.group: row.lines[received].figure for row in by_sex.rows}
    assert shown["Male"] == "<10"  # the sensitive threshold, for the whole voice part
    assert shown["Female"] != "12"  # else the 2 follows from the total
    assert _line(protected, "complaints_received").figure == shown["Total"]


def test_the_pack_page_shows_the_breakdowns(signed_in, manager_a, complaints, today):
    page = signed_in(manager_a).get(
        reverse("reporting:quarterly"),
        {
            "start-day": str((today - timedelta(days=30)).day),
            "start-month": str((today - timedelta(days=30)).month),
            "start-year": str((today - timedelta(days=30)).year),
            "end-day": str(today.day),
            "end-month": str(today.month),
            "end-year": str(today.year),
        },
    )
    text = page.content.decode()
    assert "Victims&#39; voice by service and equality strand" in text or (
        "Victims' voice by service and equality strand" in text
    )
    assert "By ethnic group" in text and "By age band" in text


def test_the_board_pack_lists_activities_in_the_period_with_what_changed(
    partnership_manager, council, manager_a, agency_a, days_ago
):
    def add(by, agency, days, title, changed):
        services.record_activity(
            by.user,
            agency,
            held_on=days_ago(days),
            title=title,
            kind="consultation",
            survivors_involved=6,
            what_was_asked="Asked",
            what_changed=changed,
            change_status="in_progress",
        )

    add(partnership_manager, council, 5, "Refuge rules consultation", "Later curfew")
    add(manager_a, agency_a, 400, "Old survey", "Nothing")
    first, last = days_ago(30), days_ago(0)
    (table,) = voice_pack.involvement_tables(first, last)
    assert table.rows == (
        (
            voice_pack.govuk_date(days_ago(5)),
            "Refuge rules consultation",
            "Consultation",
            "6",
            "Later curfew",
            "In progress",
        ),
    )
    assert "Old survey" not in str(table.rows)
    (empty,) = voice_pack.involvement_tables(days_ago(900), days_ago(800))
    assert empty.rows == () and empty.empty
    pack_period = board_pack.BoardPackPeriod("test", Period(first, last, "Test"), 2026, None)
    assert board_pack.involvement_tables in board_pack.PART_MAKERS
    assert board_pack.involvement_tables(pack_period)[0].rows == table.rows
