"""Each contact keeps its UK local day (``Contact.occurred_on``) beside its moment, on every
path that writes contacts, so that reports filter by day with an index."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.importing import import_directory
from concord.cases.models import Contact
from concord.cases.tests.factories import CaseFactory
from concord.synthetic.journeys import generate_chunks, write_files
from concord.synthetic.loading import load

pytestmark = pytest.mark.django_db
filling = importlib.import_module("concord.cases.migrations.0006_contact_occurred_on")


@pytest.fixture
def case(idva, person_a):
    return CaseFactory(person=person_a, referred_at=datetime(2024, 1, 1, tzinfo=UTC), status="open")


def recorded(idva, case, moment):
    return services.record_contact(
        idva.user, case, channel="call", initiated_by="victim", occurred_at=moment,
        historical=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2024, 7, 1, 23, 30, tzinfo=UTC), date(2024, 7, 2)),  # 00:30 BST
        (datetime(2024, 7, 1, 22, 59, tzinfo=UTC), date(2024, 7, 1)),  # 23:59 BST
        (datetime(2024, 1, 15, 23, 30, tzinfo=UTC), date(2024, 1, 15)),  # GMT
        (datetime(2024, 3, 30, 23, 30, tzinfo=UTC), date(2024, 3, 30)),  # before the clocks go forward
        (datetime(2024, 3, 31, 23, 30, tzinfo=UTC), date(2024, 4, 1)),  # after
    ],
)  # fmt: skip
def test_a_recorded_contact_keeps_its_uk_local_day(idva, case, moment, day):
    contact = recorded(idva, case, moment)

    assert contact.occurred_on == day
    contact.refresh_from_db()
    assert contact.occurred_on == day


def test_moving_a_contact_moves_its_day(idva, case):
    contact = recorded(idva, case, datetime(2024, 7, 1, 10, tzinfo=UTC))

    contact.occurred_at = datetime(2024, 7, 3, 23, 15, tzinfo=UTC)
    contact.save(update_fields=["occurred_at"])

    contact.refresh_from_db()
    assert contact.occurred_on == date(2024, 7, 4)


def test_contacts_created_in_bulk_get_their_days(idva, case):
    moment = datetime(2024, 7, 1, 23, 30, tzinfo=UTC)
    Contact.objects.bulk_create(
        [
            Contact(
                agency=case.agency, case=case, channel="call", initiated_by="victim",
                occurred_at=moment, worker=idva.user, out_of_hours=True,
            )
        ]
    )  # fmt: skip

    assert Contact.objects.get().occurred_on == date(2024, 7, 2)


def test_imported_and_loaded_contacts_get_their_days(tmp_path, idva, agency_a, agency_b, manager_b):
    for agency in (agency_a, agency_b):
        ServiceFactory(agency=agency, name="SAFE help point")
    journeys = generate_chunks(
        30, service="SAFE help point", seed=7, until=date(2026, 11, 1), chunk_size=10
    )
    write_files(journeys, tmp_path)
    list(import_directory(tmp_path, agency=agency_a, actor=idva.user))
    load(
        generate_chunks(30, service="SAFE help point", seed=7, until=date(2026, 11, 1)),
        agency=agency_b,
        actor=manager_b.user,
    )

    contacts = list(Contact.objects.all())
    assert {c.agency_id for c in contacts} == {agency_a.pk, agency_b.pk}
    assert all(c.occurred_on == timezone.localtime(c.occurred_at).date() for c in contacts)


def test_the_migration_fills_in_every_existing_contacts_day(idva, case):
    recorded(idva, case, datetime(2024, 7, 1, 23, 30, tzinfo=UTC))
    recorded(idva, case, datetime(2024, 1, 15, 23, 30, tzinfo=UTC))
    Contact.objects.update(occurred_on=date(2000, 1, 1))

    filling.fill_local_days(apps, None)

    assert sorted(Contact.objects.values_list("occurred_on", flat=True)) == [
        date(2024, 1, 15),
        date(2024, 7, 2),
    ]
