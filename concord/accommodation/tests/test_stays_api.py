"""Safe accommodation through the API: every provider's services with units and free bed
spaces (never a location), and a case's stays: list, place a household, move out. Bad
input is a 422 naming the field with nothing changed; another agency's case is 404 and a
role without case work 403."""

from __future__ import annotations

import pytest

from concord.accommodation.models import Stay
from concord.accommodation.tests.conftest import LOCATIONS
from concord.accommodation.tests.factories import StayFactory, UnitFactory
from concord.accommodation.tests.test_api import api
from concord.core.models import AuditEvent
from concord.domain import stays as rules

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/accommodation/services"


def stays_url(case, *rest: str) -> str:
    return "/".join([f"/api/v1/cases/{case.pk}/stays", *rest])


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def placement(case, unit, **extra):
    children = [str(c.person_id) for c in case.children.all()]
    return {"unit_id": str(unit.pk), "moved_in_on": "2026-11-10", "children": children} | extra


def problems(response) -> dict[str, str]:
    return {p["field"]: p["message"] for p in response.json()["detail"]}


def test_services_list_every_providers_units_and_free_bed_spaces(
    worker_c, refuge, room_1, agency_b
):
    StayFactory(unit=room_1)
    UnitFactory(accommodation__service__agency=agency_b, bed_spaces=6)

    response = api(worker_c).get(SERVICES)

    assert response.status_code == 200
    listed = {item["provider"]: item for item in response.json()["items"]}
    ours = listed[refuge.agency.name]
    assert (ours["bed_spaces"], ours["occupied_bed_spaces"], ours["free_bed_spaces"]) == (5, 3, 2)
    assert sorted((u["bed_spaces"], u["free"]) for u in ours["units"]) == [(2, True), (3, False)]
    assert listed[agency_b.name]["free_bed_spaces"] == 6
    body = response.content.decode()
    for hint in (*LOCATIONS, "location", "Room 1", "Riverford"):
        assert hint not in body, hint


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_services_are_403_without_case_work(request, persona, refuge):
    assert api(request.getfixturevalue(persona)).get(SERVICES).status_code == 403


def test_placing_listing_and_moving_out_a_household(idva, refuge_case, room_1):
    client = api(idva)

    placed = post(client, stays_url(refuge_case), placement(refuge_case, room_1))
    assert placed.status_code == 201, placed.content
    stay = placed.json()
    assert (stay["unit_label"], stay["accommodation_type"]) == ("Room 1", "refuge")
    assert sorted(m["is_child"] for m in stay["members"]) == [False, True, True]

    moved = post(
        client,
        stays_url(refuge_case, stay["id"], "move-out"),
        {
            "moved_out_on": "2026-11-28",
            "leaving_reason": "moved_on",
            "move_on_destination": "private_tenancy",
        },
    )
    assert moved.status_code == 200, moved.content
    listed = client.get(stays_url(refuge_case)).json()
    assert [(s["moved_out_on"], s["move_on_destination"]) for s in listed] == [
        ("2026-11-28", "private_tenancy")
    ]
    assert AuditEvent.objects.filter(action="accommodation.moved_out").exists()
    assert LOCATIONS[0] not in str(listed)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"unit": "room_2"}, "children", rules.TOO_MANY.format(bed_spaces=2)),
        ({"adult_moving_in": False}, "children", rules.CHILD_ALONE),
        ({"unit": "other"}, "unit_id", "Select a unit of this service"),
        ({"children": ["4b0d7c4e-0000-4000-8000-000000000000"]}, "children", "Select children"),
        ({"taken": True}, "unit_id", rules.OVERLAP),
        ({"moved_in_on": "2026-11-01"}, "moved_in_on", "before the referral"),
    ],
)
def test_a_bad_placement_is_422_naming_the_field(
    idva, refuge_case, room_1, room_2, agency_b, change, field, message
):
    units = {"room_2": room_2, "other": UnitFactory(accommodation__service__agency=agency_b)}
    unit = units.get(change.pop("unit", ""), room_1)
    if change.pop("taken", False):
        StayFactory(unit=room_1, moved_in_on="2026-11-03")
    before = Stay.objects.count()

    response = post(api(idva), stays_url(refuge_case), placement(refuge_case, unit, **change))

    assert response.status_code == 422, response.content
    assert message in problems(response)[field]
    assert Stay.objects.count() == before


