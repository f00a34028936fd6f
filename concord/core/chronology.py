"""The chronology of a case or a person: what happened, when, and who did it.

The apps that keep records about a case sit above the case's app, so the chronology's page
cannot name them. Each app registers, from its own ``AppConfig.ready``, the kinds of entry
it keeps and one source per kind::

    chronology.register(Kind("incident", "Incidents", 40), incident_entries)

A source receives the request's scope and the cases (already within scope) and returns
their entries in a fixed number of queries, whatever their number (set-based: one query
over all the cases, never one per case or per entry). The page asks ``entries`` for the
kinds chosen and shows them merged, newest first.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Kind:
    """A kind of entry: its ``code`` (used in the page's filter), its plural ``label`` and
    its ``place`` in the filter's list."""

    code: str
    label: str
    place: int


@dataclass(frozen=True)
class Entry:
    """One event: ``at`` orders it (for a dated record, see ``on``); ``timed`` says whether
    the time of day is known; ``by`` names who did it ("" when the record does not say)."""

    at: datetime
    kind: str
    summary: str
    by: str
    case_id: Any
    timed: bool = True
    details: tuple[str, ...] = field(default=())


Source = Callable[[Any, Sequence[Any]], Iterable[Entry]]

_KINDS: dict[str, Kind] = {}
_SOURCES: dict[str, Source] = {}


def register(kind: Kind, source: Source) -> None:
    """Add a kind of entry and its source; registering a code again replaces it (``ready``
    can run more than once in tests)."""
    _KINDS[kind.code] = kind
    _SOURCES[kind.code] = source


def kinds() -> list[Kind]:
    """Every registered kind, in the filter's order."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.place, kind.code))


def entries(scope: Any, cases: Sequence[Any], chosen: Collection[str] = ()) -> list[Entry]:
    """The entries of ``cases`` of the ``chosen`` kinds (all when none is chosen), newest
    first. No case, no query."""
    if not cases:
        return []
    codes = [kind.code for kind in kinds() if not chosen or kind.code in chosen]
    found = [entry for code in codes for entry in _SOURCES[code](scope, cases)]
    return sorted(found, key=lambda entry: entry.at, reverse=True)


def on(day: date, recorded_at: datetime | None = None) -> datetime:
    """Where a dated (not timed) record sits among timed ones: when it was recorded, if that
    was on the day itself, otherwise the start of the day."""
    if recorded_at is not None and timezone.localtime(recorded_at).date() == day:
        return recorded_at
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def dated(day: date, kind: str, summary: str, by: object, case_id: Any, *details: str) -> Entry:
    """An entry for a record kept by the day only."""
    return Entry(on(day), kind, summary, _name(by), case_id, False, tuple(d for d in details if d))


def timed(at: datetime, kind: str, summary: str, by: object, case_id: Any, *details: str) -> Entry:
    """An entry for a record kept with its time of day."""
    return Entry(at, kind, summary, _name(by), case_id, True, tuple(d for d in details if d))


def _name(by: object) -> str:
    return str(by) if by is not None else ""
