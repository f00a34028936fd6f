"""Synthetic safe accommodation: the same seed gives the same rows; stays never overlap in
a unit nor outgrow it; households are mothers with children at plausible shares, some
moving on to the partner's flats through an accepted referral; and it all loads straight
into the database once."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from concord.accommodation.models import AccommodationService, Stay, StayMember, Unit, UnmetNeed
from concord.accounts.tests.factories import AgencyFactory
from concord.cases.models import Case, CaseChild
from concord.domain.stays import Span
from concord.referrals.models import Referral
from concord.synthetic import accommodation
from concord.synthetic.accommodation import generate_accommodation
from concord.synthetic.accommodation_loading import load_accommodation
from concord.synthetic.loading import AlreadyLoaded

UNTIL = date(2026, 3, 31)


def _rows(households: int = 300, seed: int = 3) -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for chunk in generate_accommodation(households, seed=seed, until=UNTIL, chunk_size=200):
        for side in (chunk.provider, chunk.partner):
            for kind, kind_rows in side.rows.items():
                rows[kind] += kind_rows
        rows["referrals_on"] += chunk.referrals
    return rows


def test_the_same_seed_gives_the_same_rows():
    assert _rows(seed=5) == _rows(seed=5)
    assert _rows(seed=5)["stays"] != _rows(seed=6)["stays"]


def test_households_fit_their_units_and_never_overlap():
    rows = _rows()
    beds = {
        (row["service"], row["label"]): int(row["bed_spaces"])
        for row in rows["accommodation_units"]
    }
    size = Counter(row["stay_record_id"] for row in rows["stay_members"])
    cases = {row["record_id"]: row["service"] for row in rows["cases"]}
    spans = defaultdict(list)
    for stay in rows["stays"]:
        out = stay["moved_out_on"]
        span = Span(
            date.fromisoformat(stay["moved_in_on"]), date.fromisoformat(out) if out else None
        )
        assert span.moved_in_on <= UNTIL
        if stay["unit_label"]:
            key = (cases[stay["case_record_id"]], stay["unit_label"])
            assert size[stay["record_id"]] <= beds[key]
            assert not any(span.overlaps(other) for other in spans[key])
            spans[key].append(span)
        assert bool(stay["leaving_reason"]) == bool(out)


def test_households_are_mostly_mothers_with_children_some_trans_some_moving_on():
    rows = _rows(households=600)
    years_of_households = len(rows["stays"]) / 3
    assert 400 < years_of_households < 900
    adults = [row for row in rows["stay_members"] if row["member"] == "adult"]
    children = [row for row in rows["stay_members"] if row["member"] == "child"]
    assert 0.5 < len(children) / len(adults) < 1.5
    people = {row["record_id"]: row for row in rows["people"]}
    women = sum(people[row["person_record_id"]]["sex"] == "female" for row in adults)
    assert women / len(adults) > 0.85
    assert any(row.get("gender_same_as_birth") == "no" for row in people.values())
    minoritised = sum("minoritised" in row["characteristics"] for row in adults)
    assert 0.15 < minoritised / len(adults) < 0.35
    assert rows["referrals_on"]
    assert len(rows["unmet_need"]) > len(rows["stays"]) / 4
    assert {row["accommodation_type"] for row in rows["accommodation_services"]} == {
        "refuge",
        "specialist_refuge",
        "dispersed",
        "other_emergency",
        "sanctuary_scheme",
        "second_stage",
    }


@pytest.mark.django_db
def test_the_journeys_load_straight_into_the_database_once(idva):
    partner = AgencyFactory()
    chunks = generate_accommodation(60, seed=2, until=UNTIL, chunk_size=40)

    counts = load_accommodation(chunks, agency=idva.agency, partner=partner, actor=idva.user)

    assert counts["stays"] == Stay.objects.count() > 100
    assert AccommodationService.objects.filter(agency=partner).get().accommodation_type == (
        "second_stage"
    )
    assert Unit.objects.filter(location="").count() == Unit.objects.count()
    assert CaseChild.objects.count() == StayMember.objects.filter(is_child=True).count() > 0
    assert UnmetNeed.objects.exists()
    moved_on = Referral.objects.select_related("created_case").first()
    assert moved_on is not None
    assert moved_on.status == "accepted"
    assert moved_on.created_case.agency == partner
    assert Stay.objects.filter(case=moved_on.created_case).exists()
    with pytest.raises(AlreadyLoaded):
        load_accommodation(
            generate_accommodation(60, seed=2, until=UNTIL),
            agency=idva.agency,
            partner=partner,
            actor=idva.user,
        )


@pytest.mark.django_db
def test_the_command_loads_a_providers_accommodation_and_refuses_a_second_load(idva, monkeypatch):
    partner = AgencyFactory()
    monkeypatch.setitem(accommodation.SCALES, "city", 20)
    options = {
        "accommodation_for": idva.agency.slug,
        "partner": partner.slug,
        "as_user": idva.user.email,
        "stdout": StringIO(),
    }

    call_command("synthesise", **options)

    assert Stay.objects.filter(agency=idva.agency).exists()
    with pytest.raises(CommandError, match="already has synthetic safe accommodation"):
        call_command("synthesise", **options)
    with pytest.raises(CommandError, match="city or county"):
        call_command("synthesise", **options, scale="national")


@pytest.mark.django_db
def test_a_stay_overlapping_another_in_its_unit_stops_the_load_with_nothing_of_its_chunk(idva):
    chunks = list(generate_accommodation(30, seed=4, until=UNTIL, chunk_size=10_000))
    stays = chunks[0].provider.rows["stays"]
    index = next(i for i, stay in enumerate(stays) if stay["unit_label"] and stay["moved_out_on"])
    first, clash = stays[index], stays[index + 1]  # a unit's households come one after another
    assert clash["unit_label"] == first["unit_label"]
    clash["moved_in_on"] = first["moved_in_on"]

    with pytest.raises(ValidationError, match="already has a household staying"):
        load_accommodation(chunks, agency=idva.agency, partner=AgencyFactory(), actor=idva.user)

    assert not Stay.objects.exists()
    assert not Case.objects.exists()
