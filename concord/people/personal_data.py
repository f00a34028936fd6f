"""What each app holds about a person, for the data-protection duties of UK GDPR: a subject
access request gathers it (``held_about``), the retention rules decide when a person's
records are due (``kept``), and anonymisation blanks what identifies them (``anonymise``).

Each app that keeps records about a person registers one Holding from its
``AppConfig.ready``, so this app and concord.dataprotection name none of them::

    personal_data.HOLDINGS.register(Holding("cases", 20, held_about, anonymise, kept))

Anonymising keeps every row and every field that figures count (dates, statuses, codes,
agency, service, equality monitoring, area); it blanks names, contact details and free
text, and keeps of a date of birth only what ages on the first day of a month need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from concord.people.models import Person

ANONYMISED = "Anonymised"
"""What a blanked name or a required free-text field holds once anonymised."""


@dataclass(frozen=True)
class HeldField:
    """One item of a record: ``third_party`` when it names or describes someone other than
    the person, so a subject access export redacts it unless the reviewer includes it."""

    label: str
    value: str
    third_party: bool = False


@dataclass(frozen=True)
class HeldRecord:
    """One record held about a person: its kind ("Contact"), which one ("Phone call on 3
    May 2024") and its items."""

    kind: str
    title: str
    fields: tuple[HeldField, ...]


@dataclass(frozen=True)
class Holding:
    """One app's records about a person. ``kept`` (None for an app without a retention rule
    of its own) is a condition on Person true of the people its rule still keeps on a day;
    ``anonymise`` blanks the app's identifying fields about a person and returns how many
    rows it changed."""

    name: str
    place: int
    held_about: Callable[[Person], Iterable[HeldRecord]]
    anonymise: Callable[[Person], int]
    kept: Callable[[date], Q] | None = None


class Holdings:
    """The holdings registered by the apps."""

    def __init__(self) -> None:
        self._by_name: dict[str, Holding] = {}

    def register(self, holding: Holding) -> None:
        """Add ``holding``; registering a name again replaces it (``ready`` can run more
        than once in tests)."""
        self._by_name[holding.name] = holding

    def in_order(self) -> list[Holding]:
        return sorted(self._by_name.values(), key=lambda holding: holding.place)


HOLDINGS = Holdings()


def years_before(day: date, years: int) -> date:
    """The day ``years`` before ``day`` (29 February goes back to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_month(born: date | None) -> date | None:
    """What anonymising keeps of a date of birth: its year and month, and the 1st only for
    someone born on the 1st (else the 2nd), so that anyone's age on the first day of any
    month, and so on the first day of any quarter or year, is what it was."""
    if born is None:
        return None
    return born.replace(day=1 if born.day == 1 else 2)


def field(label: str, value: object, *, third_party: bool = False) -> HeldField:
    """An item as text ("" for nothing recorded)."""
    return HeldField(label, "" if value is None else str(value), third_party)
