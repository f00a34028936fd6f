"""Spend of a grant allocation against its profile (DOMAIN §15). Django-free.

An allocation is profiled evenly over the financial year: a quarter of it each quarter, the
last quarter taking what whole pence leave over. Spend is returned quarter by quarter; a
quarter not returned is not a quarter with nothing spent, so the variance compares what was
spent with the profile of the quarters returned only, and the quarters missing are named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

QUARTERS = (1, 2, 3, 4)


def pounds(pence: int) -> str:
    """Money as a reader writes it: £1,200 or £1,200.50."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" if part == 0 else f"{sign}£{whole:,}.{part:02d}"


def quarter_profile(allocated_pence: int, quarter: int) -> int:
    """The part of the allocation profiled for ``quarter`` (1 to 4)."""
    if quarter not in QUARTERS:
        raise ValueError("A quarter is numbered 1 to 4")
    even = allocated_pence // 4
    return allocated_pence - 3 * even if quarter == 4 else even


@dataclass(frozen=True)
class SpendToDate:
    """One allocation (or several, added up) from the start of the year to ``quarter``."""

    quarter: int
    allocated_pence: int
    profile_pence: int  # the allocation to date: the profile of quarters 1 to ``quarter``
    returned_profile_pence: int  # the profile of the quarters whose spend was returned
    spent_pence: int
    not_returned: tuple[int, ...]  # quarters up to ``quarter`` with no spend returned
    returns: int  # how many quarters' spend was returned (of every allocation added up)

    @property
    def any_returned(self) -> bool:
        return self.returns > 0

    @property
    def variance_pence(self) -> int | None:
        """Spend less the profile of the quarters returned; None before any return."""
        return self.spent_pence - self.returned_profile_pence if self.any_returned else None

    @property
    def variance_percentage(self) -> Decimal | None:
        """The variance as a whole percentage of the profile it is measured against."""
        variance = self.variance_pence
        if variance is None or self.returned_profile_pence == 0:
            return None
        share = Decimal(abs(variance)) * 100 / Decimal(self.returned_profile_pence)
        return share.quantize(Decimal(1), ROUND_HALF_UP)

    @property
    def variance_text(self) -> str:
        """The under- or overspend in words, never a colour: "£1,200 underspent (4%)"."""
        variance = self.variance_pence
        if variance is None:
            return "No spend returned yet"
        if variance == 0:
            return "On profile"
        word = "overspent" if variance > 0 else "underspent"
        share = self.variance_percentage
        if share is None:
            return f"{pounds(abs(variance))} {word}"
        shown = "less than 1%" if share == 0 else f"{share}%"
        return f"{pounds(abs(variance))} {word} ({shown})"

    @property
    def missing_text(self) -> str:
        """Which quarters are not returned, in words; "" when none are missing."""
        if not self.not_returned:
            return ""
        *earlier, last = self.not_returned
        if not earlier:
            return f"Quarter {last} not returned"
        return f"Quarters {', '.join(str(q) for q in earlier)} and {last} not returned"


def spend_to_date(allocated_pence: int, spent: Mapping[int, int], quarter: int) -> SpendToDate:
    """An allocation's spend from quarter 1 to ``quarter`` (0: none of the year yet).
    ``spent`` maps each quarter returned to its spend in pence."""
    if not 0 <= quarter <= 4:
        raise ValueError("A quarter is numbered 1 to 4 (0: the year has not started)")
    upto = range(1, quarter + 1)
    returned = [q for q in upto if q in spent]
    return SpendToDate(
        quarter=quarter,
        allocated_pence=allocated_pence,
        profile_pence=sum(quarter_profile(allocated_pence, q) for q in upto),
        returned_profile_pence=sum(quarter_profile(allocated_pence, q) for q in returned),
        spent_pence=sum(spent[q] for q in returned),
        not_returned=tuple(q for q in upto if q not in spent),
        returns=len(returned),
    )


def added_up(parts: Iterable[SpendToDate], quarter: int) -> SpendToDate:
    """Several allocations' spend as one (a stream's, a year's). A quarter counts as not
    returned when any allocation has not returned it."""
    parts = list(parts)
    missing = sorted({q for part in parts for q in part.not_returned})
    return SpendToDate(
        quarter=quarter,
        allocated_pence=sum(part.allocated_pence for part in parts),
        profile_pence=sum(part.profile_pence for part in parts),
        returned_profile_pence=sum(part.returned_profile_pence for part in parts),
        spent_pence=sum(part.spent_pence for part in parts),
        not_returned=tuple(missing),
        returns=sum(part.returns for part in parts),
    )
