"""Safe accommodation services: occupancy and vacancies from stays (set-based), a provider's
set-up and units, a unit's location revealed with a reason, and a household's stay: placed,
characteristics, support for each member, moved out. Each bad input is refused with its
message and nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from concord.accommodation import services
from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
)
from concord.accommodation.tests.conftest import LOCATIONS
from concord.accommodation.tests.factories import StayFactory, UnitFactory
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.core.models import AuditEvent
from concord.domain import stays as rules

pytestmark = pytest.mark.django_db

NOV = {day: date(2026, 11, day) for day in range(1, 31)}


def place(actor, case, unit, **kwargs):
    values = {"unit": unit, "moved_in_on": NOV[10], "children": case.children.all()}
    return services.place_household(actor.user, case, **(values | kwargs))


def refused(call, field):
    """The call is refused on ``field`` (None: the whole input); the message is returned."""
    with pytest.raises(ValidationError) as refusal:
        call()
    if field is None:
        return " ".join(refusal.value.messages)
    return " ".join(refusal.value.message_dict[field])


# Occupancy and vacancies ------------------------------------------------------------------


def test_a_unit_is_free_the_night_its_household_moves_out_and_not_before(room_1, room_2):
    StayFactory(unit=room_1, moved_in_on=NOV[10], moved_out_on=NOV[20])

    def free(day):
        return set(Unit.objects.free_on(day).values_list("label", flat=True))

    assert free(NOV[9]) == {"Room 1", "Room 2"}
    assert free(NOV[10]) == free(NOV[19]) == {"Room 2"}
    assert free(NOV[20]) == {"Room 1", "Room 2"}
    assert set(Unit.objects.occupied_on(NOV[15])) == {room_1}


def test_a_stay_not_ended_fills_its_unit_from_the_day_it_began(room_1):
    StayFactory(unit=room_1, moved_in_on=NOV[10])
    assert room_1 not in Unit.objects.free_on(date(2027, 6, 1))
    assert room_1 in Unit.objects.free_on(NOV[9])


def test_units_out_of_use_closed_or_not_yet_open_are_never_vacancies(refuge):
    UnitFactory(accommodation=refuge, label="Broken", out_of_use=True)
    UnitFactory(accommodation=refuge, label="Closed", opened_on=NOV[1], closed_on=NOV[15])
    UnitFactory(accommodation=refuge, label="New", opened_on=NOV[20])

    def free(day):
        return set(Unit.objects.free_on(day).values_list("label", flat=True))

    assert free(NOV[14]) == {"Room 1", "Room 2", "Closed"}
    assert free(NOV[15]) == {"Room 1", "Room 2"}
    assert free(NOV[20]) == {"Room 1", "Room 2", "New"}


def test_each_service_counts_its_bed_spaces_occupied_and_free_in_one_query(
    refuge, room_1, agency_b, django_assert_num_queries
):
    StayFactory(unit=room_1, moved_in_on=NOV[10])  # 3 bed spaces taken, whoever stays
    other = UnitFactory(accommodation__service__agency=agency_b, bed_spaces=4).accommodation
    UnitFactory(accommodation=other, bed_spaces=1, out_of_use=True)
    empty = AccommodationService.objects.create(
        agency=agency_b,
        service=ServiceFactory(agency=agency_b, kind=ServiceKind.HOUSING),
        accommodation_type="sanctuary_scheme",
        funding_source="mixed",
        sanctuary_places=5,
    )

    with django_assert_num_queries(1):
        figures = {
            s.pk: (s.bed_spaces, s.occupied_bed_spaces, s.free_bed_spaces, s.free_units)
            for s in AccommodationService.objects.with_occupancy(NOV[15])
        }

    assert figures == {refuge.pk: (5, 3, 2, 1), other.pk: (4, 0, 4, 1), empty.pk: (0, 0, 0, 0)}


# Set-up ------------------------------------------------------------------------------------


def test_a_refuge_service_is_set_up_as_accommodation_and_audited(manager_a, agency_a):
    service = ServiceFactory(agency=agency_a, kind=ServiceKind.REFUGE)
    accommodation = services.save_accommodation(
        manager_a.user,
        service,
        accommodation_type="specialist_refuge",
        funding_source="charitable",
        commissioned=False,
    )
    assert accommodation.service == service
    assert not accommodation.commissioned
    event = AuditEvent.objects.get(action="accommodation.service_saved")
    assert "funding_source" in event.changes


def test_only_refuge_and_housing_services_offer_accommodation(manager_a, agency_a):
    service = ServiceFactory(agency=agency_a, kind=ServiceKind.HELP_POINT)
    message = refused(
        lambda: services.save_accommodation(
            manager_a.user,
            service,
            accommodation_type="refuge",
            funding_source="mixed",
            commissioned=True,
        ),
        None,
    )
    assert "refuge or housing" in message
    assert not AccommodationService.objects.exists()


def test_a_sanctuary_scheme_needs_its_places_and_has_no_units(manager_a, refuge):
    message = refused(
        lambda: services.save_accommodation(
            manager_a.user,
            refuge.service,
            accommodation_type="sanctuary_scheme",
            funding_source="mixed",
            commissioned=True,
            sanctuary_places=4,
        ),
        "accommodation_type",
    )
    assert "no units" in message
    refuge.refresh_from_db()
    assert refuge.accommodation_type == "refuge"


def test_units_are_added_and_changed_without_their_location_in_the_audit(manager_a, refuge):
    unit = services.save_unit(
        manager_a.user,
        refuge,
        label="Flat C",
        bed_spaces=4,
        groups=["women", "women"],
        location="3 Secret Row",
        takes_pets=True,
    )
    assert unit.groups == ["women"]
    services.save_unit(manager_a.user, refuge, unit, label="Flat C", bed_spaces=5, location=None)
    unit.refresh_from_db()
    assert (unit.bed_spaces, unit.location) == (5, "3 Secret Row")  # None kept the location
    events = AuditEvent.objects.filter(action__startswith="accommodation.unit_")
    assert [e.action for e in events.order_by("id")] == [
        "accommodation.unit_added",
        "accommodation.unit_changed",
    ]
    assert "Secret" not in str(list(events.values()))


def test_a_unit_name_is_used_once_per_service(manager_a, refuge):
    message = refused(
        lambda: services.save_unit(manager_a.user, refuge, label="Room 1", bed_spaces=2), "label"
    )
    assert "already has a unit" in message
    assert refuge.units.count() == 2


def test_a_location_is_shown_with_a_reason_and_audited(idva, room_1):
    assert services.reveal_location(idva.user, room_1, "moving_a_household_in") == LOCATIONS[0]
    event = AuditEvent.objects.get(action="accommodation.location_revealed")
    assert (event.reason, event.changes, event.object_id) == (
        "moving_a_household_in",
        ["location"],
        str(room_1.pk),
    )


@pytest.mark.parametrize("reason", ["", "curiosity"])
def test_a_location_without_a_reason_is_refused_and_not_audited(idva, room_1, reason):
    message = refused(lambda: services.reveal_location(idva.user, room_1, reason), "reason")
    assert message == "Select why you need to see where the unit is"
    assert not AuditEvent.objects.filter(action="accommodation.location_revealed").exists()


# Stays -------------------------------------------------------------------------------------


def test_a_mother_and_two_children_are_placed_each_in_their_own_right(idva, refuge_case, room_1):
    stay = place(idva, refuge_case, room_1, from_out_of_area="yes")

    members = list(stay.members.order_by("is_child", "person__given_name"))
    assert [(m.person.given_name, m.is_child) for m in members] == [
        ("Sarah", False),
        ("Amira", True),
        ("Yusuf", True),
    ]
    assert (stay.accommodation, stay.unit, stay.from_out_of_area) == (
        refuge_case.service.accommodation,
        room_1,
        "yes",
    )
    assert AuditEvent.objects.filter(
        action="accommodation.household_placed", object_id=str(refuge_case.pk)
    ).exists()
    assert room_1 not in Unit.objects.free_on(NOV[10])


def test_a_stay_overlapping_another_in_the_unit_is_refused(idva, refuge_case, room_1):
    StayFactory(unit=room_1, moved_in_on=NOV[5], moved_out_on=NOV[12])
    assert refused(lambda: place(idva, refuge_case, room_1), "unit") == rules.OVERLAP
    assert Stay.objects.count() == 1
    assert not StayMember.objects.exists()
    # The day the other household moved out, the unit is free.
    assert place(idva, refuge_case, room_1, moved_in_on=NOV[12]).unit == room_1


def test_more_people_than_bed_spaces_is_refused(idva, refuge_case, room_2):
    message = refused(lambda: place(idva, refuge_case, room_2), "members")
    assert message == rules.TOO_MANY.format(bed_spaces=2)
    assert not Stay.objects.exists()


def test_a_child_placed_without_an_adult_is_refused(idva, refuge_case, room_1):
    message = refused(lambda: place(idva, refuge_case, room_1, adult_moving_in=False), "members")
    assert message == rules.CHILD_ALONE
    assert not Stay.objects.exists()


def test_a_move_in_before_the_referral_or_a_child_of_another_case_is_refused(
    idva, refuge_case, room_1, person_a, refuge
):
    message = refused(lambda: place(idva, refuge_case, room_1, moved_in_on=NOV[1]), "moved_in_on")
    assert "before the referral" in message
    other = StayFactory(unit=refuge.units.create(agency=refuge.agency, label="Annex", bed_spaces=1))
    other_child = other.case.children.create(
        agency=other.agency, person=person_a, role="child_of_victim"
    )
    assert "children of this case" in refused(
        lambda: place(idva, refuge_case, room_1, children=[other_child]), "children"
    )
    assert Stay.objects.count() == 1


def test_a_unit_out_of_use_or_of_another_service_is_refused(idva, refuge_case, room_1):
    elsewhere = UnitFactory(accommodation__service__agency=refuge_case.agency)
    assert "unit of this service" in refused(lambda: place(idva, refuge_case, elsewhere), "unit")
    Unit.objects.filter(pk=room_1.pk).update(out_of_use=True)
    assert "out of use" in refused(lambda: place(idva, refuge_case, room_1), "unit")
    assert not Stay.objects.exists()


def test_a_household_already_staying_is_not_placed_twice(idva, refuge_case, room_1, room_2):
    place(idva, refuge_case, room_1)
    message = refused(lambda: place(idva, refuge_case, room_2, children=[]), None)
    assert "already staying" in message
    assert Stay.objects.count() == 1


def test_a_sanctuary_scheme_stay_has_no_unit_and_joins_the_housing_record(idva, agency_a, person_a):
    from concord.accommodation.tests.factories import HousingCaseFactory

    case = HousingCaseFactory(agency=agency_a, person=person_a)
    scheme = AccommodationService.objects.create(
        agency=agency_a,
        service=case.service,
        accommodation_type="sanctuary_scheme",
        funding_source="part4_grant",
        sanctuary_places=10,
    )
    services.record_home_secured(idva.user, case, secured_on=NOV[8])
    stay = services.place_household(idva.user, case, unit=None, moved_in_on=NOV[8])

    assert stay.unit is None
    assert stay.accommodation == scheme
    assert stay.housing_record == case.housing_record
    assert stay.housing_record.home_secured_on == NOV[8]
    unit = UnitFactory(agency=agency_a)
    assert "no units" in refused(
        lambda: services.place_household(idva.user, case, unit=unit, moved_in_on=NOV[9]), "unit"
    )


def test_a_childs_characteristics_and_support_are_their_own(idva, refuge_case, room_1):
    stay = place(idva, refuge_case, room_1)
    child = stay.members.get(person__given_name="Amira")

    services.set_characteristics(idva.user, child, ["mental_health", "minoritised"])
    services.record_support(
        idva.user, child, kind="childrens_support", started_on=NOV[12], note="Play therapy"
    )

    child.refresh_from_db()
    assert child.characteristics == ["mental_health", "minoritised"]
    assert list(SupportReceived.objects.values_list("member__person__given_name", "kind")) == [
        ("Amira", "childrens_support")
    ]
    assert {"accommodation.characteristics_changed", "accommodation.support_recorded"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_support_twice_before_the_move_in_or_of_an_unknown_kind_is_refused(
    idva, refuge_case, room_1
):
    member = place(idva, refuge_case, room_1).members.get(is_child=False)
    services.record_support(idva.user, member, kind="advocacy", started_on=NOV[10])

    def support(kind="advocacy", day=NOV[11]):
        return lambda: services.record_support(idva.user, member, kind=kind, started_on=day)

    assert "already recorded" in refused(support(), "kind")
    assert "before the day they moved in" in refused(
        support("counselling_therapy", NOV[9]), "started_on"
    )
    assert refused(support("massage"), "kind") == "Select the kind of support"
    assert "Select characteristics" in refused(
        lambda: services.set_characteristics(idva.user, member, ["tall"]), "characteristics"
    )
    assert SupportReceived.objects.count() == 1


def test_moving_out_to_a_tenancy_ends_the_stay_and_frees_the_unit(idva, refuge_case, room_1):
    stay = place(idva, refuge_case, room_1)
    services.move_out(
        idva.user,
        stay,
        moved_out_on=NOV[28],
        leaving_reason="moved_on",
        move_on_destination="social_tenancy",
    )
    stay.refresh_from_db()
    assert (stay.moved_out_on, stay.leaving_reason, stay.move_on_destination) == (
        NOV[28],
        "moved_on",
        "social_tenancy",
    )
    assert room_1 in Unit.objects.free_on(NOV[28])
    assert "already moved out" in refused(
        lambda: services.move_out(
            idva.user, stay, moved_out_on=NOV[29], leaving_reason="no_longer_needed"
        ),
        None,
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"moved_out_on": NOV[9], "leaving_reason": "evicted"},
            "moved_out_on",
            rules.OUT_BEFORE_IN,
        ),
        (
            {"moved_out_on": NOV[20], "leaving_reason": "moved_on"},
            "move_on_destination",
            "Select where",
        ),
        ({"moved_out_on": NOV[20], "leaving_reason": "bored"}, "leaving_reason", "Select why"),
        (
            {"moved_out_on": date(2099, 1, 1), "leaving_reason": "left"},
            "moved_out_on",
            "today or in the past",
        ),
        (
            {"moved_out_on": NOV[20], "leaving_reason": "left", "ready_to_move_on_on": NOV[21]},
            "ready_to_move_on_on",
            services.READY_OUTSIDE_STAY,
        ),
    ],
)
def test_a_bad_move_out_is_refused_and_the_stay_runs_on(
    idva, refuge_case, room_1, values, field, message
):
    stay = place(idva, refuge_case, room_1)
    assert message in refused(lambda: services.move_out(idva.user, stay, **values), field)
    stay.refresh_from_db()
    assert stay.moved_out_on is None
    assert stay.leaving_reason == ""


def test_the_day_they_were_ready_to_move_on_is_kept_with_the_move_out(idva, refuge_case, room_1):
    stay = place(idva, refuge_case, room_1)
    services.move_out(
        idva.user,
        stay,
        moved_out_on=NOV[20],
        leaving_reason="moved_on",
        move_on_destination="social_tenancy",
        ready_to_move_on_on=NOV[12],
    )
    stay.refresh_from_db()
    assert (stay.ready_to_move_on_on, stay.moved_out_on) == (NOV[12], NOV[20])


def test_a_childs_stay_and_support_are_in_what_is_held_about_them_and_anonymised(
    idva, refuge_case, room_1
):
    from concord.accommodation.holding import anonymise, held_about

    stay = place(idva, refuge_case, room_1)
    child = stay.members.get(person__given_name="Yusuf")
    services.set_characteristics(idva.user, child, ["disabled"])
    services.record_support(
        idva.user, child, kind="counselling_therapy", started_on=NOV[11], note="Weekly"
    )

    held = [r for r in held_about(child.person) if r.kind == "Stay in safe accommodation"]
    values = {f.label: f.value for f in held[0].fields}
    assert values["Moved in"] == "10 November 2026"
    assert values["Characteristics"] == "Disabled"
    assert values["Counselling or therapy"] == "From 11 November 2026"
    assert anonymise(child.person) == 1
    assert SupportReceived.objects.get().note == ""
