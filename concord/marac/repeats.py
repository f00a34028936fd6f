"""The MARAC repeat rule (DOMAIN §4), decided against the MARAC's own register of earlier
referrals. Pure Python: no Django.

A referral is a **repeat** when the same case (the same victim and at least one of the same
people causing harm) was referred to the same MARAC before, and the new referral is within
12 months of that case's **last** earlier referral. Under the older, "criminal only"
definition, only a new referral whose incident would be a crime if reported can be a repeat.

"12 months" is calendar months, counted the way ``dateutil.relativedelta`` counts them: the
window of a referral made on 15 March 2025 ends on 15 March 2026, inclusive. A day that does
not exist in the last month becomes that month's last day, so a referral on 29 February
2024 has a window ending on 28 February 2025: a new referral on 28 February 2025 is a
repeat and one on 1 March 2025 is new. "11 months and 30 days" is a repeat because it is
less than 12 whole months; 12 months and a day is new. (Counting from 1 March, 11 months
and then 30 more days crosses February and reaches 3 March: that is 12 months and 2 days,
so new.)

The same victim: the referring agency's own record of the person is the same, or the names
(normalised) and the dates of birth are the same, with both dates known. The same person
causing harm: normalised names the same, and dates of birth the same where both are known.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

WINDOW_MONTHS = 12


class Definition(StrEnum):
    """Which repeat definition the partnership uses (CONCORD_MARAC_REPEAT_DEFINITION)."""

    CURRENT = "current"  # SafeLives: any further abuse in the window, criminal or not
    CRIMINAL_ONLY = "criminal_only"  # the older one: only behaviour that would be a crime

    @property
    def label(self) -> str:
        return DEFINITION_LABELS[self]


DEFINITION_LABELS = {
    Definition.CURRENT: "SafeLives' current definition (any further abuse)",
    Definition.CRIMINAL_ONLY: "The older definition (only criminal behaviour)",
}


@dataclass(frozen=True)
class Party:
    """A victim or a person causing harm as a referral names them."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None

    @property
    def name_key(self) -> str:
        return f"{normalised(self.given_name)} {normalised(self.family_name)}"


@dataclass(frozen=True)
class Referral:
    """One entry of a MARAC's register, or the referral being made."""

    referred_on: date
    victim: Party
    people_causing_harm: tuple[Party, ...]
    victim_record: str = ""  # the referring agency's record of the victim, when known
    new_incident_criminal: bool = True
    key: object = None  # the stored referral this entry stands for


def normalised(name: str) -> str:
    """A name compared without case, accents, spaces or punctuation: "O'Brien-Sánchez" and
    "obrien sanchez" are the same."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(re.findall(r"[a-z]+", plain.casefold()))


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; a day past the end of the month becomes its last day."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def months_and_days(earlier: date, later: date) -> tuple[int, int]:
    """The calendar difference as a person counts it: whole months, then the days left."""
    if later < earlier:
        raise ValueError("later must not be before earlier")
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    return months, (later - add_months(earlier, months)).days


def window_end(last_referred_on: date) -> date:
    """The last day on which a new referral of the same case is still a repeat."""
    return add_months(last_referred_on, WINDOW_MONTHS)


def within_window(earlier: date, later: date) -> bool:
    return earlier <= later <= window_end(earlier)


def repeat_since_referral(
    last_referred_on: date, incidents_on: Iterable[date], today: date
) -> bool:
    """Whether a case last referred on ``last_referred_on`` is a repeat today: an incident has
    happened since, within the referral's window, and the window is still open."""
    return within_window(last_referred_on, today) and any(
        last_referred_on < day and within_window(last_referred_on, day) for day in incidents_on
    )


def same_victim(a: Referral, b: Referral) -> bool:
    if a.victim_record and a.victim_record == b.victim_record:
        return True
    born_a, born_b = a.victim.date_of_birth, b.victim.date_of_birth
    return born_a is not None and born_a == born_b and a.victim.name_key == b.victim.name_key


def same_person_causing_harm(a: Party, b: Party) -> bool:
    dates_agree = a.date_of_birth is None or b.date_of_birth is None
    return a.name_key == b.name_key and (dates_agree or a.date_of_birth == b.date_of_birth)


def same_case(a: Referral, b: Referral) -> bool:
    return same_victim(a, b) and any(
        same_person_causing_harm(x, y) for x in a.people_causing_harm for y in b.people_causing_harm
    )


def last_referral_of_case(new: Referral, register: Iterable[Referral]) -> Referral | None:
    """The case's latest referral on the register made on or before the new one's date."""
    earlier = [
        entry
        for entry in register
        if entry.referred_on <= new.referred_on and same_case(new, entry)
    ]
    return max(earlier, key=lambda entry: entry.referred_on, default=None)


def earlier_referral(
    new: Referral, register: Iterable[Referral], definition: Definition | str
) -> Referral | None:
    """The earlier referral that makes ``new`` a repeat, or None when ``new`` is not one.
    ``register`` holds the MARAC's earlier referrals, whichever agency made them."""
    if Definition(definition) is Definition.CRIMINAL_ONLY and not new.new_incident_criminal:
        return None
    last = last_referral_of_case(new, register)
    if last is None or not within_window(last.referred_on, new.referred_on):
        return None
    return last
