"""The demo partnership loads once: running seed_demo again, with or without synthetic
journeys in between, changes nothing (README: "running it again changes nothing")."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from concord.accounts.demo import DEMO_KIND
from concord.accounts.models import Agency
from concord.cases.models import ImportedRecord
from concord.people.models import Person
from concord.people.services import record_person
from concord.synthetic import journeys

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo_on(settings, monkeypatch):
    settings.DEMO_ACCOUNTS_ENABLED = True
    monkeypatch.setitem(journeys.SCALES, "city", 15)
    monkeypatch.setitem(journeys.SCALES, "county", 12)


def test_seed_demo_after_city_journeys_changes_nothing(demo_on):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", scale="city", stdout=StringIO())
    haven = Agency.objects.get(slug="haven")
    # A synthetic person who shares a demo person's names, as the 400 city people do.
    record_person(None, haven, given_name="Sarah", family_name="Ahmed")
    before = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == before


def test_seed_demo_after_county_journeys_changes_nothing(demo_on):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", scale="county", stdout=StringIO())
    before = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == before


def test_demo_people_loaded_before_record_ids_are_found_again(demo_on):
    """A database seeded by an older Concord has the demo people without their record ids:
    they are adopted, not recorded a second time."""
    call_command("seed_demo", stdout=StringIO())
    ImportedRecord.objects.filter(kind=DEMO_KIND).delete()
    people = Person.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert Person.objects.count() == people
    assert ImportedRecord.objects.filter(kind=DEMO_KIND).count() == 4
