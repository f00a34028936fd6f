"""What a search for people looks for: a date of birth, a phone number, a reference that an
app above registers (a case reference), or else the words of a name.

Searches are posted, never put in a URL; the audit trail records the kind of search, never
what was typed. Apps above people add their own references here from ``AppConfig.ready``::

    search.REFERENCES.register("case_reference", matches_case_reference)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.db.models import Q

from concord.people.matching import phone_digits

# A phone number has at least this many digits; fewer are part of a name or a date.
PHONE_DIGITS = 6
DATE_PATTERNS = (
    re.compile(r"^(?P<day>\d{1,2})[/\-. ](?P<month>\d{1,2})[/\-. ](?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
)
NAME = "name"


def date_of_birth(text: str) -> date | None:
    """A date written as 5/12/1990, 05-12-1990, 5 12 1990 or 1990-12-05 (UK order)."""
    for pattern in DATE_PATTERNS:
        found = pattern.match(text.strip())
        if found:
            try:
                return date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                return None
    return None


class References:
    """Matchers of references kept by apps above people: each returns a filter of people
    when the text looks like its reference, else None."""

    def __init__(self) -> None:
        self._by_kind: dict[str, Callable[[str], Q | None]] = {}

    def register(self, kind: str, matcher: Callable[[str], Q | None]) -> None:
        self._by_kind[kind] = matcher

    def match(self, text: str) -> tuple[str, Q] | None:
        for kind, matcher in self._by_kind.items():
            query = matcher(text)
            if query is not None:
                return kind, query
        return None


REFERENCES = References()


def search_query(text: str) -> tuple[str, Q]:
    """The kind of search ``text`` is, and the filter of people it finds."""
    born = date_of_birth(text)
    if born is not None:
        return "date_of_birth", Q(date_of_birth=born)
    digits = phone_digits(text)
    if len(digits) >= PHONE_DIGITS and not re.search(r"[A-Za-z]", text):
        return "phone", Q(contact_safety__safe_phone_digits=digits)
    reference = REFERENCES.match(text.strip())
    if reference is not None:
        return reference
    query = Q()
    for word in text.split():
        query &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(aliases__name__icontains=word)
        )
    return NAME, query
