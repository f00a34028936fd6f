"""The quarterly performance pack carries what the providers' returns say in words: a
submitted return's narrative reaches the commissioner; a draft stays with its provider."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from concord.commissioning import services
from concord.domain.periods import Quarter, date_range
from concord.reporting.packs import narratives

pytestmark = pytest.mark.django_db
URL = reverse("reporting:quarterly")
QUARTER = Quarter(2025, 2)  # year 1, quarter 2 of the contract that starts in April 2025


@pytest.fixture
def draft(manager_a, contract):
    started = services.start_return(manager_a, contract, year=1, quarter=2)
    return services.save_return(
        manager_a,
        started,
        figures={},
        successes="Out-of-hours line answered every call.\nTwo new refuge rooms.",
        stumbling_blocks="Recruiting a second IDVA.",
        focus_next_quarter="",
    )


@pytest.fixture
def submitted(manager_a, draft):
    return services.submit_return(manager_a, draft)


def test_a_submitted_return_tells_the_pack_its_story(submitted):
    [story] = narratives(QUARTER.period)

    assert story.contract == "Integrated specialist services"
    assert story.status == "Submitted"
    assert [heading for heading, _ in story.parts] == ["Successes", "Stumbling blocks"]


def test_a_draft_and_another_quarter_say_nothing(draft):
    assert narratives(QUARTER.period) == []
    assert narratives(QUARTER.next().period) == []


def test_a_provider_sees_only_its_own_contracts(submitted, agency_a, agency_b):
    assert len(narratives(QUARTER.period, agency=agency_a)) == 1
    assert narratives(QUARTER.period, agency=agency_b) == []


def test_the_commissioner_reads_the_narrative_on_the_page_and_in_the_download(
    signed_in, commissioner, submitted
):
    client = signed_in(commissioner)

    page = client.get(URL, {"period": str(QUARTER)}).content.decode()
    download = client.get(URL, {"period": str(QUARTER), "format": "csv"})

    assert "Narrative from the providers" in page
    assert "Two new refuge rooms." in page
    assert "Recruiting a second IDVA." in page
    text = b"".join(download.streaming_content).decode().lstrip("\ufeff")
    told = [row for row in csv.reader(io.StringIO(text)) if row[0].startswith("Narrative")]
    assert [row[1] for row in told] == ["Successes", "Stumbling blocks"]
    assert told[1][2] == "Recruiting a second IDVA."


def test_another_agencys_manager_does_not_read_it(signed_in, manager_b, submitted):
    page = signed_in(manager_b).get(URL, {"period": str(QUARTER)}).content.decode()

    assert "Recruiting a second IDVA." not in page
    assert "No provider has submitted a return for this quarter yet." in page


def test_a_range_of_days_tells_the_story_of_every_quarter_it_overlaps(submitted):
    overlapping = date_range(QUARTER.first - timedelta(days=10), QUARTER.first + timedelta(days=3))
    before = date_range(QUARTER.first - timedelta(days=10), QUARTER.first - timedelta(days=1))

    assert [story.quarter for story in narratives(overlapping)] == [QUARTER]
    assert narratives(before) == []
