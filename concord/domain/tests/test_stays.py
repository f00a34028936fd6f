from datetime import date

import pytest

from concord.domain.stays import CHILD_ALONE, OUT_BEFORE_IN, OVERLAP, Span, stay_problems

D = date


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (Span(D(2025, 4, 1), D(2025, 5, 1)), Span(D(2025, 5, 1)), False),  # hand-over day
        (Span(D(2025, 4, 1), D(2025, 5, 2)), Span(D(2025, 5, 1)), True),
        (Span(D(2025, 4, 1)), Span(D(2026, 1, 1), D(2026, 2, 1)), True),  # runs on
        (Span(D(2025, 6, 1), D(2025, 7, 1)), Span(D(2025, 4, 1), D(2025, 6, 1)), False),
        (Span(D(2025, 6, 1), D(2025, 7, 1)), Span(D(2025, 6, 10), D(2025, 6, 20)), True),
    ],
)
def test_stays_overlap_only_when_one_begins_before_the_other_ends(first, second, expected):
    assert first.overlaps(second) is expected
    assert second.overlaps(first) is expected


def test_a_stay_covers_the_nights_from_moving_in_to_the_night_before_moving_out():
    span = Span(D(2025, 4, 1), D(2025, 4, 3))
    assert [span.covers(D(2025, 4, day)) for day in (1, 2, 3)] == [True, True, False]
    assert span.nights(until=D(2030, 1, 1)) == 2
    assert Span(D(2025, 4, 1)).nights(until=D(2025, 4, 11)) == 10


def test_a_good_stay_has_no_problems():
    span = Span(D(2025, 4, 1), D(2025, 6, 1))
    assert stay_problems(span, adults=1, children=2, bed_spaces=3) == {}


def test_each_broken_rule_names_the_field_to_correct():
    backwards = Span(D(2025, 6, 1), D(2025, 4, 1))
    assert stay_problems(backwards, adults=1, children=0, bed_spaces=1) == {
        "moved_out_on": OUT_BEFORE_IN
    }
    assert stay_problems(Span(D(2025, 4, 1)), adults=0, children=1, bed_spaces=2) == {
        "members": CHILD_ALONE
    }
    assert (
        "3 bed spaces"
        in stay_problems(Span(D(2025, 4, 1)), adults=2, children=2, bed_spaces=3)["members"]
    )
    other = [Span(D(2025, 3, 1))]
    assert stay_problems(
        Span(D(2025, 4, 1)), adults=1, children=0, bed_spaces=1, others_in_unit=other
    ) == {"unit": OVERLAP}


def test_a_stay_without_a_unit_has_no_bed_space_limit():
    assert stay_problems(Span(D(2025, 4, 1)), adults=2, children=6, bed_spaces=None) == {}
