"""Placeholder values: what a worker types when the true value is not known.

A date of birth of 1900-01-01, a given name of "Unknown", a phone of 07777777777 or an
office's switchboard say nothing about who a person is; compared as if they did, they link
different people (issue 19: 3% of records at 1900-01-01 built a cluster of 30). They are
treated as missing values. Pure Python: no Django, no Splink.

The lists and limits are configuration: the defaults here, overridden for a deployment by
the Django setting ``CONCORD_LINKAGE_PLACEHOLDERS`` (a dict of the ``Placeholders`` field
names) when Django is set up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

#: Kinds of placeholder, as counted in ``Scored.placeholders`` and the run record.
DOB, DOB_01_01, NAME, PHONE = "dob", "dob_01_01", "name", "phone"

_ASCENDING = "01234567890123456789"
_DESCENDING = _ASCENDING[::-1]


@dataclass(frozen=True)
class Placeholders:
    """What counts as a placeholder. Dates are ISO (YYYY-MM-DD); names are compared in the
    engine's normal form (lower case letters and spaces)."""

    #: Dates of birth that are always placeholders.
    dobs: tuple[str, ...] = (
        "1900-01-01",
        "1901-01-01",
        "1899-12-31",
        "1800-01-01",
        "1111-11-11",
        "9999-12-31",
    )
    #: A single date of birth held by more than this many times the people (distinct names)
    #: an average date is held by (and by more than ``dob_min_records``) is a placeholder.
    dob_frequency_factor: float = 20.0
    dob_min_records: int = 10
    #: When this many times more dates of birth fall on 1 January than 1/365 would give
    #: (and at least ``dob_min_records`` do), 1 January dates are estimates: the year is kept.
    january_factor: float = 4.0
    #: Given or family names that are placeholders.
    names: tuple[str, ...] = (
        "unknown",
        "not known",
        "notknown",
        "unk",
        "n a",
        "na",
        "nk",
        "none",
        "anon",
        "anonymous",
        "refused",
        "declined",
        "withheld",
        "not given",
        "not stated",
        "no name",
        "baby",
        "baby boy",
        "baby girl",
        "unborn",
        "unborn baby",
        "infant",
        "child",
        "test",
        "xxx",
        "x",
    )
    #: A phone number held by more people (distinct names) than this is a switchboard or an
    #: office; one person's many records share their own number.
    phone_max_records: int = 12

    def with_overrides(self, overrides: Mapping[str, Any]) -> Placeholders:
        """These placeholders with some fields replaced (lists given as any sequence)."""
        known = {field.name for field in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"Unknown placeholder settings: {', '.join(sorted(unknown))}")
        cleaned = {
            name: tuple(value) if isinstance(value, list | tuple | set | frozenset) else value
            for name, value in overrides.items()
        }
        return replace(self, **cleaned)  # type: ignore[arg-type]


DEFAULTS = Placeholders()


def configured() -> Placeholders:
    """The defaults, overridden by CONCORD_LINKAGE_PLACEHOLDERS when Django is set up."""
    try:
        from django.conf import settings

        overrides = getattr(settings, "CONCORD_LINKAGE_PLACEHOLDERS", None) or {}
    except Exception:  # Django not configured: the command-line benchmark, pure tests.
        overrides = {}
    return DEFAULTS.with_overrides(overrides) if overrides else DEFAULTS


def placeholder_dobs(counts: Mapping[str, int], config: Placeholders = DEFAULTS) -> set[str]:
    """The dates of birth (ISO) that are placeholders, given how many people (distinct
    names) hold each: the listed ones, and any held far more often than an average date is."""
    found = {dob for dob in counts if dob in config.dobs}
    rest = {dob: count for dob, count in counts.items() if dob not in found}
    if rest:
        average = sum(rest.values()) / len(rest)
        limit = max(config.dob_min_records, config.dob_frequency_factor * average)
        found |= {dob for dob, count in rest.items() if count > limit}
    return found


def january_spike(counts: Mapping[str, int], config: Placeholders = DEFAULTS) -> bool:
    """Whether far more dates of birth fall on 1 January than chance would put there (a
    system's way of writing "born in that year"). ``counts`` excludes placeholders."""
    total = sum(counts.values())
    on_first = sum(count for dob, count in counts.items() if dob[4:] == "-01-01")
    return on_first >= config.dob_min_records and on_first > config.january_factor * total / 365


def is_placeholder_name(name: str | None, config: Placeholders = DEFAULTS) -> bool:
    """Whether a name in the engine's normal form is a placeholder."""
    return bool(name) and name in config.names


def _runs(digits: str) -> list[str]:
    return [
        digits[start : start + size]
        for size in range(6, 11)
        for start in range(len(digits) - size + 1)
    ]


#: A made-up phone number (digits only), in a pattern that Python and Arrow (RE2) both read:
#: after an optional trunk prefix (0 or 44) and one optional digit, one digit repeated
#: (07777777777, 07000000000, 00000000000), or a run of consecutive digits (0123456789).
PHONE_PATTERN = (
    "^(?:44|0)?[0-9]?(?:"
    + "|".join(f"{digit}{{5,}}" for digit in "0123456789")
    + ")$|^(?:44|0)?(?:"
    + "|".join(sorted(set(_runs(_ASCENDING) + _runs(_DESCENDING)), key=lambda run: -len(run)))
    + ")$"
)
_PHONE = re.compile(PHONE_PATTERN)


def is_placeholder_phone(digits: str | None) -> bool:
    """Whether a phone number (digits only) is a made-up one (``PHONE_PATTERN``)."""
    return bool(digits) and _PHONE.match(digits or "") is not None


def shared_phones(counts: Mapping[str, int], config: Placeholders = DEFAULTS) -> set[str]:
    """Phone numbers held by more people (distinct names, ``counts``) than one household
    would have."""
    return {phone for phone, count in counts.items() if count > config.phone_max_records}
