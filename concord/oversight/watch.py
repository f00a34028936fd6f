"""Finding bursts of audited acts by one user: the sliding-window arithmetic behind the
insider-threat alert rules. Pure Python, no Django: the rules feed it the events they count.

A rule fires when, in some window of ``minutes`` ending at one of the user's events, the
user's events (or the distinct records they touched) number more than ``more_than``. Events
that keep it firing within ``minutes`` of the last one join the same burst, so a long
session of looking things up is one alert with all its evidence, not one alert per event.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby


@dataclass(frozen=True)
class Sighting:
    """One audit event a rule counts: who, acting for which agency, when, and what record."""

    event_id: int
    actor_id: Hashable
    agency_id: Hashable
    at: datetime
    record: str


@dataclass
class Burst:
    """Events of one user at one agency that together broke a rule."""

    actor_id: Hashable
    agency_id: Hashable
    event_ids: list[int] = field(default_factory=list)
    first_at: datetime | None = None
    last_at: datetime | None = None

    def add(self, sightings: Iterable[Sighting]) -> None:
        for sighting in sightings:
            if sighting.event_id not in self.event_ids:
                self.event_ids.append(sighting.event_id)
                if self.first_at is None or sighting.at < self.first_at:
                    self.first_at = sighting.at
                if self.last_at is None or sighting.at > self.last_at:
                    self.last_at = sighting.at


def bursts(
    sightings: Iterable[Sighting],
    *,
    more_than: int,
    minutes: int,
    distinct_records: bool,
    new_after: int = 0,
) -> list[Burst]:
    """The bursts in ``sightings``, firing only on events with an id above ``new_after``
    (older ones were judged before, and count here only as the window's earlier part)."""
    found: list[Burst] = []

    def who(sighting: Sighting) -> tuple[str, str]:
        return (str(sighting.actor_id), str(sighting.agency_id))

    for _, theirs in groupby(sorted(sightings, key=who), key=who):
        found += _bursts_of_one(
            sorted(theirs, key=lambda s: (s.at, s.event_id)),
            more_than,
            timedelta(minutes=minutes),
            distinct_records,
            new_after,
        )
    return found


def _bursts_of_one(
    sightings: list[Sighting],
    more_than: int,
    width: timedelta,
    distinct_records: bool,
    new_after: int,
) -> list[Burst]:
    found: list[Burst] = []
    window: deque[Sighting] = deque()
    for sighting in sightings:
        window.append(sighting)
        while window[0].at <= sighting.at - width:
            window.popleft()
        count = len({s.record for s in window}) if distinct_records else len(window)
        if count <= more_than or sighting.event_id <= new_after:
            continue
        current = found[-1] if found else None
        if current is None or current.last_at is None or sighting.at - current.last_at > width:
            current = Burst(sighting.actor_id, sighting.agency_id)
            found.append(current)
        current.add(window)
    return found
