"""When the Local Partnership Board is quorate, and whose term is current (DOMAIN §15).
Pure Python: the board's pages, its API, its annual report and the board pack all count
with these.

A meeting is quorate when the voting members present (a deputy sent in a member's place
counts as the member) reach the larger of a minimum number and a fraction of the voting
members whose term is current on the meeting's date, rounded up.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import ceil

BAD_FRACTION = "must be a fraction between 0 and 1, such as 1/3 or 0.5"


@dataclass(frozen=True)
class QuorumRule:
    """The board's standing order: ``fraction`` of its voting members, never fewer than
    ``minimum``."""

    fraction: Fraction
    minimum: int

    def __post_init__(self) -> None:
        if not 0 < self.fraction <= 1:
            raise ValueError(f"The quorum fraction {BAD_FRACTION}")
        if self.minimum < 1:
            raise ValueError("The quorum minimum must be at least 1")

    def needed(self, voting_members: int) -> int:
        """How many voting members must be present out of ``voting_members`` in term."""
        return max(self.minimum, ceil(self.fraction * voting_members))


def parse_fraction(text: str) -> Fraction:
    """ "1/3" or "0.5" as a Fraction above 0 and at most 1; ValueError otherwise."""
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} {BAD_FRACTION}") from None
    if not 0 < value <= 1:
        raise ValueError(f"{text!r} {BAD_FRACTION}")
    return value


@dataclass(frozen=True)
class Quoracy:
    """What one meeting's attendance came to."""

    present: int
    voting_members: int
    needed: int

    @property
    def quorate(self) -> bool:
        return self.present >= self.needed

    def sentence(self) -> str:
        """ "Quorate: 7 of 12 voting members present, 4 needed" (words, never colour)."""
        verdict = "Quorate" if self.quorate else "Not quorate"
        return (
            f"{verdict}: {self.present} of {self.voting_members} voting members present, "
            f"{self.needed} needed"
        )


def quoracy(present_voting: int, voting_members: int, rule: QuorumRule) -> Quoracy:
    """The quoracy of a meeting with ``present_voting`` of its ``voting_members`` in term
    present in person or by deputy."""
    if not 0 <= present_voting <= voting_members:
        raise ValueError("Present voting members must be between 0 and the voting members")
    return Quoracy(present_voting, voting_members, rule.needed(voting_members))


def in_term(starts_on: date, ends_on: date | None, day: date) -> bool:
    """Whether a member's term (``ends_on`` None: open-ended) includes ``day``; the last
    day of a term is still in it."""
    return starts_on <= day and (ends_on is None or day <= ends_on)


def ends_soon(ends_on: date | None, today: date, months: int = 3) -> bool:
    """Whether a current term ends within ``months`` calendar months of ``today``."""
    if ends_on is None or ends_on < today:
        return False
    month = today.month - 1 + months
    year, month = today.year + month // 12, month % 12 + 1
    # The same day ``months`` later, or the last day of a shorter month.
    return ends_on <= date(year, month, min(today.day, monthrange(year, month)[1]))
