"""Dates as files write them: every reader gets the same ISO date from either format."""

from __future__ import annotations

import pytest

from concord.domain.dates import iso_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-12-07", "2026-12-07"),
        ("07/12/2026", "2026-12-07"),
        (" 07/12/2026 ", "2026-12-07"),
        ("31/02/1990", None),
        ("7 December 2026", None),
        ("", None),
        (None, None),
    ],
)
def test_a_date_in_either_format_is_written_iso_and_anything_else_is_none(text, iso):
    assert iso_date(text) == iso
