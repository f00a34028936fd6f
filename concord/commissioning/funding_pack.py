"""Grants and spend's part of the board pack: each stream of the year with what was
awarded, allocated and spent to the quarter, and the variance in words."""

from __future__ import annotations

from concord.commissioning import funding
from concord.core.pack_parts import PackTable
from concord.domain.periods import financial_year_label
from concord.domain.spend import SpendToDate, pounds

HEADERS = ("Stream", "Awarded", "Allocated", "Spent to date", "Variance")


def _variance(to_date: SpendToDate) -> str:
    missing = to_date.missing_text
    return f"{to_date.variance_text}; {missing.lower()}" if missing else to_date.variance_text


def spend_tables(year: int, quarter: int) -> list[PackTable]:
    """The year's streams to the end of ``quarter`` (1 to 4), with a line for them all."""
    streams = funding.year_spend(year, quarter)
    rows = [
        (
            stream.stream.name,
            pounds(stream.stream.amount_pence),
            pounds(stream.allocated_pence),
            pounds(stream.to_date.spent_pence),
            _variance(stream.to_date),
        )
        for stream in streams
    ]
    if streams:
        total = funding.year_total(streams, quarter)
        awarded = sum(stream.stream.amount_pence for stream in streams)
        rows.append(
            (
                "All streams",
                pounds(awarded),
                pounds(total.allocated_pence),
                pounds(total.spent_pence),
                _variance(total),
            )
        )
    return [
        PackTable(
            title=f"Grant spend in {financial_year_label(year)}, to the end of quarter {quarter}",
            headers=HEADERS,
            rows=tuple(rows),
            empty=f"No funding streams are recorded for {financial_year_label(year)}.",
            notes=(
                "Each allocation is profiled evenly: a quarter of it each quarter.",
                "The variance compares spend with the profile of the quarters returned; a "
                "quarter not returned is named, never counted as nothing spent.",
            ),
        )
    ]
