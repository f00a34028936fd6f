"""Housing events in the chronology (concord.core.chronology): the housing records of the
housing cases, fetched for all of them at once (two queries), told as on the case page; and
the moves in and out of safe accommodation of the cases at refuge and housing services."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import Prefetch, prefetch_related_objects

from concord.accommodation.models import HOUSING_RELATIONS, Stay
from concord.accommodation.presenters import stay_timeline, timeline_entries
from concord.accommodation.services import ACCOMMODATION_KINDS, is_housing_case
from concord.cases.models import Case
from concord.core.chronology import Entry, Kind, dated, register

HOUSING = Kind("housing", "Housing and accommodation", 60)
STAYS = Kind("stays", "Safe accommodation stays", 61)


def housing_entries(scope: object, cases: Sequence[Case]) -> Iterator[Entry]:
    housing = [case for case in cases if is_housing_case(case)]
    prefetch_related_objects(housing, *HOUSING_RELATIONS)
    for case in housing:
        for event in timeline_entries(case):
            yield dated(event.day, HOUSING.code, event.title, None, case.pk, *event.details)


def stay_entries(scope: object, cases: Sequence[Case]) -> Iterator[Entry]:
    placed = [case for case in cases if case.service.kind in ACCOMMODATION_KINDS]
    prefetch_related_objects(placed, Prefetch("stays", Stay.objects.select_related("unit")))
    for case in placed:
        for event in stay_timeline(case):
            yield dated(event.day, STAYS.code, event.title, None, case.pk, *event.details)


def register_kinds() -> None:
    register(HOUSING, housing_entries)
    register(STAYS, stay_entries)