def test_a_move_out_before_the_move_in_is_422_and_the_stay_runs_on(idva, refuge_case, room_1):
    client = api(idva)
    stay = post(client, stays_url(refuge_case), placement(refuge_case, room_1)).json()

    response = post(
        client,
        stays_url(refuge_case, stay["id"], "move-out"),
        {"moved_out_on": "2026-11-09", "leaving_reason": "evicted"},
    )

    assert response.status_code == 422
    assert problems(response)["moved_out_on"] == rules.OUT_BEFORE_IN
    assert Stay.objects.get().moved_out_on is None


@pytest.mark.parametrize("persona", ["police_rep", "worker_c"])
def test_another_agencys_case_is_404(request, persona, refuge_case, room_1):
    client = api(request.getfixturevalue(persona))
    stay = StayFactory(unit=room_1, case=refuge_case)

    assert client.get(stays_url(refuge_case)).status_code == 404
    assert post(client, stays_url(refuge_case), placement(refuge_case, room_1)).status_code == 404
    out = {"moved_out_on": "2026-11-20", "leaving_reason": "left"}
    assert post(client, stays_url(refuge_case, str(stay.pk), "move-out"), out).status_code == 404
    assert Stay.objects.get().moved_out_on is None


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_stays_are_403_without_case_work(request, persona, refuge_case, room_1):
    client = api(request.getfixturevalue(persona))
    assert client.get(stays_url(refuge_case)).status_code == 403
    assert post(client, stays_url(refuge_case), placement(refuge_case, room_1)).status_code == 403
    assert not Stay.objects.exists()


def test_stays_of_a_case_not_at_accommodation_are_404(idva, housing_case):
    assert api(idva).get(stays_url(housing_case)).status_code == 404


def unmet_url(refuge) -> str:
    return f"{SERVICES}/{refuge.service_id}/unmet-needs"


def test_a_manager_records_and_lists_households_the_service_could_not_support(manager_a, refuge):
    client = api(manager_a)
    body = {"referred_on": "2026-11-20", "reason": "out_of_area", "adults": 2, "children": 1}

    made = post(client, unmet_url(refuge), body)
    listed = client.get(unmet_url(refuge))

    assert made.status_code == 201, made.content
    assert [(n["reason"], n["adults"], n["children"]) for n in listed.json()] == [
        ("out_of_area", 2, 1)
    ]


def test_unmet_need_through_the_api_refuses_bad_input_and_other_agencies_and_roles(
    manager_a, manager_b, idva, refuge
):
    from concord.accommodation.models import UnmetNeed

    bad = post(
        api(manager_a),
        unmet_url(refuge),
        {"referred_on": "2026-11-20", "reason": "bored", "adults": 0},
    )
    elsewhere = post(
        api(manager_b), unmet_url(refuge), {"referred_on": "2026-11-20", "reason": "no_capacity"}
    )
    practitioner = api(idva).get(unmet_url(refuge))

    assert bad.status_code == 422 and {"reason", "adults"} <= set(problems(bad))
    assert elsewhere.status_code == 404
    assert practitioner.status_code == 403
    assert not UnmetNeed.objects.exists()


def test_a_childs_characteristics_and_support_through_the_api(idva, refuge_case, room_1):
    client = api(idva)
    made = post(client, stays_url(refuge_case), placement(refuge_case, room_1))
    stay_id = made.json()["id"]
    child = refuge_case.children.get(person__given_name="Amira").person_id
    member = stays_url(refuge_case, stay_id, "members", str(child))

    changed = client.put(
        f"{member}/characteristics", {"characteristics": ["disabled"]}, "application/json"
    )
    supported = post(
        client, f"{member}/support", {"kind": "childrens_support", "started_on": "2026-11-12"}
    )
    twice = post(
        client, f"{member}/support", {"kind": "childrens_support", "started_on": "2026-11-12"}
    )
    stranger = post(
        client,
        stays_url(refuge_case, stay_id, "members", str(refuge_case.pk), "support"),
        {"kind": "advocacy", "started_on": "2026-11-12"},
    )

    assert changed.status_code == 200, changed.content
    assert supported.status_code == 201, supported.content
    amira = next(m for m in supported.json()["members"] if m["person_id"] == str(child))
    assert amira["characteristics"] == ["disabled"]
    assert [s["kind"] for s in amira["support"]] == ["childrens_support"]
    assert twice.status_code == 422 and "kind" in problems(twice)
    assert stranger.status_code == 404
