"""The homicide reviews' part of the board pack (concord.reporting assembles it): the deaths
notified in the pack's period by kind, through disclosure control because the pack leaves
the panels; and the recommendations outstanding per review reference. Never an initial, a
name, an area or a relationship."""

from __future__ import annotations

from datetime import date

from concord.accounts.disclosure import disclosure_rule
from concord.core.pack_parts import PackTable
from concord.core.presenters import govuk_date
from concord.dhr.figures import KINDS, deaths_between, progress_by_reference
from concord.dhr.presenters import disclosure_note
from concord.domain.disclosure import protect_series


def review_tables(first: date, last: date) -> list[PackTable]:
    return [_deaths_table(first, last), _outstanding_table(last)]


def _deaths_table(first: date, last: date) -> PackTable:
    rule = disclosure_rule()
    series = protect_series(deaths_between(first, last), rule)
    period = f"{govuk_date(first)} to {govuk_date(last)}"
    return PackTable(
        title="Domestic abuse related deaths notified",
        headers=("Period", *(kind.label for kind in KINDS), "All deaths"),
        rows=((period, *(cell.text for cell in series.cells), series.total.text),),
        empty="",
        notes=(
            "Deaths notified to the partnership for a domestic homicide review decision.",
            disclosure_note(rule),
        ),
    )


def _outstanding_table(last: date) -> PackTable:
    rows = tuple(
        (line.reference, str(line.total), str(line.outstanding), str(line.overdue))
        for line in progress_by_reference(last)
        if line.outstanding
    )
    return PackTable(
        title="Homicide review recommendations outstanding",
        headers=("Review", "Recommendations", "Outstanding", "Overdue"),
        rows=rows,
        empty=f"No review recommendation was outstanding on {govuk_date(last)}.",
        notes=(f"As they stood on {govuk_date(last)}.",),
    )
