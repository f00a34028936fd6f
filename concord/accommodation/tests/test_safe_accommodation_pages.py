"""Safe accommodation pages: a provider's set-up and units, the partnership's vacancy board,
a unit's location (revealed with a reason), and a case's stay. Scope (404) and roles (403)
on every page and form, errors in the GOV.UK error summary with nothing saved, a unit's
location in no response but the provider's own reveal, and pinned query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.accommodation import services
from concord.accommodation.models import (
    AccommodationService,
    Stay,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.accommodation.tests.conftest import LOCATIONS
from concord.accommodation.tests.factories import UnitFactory
from concord.accommodation.tests.test_api import api as api_client
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.domain import stays as rules

pytestmark = pytest.mark.django_db

NO_CASE_WORK = ["commissioner", "analyst", "agency_admin_a", "system_admin"]
UNIT = {"label": "Flat D", "bed_spaces": "4", "groups": ["women"], "location": "1 Hid Street"}
SETUP = {"accommodation_type": "refuge", "funding_source": "part4_grant", "commissioned": "yes"}
UNMET = {
    **date_parts("referred_on", "2026-11-20"),
    "reason": "no_capacity",
    "adults": "1",
    "children": "3",
    "characteristics": ["disabled"],
    "from_out_of_area": "yes",
}
PLACE = {
    "adult_moving_in": "yes",
    **date_parts("moved_in_on", "2026-11-10"),
    "from_out_of_area": "no",
}


@pytest.fixture
def stay(idva, refuge_case, room_1):
    return services.place_household(
        idva.user,
        refuge_case,
        unit=room_1,
        moved_in_on=date(2026, 11, 10),
        children=refuge_case.children.all(),
    )


def setup_pages(refuge, room_1):
    service = refuge.service_id
    return [
        (reverse("accommodation:setup-list"), None),
        (reverse("accommodation:setup", args=[service]), None),
        (reverse("accommodation:setup-change", args=[service]), SETUP),
        (reverse("accommodation:add-unit", args=[service]), UNIT),
        (reverse("accommodation:unit", args=[room_1.pk]), {**UNIT, "label": "Room 1"}),
        (reverse("accommodation:add-unmet-need", args=[service]), UNMET),
    ]


def stay_pages(case, stay):
    member = stay.members.get(is_child=True, person__given_name="Amira")
    args = [case.pk, stay.pk, member.pk]
    return [
        (reverse("accommodation:stay", args=[case.pk, stay.pk]), None),
        (reverse("accommodation:characteristics", args=args), {"characteristics": ["disabled"]}),
        (
            reverse("accommodation:add-support", args=args),
            {"kind": "childrens_support", **date_parts("started_on", "2026-11-12")},
        ),
        (
            reverse("accommodation:move-out", args=[case.pk, stay.pk]),
            {
                **date_parts("moved_out_on", "2026-11-28"),
                "leaving_reason": "moved_on",
                "move_on_destination": "social_tenancy",
            },
        ),
    ]


def location_url(unit):
    return reverse("accommodation:unit-location", args=[unit.pk])


# Scope and roles ---------------------------------------------------------------------------


def test_set_up_pages_are_404_for_another_agencys_manager(signed_in, manager_b, refuge, room_1):
    client = signed_in(manager_b)
    for url, body in setup_pages(refuge, room_1)[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, body).status_code == 404, url
    assert (
        "Riverford refuge" not in client.get(reverse("accommodation:setup-list")).content.decode()
    )
    assert Unit.objects.count() == 2


@pytest.mark.parametrize("persona", ["idva", *NO_CASE_WORK])
def test_set_up_pages_are_403_for_all_but_service_managers(
    request, signed_in, persona, refuge, room_1
):
    client = signed_in(request.getfixturevalue(persona))
    for url, body in setup_pages(refuge, room_1):
        assert client.get(url).status_code == 403, url
        if body is not None:
            assert client.post(url, body).status_code == 403, url
    assert Unit.objects.count() == 2


@pytest.mark.parametrize("persona", ["manager_b", "police_rep", "worker_c"])
def test_the_location_page_is_404_outside_the_provider(request, signed_in, persona, room_1):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(location_url(room_1)).status_code == 404
    response = client.post(location_url(room_1), {"reason": "emergency"})
    assert response.status_code == 404
    assert LOCATIONS[0] not in response.content.decode()
    assert not AuditEvent.objects.filter(action="accommodation.location_revealed").exists()


@pytest.mark.parametrize("persona", NO_CASE_WORK)
def test_the_location_page_and_vacancy_board_are_403_without_case_work(
    request, signed_in, persona, room_1
):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(location_url(room_1)).status_code == 403
    assert client.post(location_url(room_1), {"reason": "emergency"}).status_code == 403
    assert client.get(reverse("accommodation:vacancies")).status_code == 403


@pytest.mark.parametrize("persona", ["police_rep", "worker_c"])
def test_stay_pages_are_404_for_another_agency(request, signed_in, persona, refuge_case, stay):
    client = signed_in(request.getfixturevalue(persona))
    for url, body in [
        (reverse("accommodation:place", args=[refuge_case.pk]), PLACE),
        *stay_pages(refuge_case, stay),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sarah" not in response.content.decode()
        if body is not None:
            assert client.post(url, body).status_code == 404, url
    assert not SupportReceived.objects.exists()
    assert Stay.objects.get().moved_out_on is None


@pytest.mark.parametrize("persona", NO_CASE_WORK)
def test_stay_pages_are_403_without_case_work(request, signed_in, persona, refuge_case, stay):
    client = signed_in(request.getfixturevalue(persona))
    for url, body in [
        (reverse("accommodation:place", args=[refuge_case.pk]), PLACE),
        *stay_pages(refuge_case, stay),
    ]:
        assert client.get(url).status_code == 403, url
        if body is not None:
            assert client.post(url, body).status_code == 403, url
    assert not SupportReceived.objects.exists()


def test_stay_pages_of_a_case_not_at_accommodation_are_404(signed_in, idva, housing_case):
    client = signed_in(idva)
    assert client.get(reverse("accommodation:place", args=[housing_case.pk])).status_code == 404


# Set-up ------------------------------------------------------------------------------------


def test_a_manager_sets_up_a_service_and_adds_a_unit(signed_in, manager_a, refuge):
    client = signed_in(manager_a)
    service = refuge.service_id

    response = client.post(
        reverse("accommodation:setup-change", args=[service]),
        {**SETUP, "accommodation_type": "specialist_refuge", "funding_source": "mixed"},
    )
    assert response.status_code == 302
    response = client.post(reverse("accommodation:add-unit", args=[service]), UNIT, follow=True)
    body = response.content.decode()

    assert "The unit is added" in body
    assert "Flat D" in body and "Specialist" in body
    assert "1 Hid Street" not in body
    assert Unit.objects.get(label="Flat D").location == "1 Hid Street"
    assert AccommodationService.objects.get().funding_source == "mixed"


def test_a_unit_without_bed_spaces_or_with_a_name_taken_is_explained(signed_in, manager_a, refuge):
    client = signed_in(manager_a)
    url = reverse("accommodation:add-unit", args=[refuge.service_id])

    empty = client.post(url, {"bed_spaces": "0"}).content.decode()
    taken = client.post(url, {**UNIT, "label": "Room 2"}).content.decode()

    assert "There is a problem" in empty
    assert "Enter a name for the unit" in empty and "at least 1 bed space" in empty
    assert "already has a unit with this name" in taken
    assert refuge.units.count() == 2


def test_a_manager_records_a_household_the_service_could_not_support(signed_in, manager_a, refuge):
    client = signed_in(manager_a)
    url = reverse("accommodation:add-unmet-need", args=[refuge.service_id])

    body = client.post(url, UNMET, follow=True).content.decode()

    assert "The household that could not be supported is recorded" in body
    assert "In the last 12 months: 1" in body and "No capacity or no space" in body
    need = UnmetNeed.objects.get()
    assert (need.reason, need.adults, need.children, need.characteristics) == (
        "no_capacity",
        1,
        3,
        ["disabled"],
    )
    assert AuditEvent.objects.filter(action="accommodation.unmet_need_recorded").count() == 1


def test_a_household_without_an_adult_or_a_reason_is_explained_and_not_recorded(
    signed_in, manager_a, refuge
):
    client = signed_in(manager_a)
    url = reverse("accommodation:add-unmet-need", args=[refuge.service_id])

    body = client.post(url, {**UNMET, "adults": "0", "reason": ""}).content.decode()
    future = client.post(url, {**UNMET, **date_parts("referred_on", "2099-01-01")})

    assert "There is a problem" in body
    assert "Enter 1 or more adults" in body
    assert "Select why the household could not be supported" in body
    assert "today or in the past" in future.content.decode()
    assert not UnmetNeed.objects.exists()


def test_changing_a_unit_never_shows_its_location_and_keeps_it_when_left_empty(
    signed_in, manager_a, room_1
):
    client = signed_in(manager_a)
    url = reverse("accommodation:unit", args=[room_1.pk])

    assert LOCATIONS[0] not in client.get(url).content.decode()
    client.post(url, {"label": "Room 1", "bed_spaces": "4", "location": ""})

    room_1.refresh_from_db()
    assert (room_1.bed_spaces, room_1.location) == (4, LOCATIONS[0])


# Location ----------------------------------------------------------------------------------


def test_the_providers_worker_sees_a_location_after_giving_a_reason(signed_in, idva, room_1):
    client = signed_in(idva)

    form = client.get(location_url(room_1)).content.decode()
    shown = client.post(location_url(room_1), {"reason": "visiting_a_household"})

    assert LOCATIONS[0] not in form
    assert LOCATIONS[0] in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    event = AuditEvent.objects.get(action="accommodation.location_revealed")
    assert (event.actor, event.reason) == (idva.user, "visiting_a_household")


def test_a_location_asked_for_without_a_reason_is_explained_and_not_shown(signed_in, idva, room_1):
    body = signed_in(idva).post(location_url(room_1), {"reason": ""}).content.decode()

    assert "There is a problem" in body
    assert "Select why you need to see where the unit is" in body
    assert LOCATIONS[0] not in body
    assert not AuditEvent.objects.filter(action="accommodation.location_revealed").exists()


# Vacancy board -----------------------------------------------------------------------------


def test_the_board_shows_free_units_of_every_provider_and_never_where(
    signed_in, police_rep, refuge, room_1, stay
):
    UnitFactory(accommodation=refuge, label="Garden flat", bed_spaces=5, accessible=True)

    body = signed_in(police_rep).get(reverse("accommodation:vacancies")).content.decode()

    assert "2 units free" in body  # Room 2 and the garden flat; Room 1 is taken
    assert "Refuge" in body and refuge.agency.name in body
    assert "2 units, 7 bed spaces" in body
    for hint in (*LOCATIONS, "Riverford", "Room 2", "Garden flat", "Hidden Lane"):
        assert hint not in body, hint


def test_the_board_filters_by_type_and_need_and_says_when_none_is_free(
    signed_in, idva, refuge, room_1
):
    UnitFactory(accommodation=refuge, bed_spaces=1, takes_pets=True, groups=["lgbt_plus"])
    client = signed_in(idva)
    url = reverse("accommodation:vacancies")

    pets = client.get(url, {"needs": ["takes_pets"]}).content.decode()
    big = client.get(url, {"bed_spaces": "3", "group": "women"}).content.decode()
    dispersed = client.get(url, {"accommodation_type": "dispersed"}).content.decode()
    bad = client.get(url, {"bed_spaces": "none"}).content.decode()

    assert "1 unit free" in pets
    assert "1 unit free" in big  # Room 1: for anyone, 3 bed spaces
    assert "No units free" in dispersed and "No free unit matches these filters" in dispersed
    assert "There is a problem" in bad and "Enter the bed spaces as a whole number" in bad


def test_the_home_page_and_navigation_lead_referrers_to_the_board(signed_in, worker_c, refuge):
    body = signed_in(worker_c).get(reverse("home")).content.decode()

    assert "Safe accommodation free tonight" in body
    assert "2 units with 5 bed spaces free across the partnership" in body
    assert body.count(f'href="{reverse("accommodation:vacancies")}"') >= 2


# Stays -------------------------------------------------------------------------------------


def test_placing_a_household_from_the_case_page(signed_in, idva, refuge_case, room_1):
    client = signed_in(idva)
    case_page = client.get(reverse("cases:detail", args=[refuge_case.pk])).content.decode()
    assert reverse("accommodation:place", args=[refuge_case.pk]) in case_page
    children = [str(c.pk) for c in refuge_case.children.all()]

    response = client.post(
        reverse("accommodation:place", args=[refuge_case.pk]),
        {**PLACE, "unit": str(room_1.pk), "children": children},
        follow=True,
    )

    body = response.content.decode()
    assert "The household is placed" in body
    assert "Amira Ahmed (child)" in body and "Yusuf Ahmed (child)" in body
    assert "Sarah Ahmed (adult)" in body
    assert Stay.objects.get().members.count() == 3
    case_page = client.get(reverse("cases:detail", args=[refuge_case.pk])).content.decode()
    assert "From 10 November 2026, staying" in case_page and "Moved in" in case_page
    assert reverse("accommodation:place", args=[refuge_case.pk]) not in case_page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"unit": "room_2"}, "larger than the unit&#39;s 2 bed spaces"),
        (
            {"unit": "room_1", "adult_moving_in": ""},
            "A child must be placed with at least one adult",
        ),
        (
            {"unit": "room_1", **date_parts("moved_in_on", "2099-01-01")},
            "must be today or in the past",
        ),
        ({"unit": "taken"}, "already has a household staying then"),
    ],
)
def test_a_bad_placement_is_explained_and_nothing_saved(
    request, signed_in, idva, refuge_case, room_1, room_2, extra, message
):
    if extra["unit"] == "taken":
        from concord.accommodation.tests.factories import StayFactory

        StayFactory(unit=room_1, moved_in_on=date(2026, 11, 1))
        extra = {**extra, "unit": "room_1"}
    unit = {"room_1": room_1, "room_2": room_2}[extra.pop("unit")]
    children = [str(c.pk) for c in refuge_case.children.all()]
    body = (
        signed_in(idva)
        .post(
            reverse("accommodation:place", args=[refuge_case.pk]),
            {**PLACE, "unit": str(unit.pk), "children": children, **extra},
        )
        .content.decode()
    )

    assert "There is a problem" in body
    assert message in body
    assert not Stay.objects.filter(case=refuge_case).exists()


def test_one_childs_support_and_the_move_out_from_the_stay_page(signed_in, idva, refuge_case, stay):
    client = signed_in(idva)
    characteristics, support, move_out = [url for url, _ in stay_pages(refuge_case, stay)[1:]]
    stay_url = reverse("accommodation:stay", args=[refuge_case.pk, stay.pk])

    assert client.post(characteristics, {"characteristics": ["disabled"]})["Location"] == stay_url
    client.post(support, {"kind": "childrens_support", **date_parts("started_on", "2026-11-12")})
    again = client.post(
        support, {"kind": "childrens_support", **date_parts("started_on", "2026-11-13")}
    ).content.decode()
    early = client.post(
        move_out, {**date_parts("moved_out_on", "2026-11-09"), "leaving_reason": "evicted"}
    ).content.decode()
    client.post(
        move_out,
        {
            **date_parts("moved_out_on", "2026-11-28"),
            "leaving_reason": "moved_on",
            "move_on_destination": "social_tenancy",
        },
    )
    page = client.get(stay_url).content.decode()

    assert "already recorded for them" in again
    assert rules.OUT_BEFORE_IN in early
    assert "Children&#39;s support" in page and "12 November 2026" in page
    assert "Disabled" in page
    assert "Social housing tenancy" in page and "Moved on (planned)" in page
    assert "Record the move out" not in page
    assert SupportReceived.objects.get().member.person.given_name == "Amira"


# No location in any response of the journey -------------------------------------------------


def test_no_page_or_api_answer_of_the_journey_shows_a_location_but_the_reveal(
    signed_in, idva, manager_a, manager_b, refuge, room_1, refuge_case, stay
):
    pages = [
        reverse("home"),
        reverse("accommodation:vacancies"),
        reverse("cases:detail", args=[refuge_case.pk]),
        reverse("cases:chronology", args=[refuge_case.pk]),
        reverse("accommodation:place", args=[refuge_case.pk]),
        location_url(room_1),
        *[url for url, _ in stay_pages(refuge_case, stay)],
    ]
    manager_pages = [url for url, _ in setup_pages(refuge, room_1)] + pages
    responses = [signed_in(idva).get(url) for url in pages]
    responses += [signed_in(manager_a).get(url) for url in manager_pages]
    responses += [signed_in(manager_b).get(reverse("accommodation:vacancies"))]
    for persona in (idva, manager_b):
        api = api_client(persona)
        responses += [api.get("/api/v1/accommodation/services")]
        if persona is idva:
            responses += [api.get(f"/api/v1/cases/{refuge_case.pk}/stays")]

    assert all(r.status_code == 200 for r in responses), [
        (r.status_code, r.request["PATH_INFO"]) for r in responses if r.status_code != 200
    ]
    for response in responses:
        body = response.content.decode()
        for location in LOCATIONS:
            assert location not in body, response.request["PATH_INFO"]
    revealed = signed_in(idva).post(location_url(room_1), {"reason": "emergency"})
    assert LOCATIONS[0] in revealed.content.decode()


# Query counts ------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_board_and_set_up_pages_keep_their_query_counts_however_many_units(
    signed_in, idva, manager_a, refuge, agency_b
):
    board, setup = (
        reverse("accommodation:vacancies"),
        reverse("accommodation:setup", args=[refuge.service_id]),
    )
    few = (_queries(signed_in(idva), board), _queries(signed_in(manager_a), setup))
    for _ in range(8):
        UnitFactory(accommodation=refuge, groups=["women"])
        UnitFactory(accommodation__service__agency=agency_b)
    many = (_queries(signed_in(idva), board), _queries(signed_in(manager_a), setup))

    assert few == many
    assert few[0] <= 12, few


def test_the_stay_page_keeps_its_query_count_however_much_support(
    signed_in, idva, refuge_case, stay
):
    client = signed_in(idva)
    url = reverse("accommodation:stay", args=[refuge_case.pk, stay.pk])
    few = _queries(client, url)
    for member in stay.members.all():
        for kind in ("advocacy", "counselling_therapy", "prevention_advice"):
            services.record_support(idva.user, member, kind=kind, started_on=date(2026, 11, 11))

    assert _queries(client, url) == few
    assert few <= 17, few


def test_the_case_page_of_a_refuge_case_keeps_its_count_however_many_stays(
    signed_in, idva, refuge_case, stay
):
    client = signed_in(idva)
    url = reverse("cases:detail", args=[refuge_case.pk])
    few = _queries(client, url)
    services.move_out(idva.user, stay, moved_out_on=date(2026, 11, 20), leaving_reason="left")
    services.place_household(idva.user, refuge_case, unit=stay.unit, moved_in_on=date(2026, 11, 22))

    assert _queries(client, url) == few
