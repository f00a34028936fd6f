"""The lower quartile, median and upper quartile of a distribution given as counts of each
value (how many stays lasted each number of nights), as a database's GROUP BY gives it.
Pure Python: no Django.

Quartiles are interpolated between the ordered values as spreadsheets' QUARTILE.INC and
Python's ``statistics.quantiles(method="inclusive")`` do: the quartile q of n values is at
position q * (n - 1) counting from 0, between the two values either side of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Quartiles:
    count: int
    lower: Fraction
    median: Fraction
    upper: Fraction


def quartiles(counts: Mapping[int, int]) -> Quartiles | None:
    """The quartiles of the values counted in ``counts`` (value -> how many); None when
    nothing is counted. Counts below 0 are refused."""
    if any(number < 0 for number in counts.values()):
        raise ValueError("A count cannot be below 0")
    ordered = sorted((value, number) for value, number in counts.items() if number)
    total = sum(number for _, number in ordered)
    if not total:
        return None

    def nth(index: int) -> int:
        """The value at ``index`` (from 0) of the ordered values."""
        seen = 0
        for value, number in ordered:
            seen += number
            if index < seen:
                return value
        raise IndexError(index)

    def at(share: Fraction) -> Fraction:
        position = share * (total - 1)
        below = int(position)
        fraction = position - below
        low = nth(below)
        return low + fraction * (nth(below + 1) - low) if fraction else Fraction(low)

    return Quartiles(total, at(Fraction(1, 4)), at(Fraction(1, 2)), at(Fraction(3, 4)))
