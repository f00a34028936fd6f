"""Two workers place two households in one unit at the same moment, each on its own
database connection: one is placed, the other is refused as overlapping, never both. The
check is slowed down so that, were the unit's row not locked while its stays are read,
both would pass it. On SQLite the database is a real file in WAL mode, as in production
(see concord.cases.tests.test_import_contention); on PostgreSQL each thread simply has its
own connection."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from concord.accommodation import services
from concord.accommodation.models import Stay
from concord.cases import services as case_services
from concord.cases.tests.test_import_contention import on_a_file
from concord.domain import stays as rules
from concord.people.tests.factories import PersonFactory


def slow_checks(monkeypatch) -> None:
    def slowly(*args, **kwargs):
        problems = rules.stay_problems(*args, **kwargs)
        time.sleep(0.5)
        return problems

    monkeypatch.setattr("concord.accommodation.services.stay_problems", slowly)


@pytest.mark.django_db(transaction=True)
def test_two_workers_placing_households_in_one_unit_at_once_place_one(
    idva, manager_a, refuge, room_1, person_a, monkeypatch, tmp_path
):
    cases = [
        case_services.open_case(
            idva.user,
            person,
            refuge.service,
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
        )
        for person in (person_a, PersonFactory(agency=person_a.agency))
    ]
    slow_checks(monkeypatch)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def place(worker, case) -> None:
        try:
            start.wait()
            services.place_household(worker.user, case, unit=room_1, moved_in_on=date(2026, 11, 10))
            outcomes.append("placed")
        except ValidationError as refusal:
            outcomes.append(" ".join(refusal.message_dict.get("unit", refusal.messages)))
        finally:
            connections.close_all()

    with on_a_file(tmp_path):
        threads = [
            threading.Thread(target=place, args=pair)
            for pair in zip((idva, manager_a), cases, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        placed = list(Stay.objects.filter(unit=room_1).values_list("case_id", flat=True))

    assert sorted(outcomes) == sorted(["placed", rules.OVERLAP])
    assert len(placed) == 1
