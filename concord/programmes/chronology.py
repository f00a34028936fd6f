"""Family-service and programme events in the chronology (concord.core.chronology):
fetched for all the cases at once, restricted children only for their named workers, told
as on the case page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import prefetch_related_objects

from concord.cases.models import Case
from concord.cases.scope import CasesScope
from concord.core.chronology import Entry, Kind, dated, register
from concord.programmes.models import family_relations
from concord.programmes.presenters import timeline_entries
from concord.programmes.services import is_family_case, is_programme_case

FAMILY = Kind("family", "Family service events", 70)
PROGRAMME = Kind("programme", "Programme events", 75)


def family_entries(scope: CasesScope, cases: Sequence[Case]) -> Iterator[Entry]:
    family = [case for case in cases if is_family_case(case)]
    prefetch_related_objects(family, *family_relations(scope.user))
    yield from _entries(family, FAMILY.code)


def programme_entries(scope: CasesScope, cases: Sequence[Case]) -> Iterator[Entry]:
    programme = [case for case in cases if is_programme_case(case)]
    prefetch_related_objects(programme, "programme_record")
    yield from _entries(programme, PROGRAMME.code)


def _entries(cases: list[Case], kind: str) -> Iterator[Entry]:
    for case in cases:
        for event in timeline_entries(case):
            yield dated(event.day, kind, event.title, None, case.pk, *event.details)


def register_kinds() -> None:
    register(FAMILY, family_entries)
    register(PROGRAMME, programme_entries)
