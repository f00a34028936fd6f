"""The rules a household's stay in safe accommodation must keep (DOMAIN §12). Pure Python:
the accommodation services check a stay with them before writing it, and its imports check
each row with them.

A stay runs from the day the household moved in to the day it moved out; the day it moves
out is free for the next household, so two stays overlap only when one begins before the
other ends. A stay not ended yet runs on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

OVERLAP = (
    "The unit already has a household staying then: end that stay first, or choose another unit"
)
OUT_BEFORE_IN = "The date they moved out must be the same as or after the date they moved in"
TOO_MANY = "The household is larger than the unit's {bed_spaces} bed spaces"
CHILD_ALONE = "A child must be placed with at least one adult of their household"
NO_ONE = "Choose who in the household is staying"


@dataclass(frozen=True)
class Span:
    """The days of one stay: ``moved_out_on`` is None while it runs on."""

    moved_in_on: date
    moved_out_on: date | None = None

    def overlaps(self, other: Span) -> bool:
        starts_before_other_ends = (
            other.moved_out_on is None or self.moved_in_on < other.moved_out_on
        )
        ends_after_other_starts = self.moved_out_on is None or other.moved_in_on < self.moved_out_on
        return starts_before_other_ends and ends_after_other_starts

    def covers(self, day: date) -> bool:
        """Whether the household stays on the night of ``day``."""
        return self.moved_in_on <= day and (self.moved_out_on is None or day < self.moved_out_on)

    def nights(self, until: date) -> int:
        """How many nights the stay lasted (to ``until`` while it runs on)."""
        return ((self.moved_out_on or until) - self.moved_in_on).days


def stay_problems(
    span: Span,
    *,
    adults: int,
    children: int,
    bed_spaces: int | None,
    others_in_unit: Iterable[Span] = (),
) -> dict[str, str]:
    """What is wrong with a stay, by the field to correct; empty when it may be written.
    ``bed_spaces`` is None for a stay without a unit (a sanctuary scheme)."""
    problems: dict[str, str] = {}
    if span.moved_out_on is not None and span.moved_out_on < span.moved_in_on:
        problems["moved_out_on"] = OUT_BEFORE_IN
    if adults + children == 0:
        problems["members"] = NO_ONE
    elif adults == 0:
        problems["members"] = CHILD_ALONE
    elif bed_spaces is not None and adults + children > bed_spaces:
        problems["members"] = TOO_MANY.format(bed_spaces=bed_spaces)
    if "moved_out_on" not in problems and any(span.overlaps(other) for other in others_in_unit):
        problems["unit"] = OVERLAP
    return problems
