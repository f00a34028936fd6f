"""The SafeLives quarterly MARAC return (DOMAIN §4), made from the data: one row per meeting
held in the quarter and a row for the quarter, with disclosure control (DOMAIN §11), because
the return leaves the partnership.

The whole return is protected as one set of linked figures
(concord.domain.linked_disclosure): police and partner referrals add up to the cases heard,
every column's meetings add up to its quarter total, and every column but the children
counts some of the cases heard (at most as many).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from concord.accounts.models import AgencyKind
from concord.core.presenters import govuk_date
from concord.domain.disclosure import Cell, DisclosureRule
from concord.domain.linked_disclosure import LinkedOutput, at_least_sum_of, protect, total_of
from concord.domain.periods import Quarter
from concord.marac.measures import DISABLED, heard_in, lgbt, minoritised, on_referral
from concord.marac.models import MaracArea

HEARD, POLICE, PARTNERS = "heard", "police", "partners"
QUARTER = "quarter"
# The columns counting some of the cases heard, after the referrals by police and partners.
SUBSET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("repeats", "Repeat cases"),
    ("children", "Children in the households"),
    ("minoritised", "Black, Asian and minoritised victims"),
    ("lgbt", "LGBT+ victims"),
    ("disabled", "Disabled victims"),
    ("male", "Male victims"),
    ("aged_16_17", "Victims aged 16 or 17"),
)
HEADER = (
    "Meeting",
    "Cases heard",
    "Referred by the police",
    "Referred by partner agencies",
    *(label for _, label in SUBSET_COLUMNS),
)


@dataclass(frozen=True)
class MaracReturn:
    area: MaracArea
    quarter: Quarter
    meetings: tuple[str, ...]  # the meetings' dates, as the rows' labels
    rows: tuple[tuple[Cell, ...], ...]  # one per meeting, in HEADER's order after "Meeting"
    total: tuple[Cell, ...]  # the quarter

    def lines(self) -> list[list[str]]:
        """The return as text: every row, then the quarter's, as CSV or XLSX cells."""
        labelled = [*zip(self.meetings, self.rows, strict=True), ("All meetings", self.total)]
        return [[label, *(cell.text for cell in cells)] for label, cells in labelled]


def counts_per_meeting(area: MaracArea, quarter: Quarter) -> list[dict[str, Any]]:
    """Each meeting's counts of cases heard, in one query."""

    def where(condition: Q) -> Count:
        return Count("pk", filter=on_referral(condition))

    police = Q(agency__kind=AgencyKind.POLICE)
    return list(
        heard_in(area, quarter.first, quarter.last)
        .values("meeting__meets_on")
        .annotate(
            police=where(police),
            partners=where(~police),
            repeats=where(Q(is_repeat=True)),
            children=Coalesce(Sum("referral__children_count"), 0),
            minoritised=where(minoritised()),
            lgbt=where(lgbt()),
            disabled=where(Q(disability__in=DISABLED)),
            male=where(Q(sex="male")),
            aged_16_17=where(Q(age_when_referred__in=(16, 17))),
        )
        .order_by("meeting__meets_on")
    )


def marac_return(area: MaracArea, quarter: Quarter, rule: DisclosureRule) -> MaracReturn:
    meetings = counts_per_meeting(area, quarter)
    if not meetings:
        return MaracReturn(area, quarter, (), (), ())
    cells = protect(linked_return(meetings, rule))
    columns = (HEARD, POLICE, PARTNERS, *(name for name, _ in SUBSET_COLUMNS))
    rows = tuple(
        tuple(cells[f"{index}:{column}"] for column in columns) for index in range(len(meetings))
    )
    total = tuple(cells[f"{QUARTER}:{column}"] for column in columns)
    labels = tuple(govuk_date(m["meeting__meets_on"]) for m in meetings)
    return MaracReturn(area, quarter, labels, rows, total)


def linked_return(meetings: Sequence[dict[str, Any]], rule: DisclosureRule) -> LinkedOutput:
    """The return's counts (a row per meeting, ``"<meeting>:<column>"``, and the quarter's,
    ``"quarter:<column>"``) with the relations between them."""
    output = LinkedOutput(rule)
    rows = [*(str(index) for index in range(len(meetings))), QUARTER]
    subsets = [name for name, _ in SUBSET_COLUMNS]
    for column in (POLICE, PARTNERS, *subsets):
        values = [m[column] for m in meetings]
        for row, value in zip(rows, [*values, sum(values)], strict=True):
            output.add_count(f"{row}:{column}", value)
        output.relate(total_of(f"{QUARTER}:{column}", [f"{row}:{column}" for row in rows[:-1]]))
    for row in rows:
        heard = f"{row}:{HEARD}"
        output.add_count(
            heard, output.counts[f"{row}:{POLICE}"] + output.counts[f"{row}:{PARTNERS}"]
        )
        output.relate(total_of(heard, [f"{row}:{POLICE}", f"{row}:{PARTNERS}"]))
        for column in subsets:
            if column != "children":
                output.relate(at_least_sum_of(heard, [f"{row}:{column}"]))
    return output
