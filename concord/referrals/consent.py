"""When a consent record allows sharing (pure Python, DOMAIN §13).

A consent is valid on a day when it was given (not refused), on or after the day it was
given, before its expiry date and before the day it was withdrawn: on the expiry or
withdrawal date itself it no longer allows sharing. It covers a destination when it names
that agency, or names no agency at all (consent for the purpose, to any agency).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ConsentProblem(StrEnum):
    REFUSED = "refused"
    NOT_YET_GIVEN = "not_yet_given"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ConsentTerms:
    given: bool
    given_on: date
    expires_on: date | None = None
    withdrawn_on: date | None = None


def problem_on(terms: ConsentTerms, day: date) -> ConsentProblem | None:
    """Why the consent does not allow sharing on ``day``, or None when it does."""
    if not terms.given:
        return ConsentProblem.REFUSED
    if terms.withdrawn_on is not None and day >= terms.withdrawn_on:
        return ConsentProblem.WITHDRAWN
    if terms.expires_on is not None and day >= terms.expires_on:
        return ConsentProblem.EXPIRED
    if day < terms.given_on:
        return ConsentProblem.NOT_YET_GIVEN
    return None


def is_valid_on(terms: ConsentTerms, day: date) -> bool:
    return problem_on(terms, day) is None


def same_agency_name(first: str, second: str) -> bool:
    """Names of outside agencies compared as people type them: case and spacing ignored."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def covers(
    named_agencies: Collection[object],
    named_outside_agency: str,
    *,
    agency: object | None = None,
    outside_agency: str = "",
) -> bool:
    """Whether a consent naming ``named_agencies`` (ids) and ``named_outside_agency``
    covers sharing with ``agency`` (an id) or with the agency outside Concord named
    ``outside_agency``. A consent naming nobody covers any agency."""
    if not named_agencies and not named_outside_agency.strip():
        return True
    if agency is not None:
        return agency in named_agencies
    return bool(outside_agency.strip()) and same_agency_name(named_outside_agency, outside_agency)
