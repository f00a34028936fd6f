"""MARAC services: what a referral copies and refuses (under 16, consent, people causing
harm), repeats against the MARAC's register under both definitions, the must-not-receive
list, meetings, agendas, research, discussion, actions and follow-up, and their audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.core.models import AuditEvent
from concord.marac import repeats, services
from concord.marac.lifecycle import ActionStatus, MaracStatus
from concord.marac.models import MaracArea, MaracReferral, PersonCausingHarm
from concord.marac.repeats import add_months
from concord.marac.tests.conftest import DARREN, open_case, referral_values
from concord.people import services as people_services

pytestmark = pytest.mark.django_db


def refused(match, call, *args, **kwargs):
    with pytest.raises(ValidationError, match=match):
        call(*args, **kwargs)


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# Referring ----------------------------------------------------------------------------------


def test_a_referral_copies_what_the_marac_needs_and_is_audited(idva, case, referral, person_a):
    assert referral.agency == case.agency
    assert (referral.given_name, referral.family_name) == ("Sarah", "Ahmed")
    assert referral.date_of_birth == person_a.date_of_birth
    assert referral.age_when_referred == person_a.age_on(referral.referred_on)
    assert referral.status == MaracStatus.REFERRED
    assert not referral.is_repeat and referral.previous_referred_on is None
    assert referral.repeat_definition == "current"
    harm = PersonCausingHarm.objects.get(referral=referral)
    assert (harm.given_name, harm.family_name, harm.date_of_birth) == (
        "Darren",
        "Cole",
        DARREN.date_of_birth,
    )
    event = AuditEvent.objects.for_object("marac.maracreferral", referral.pk).get()
    assert (event.action, event.actor, event.reason) == (
        "marac_referral.made",
        idva.user,
        "consent",
    )
    assert "safe_contact" in event.changes
    assert "07700" not in str(event.changes)


def test_a_victim_under_16_on_the_day_referred_is_refused_with_the_reason(
    idva, case, area, person_a, today
):
    person_a.date_of_birth = add_months(today, -16 * 12) + timedelta(days=1)
    person_a.save()

    with pytest.raises(ValidationError) as error:
        services.refer_to_marac(idva.user, case, **referral_values(area))

    assert "was 15 on" in messages(error.value)
    assert "aged 16 or over" in messages(error.value)
    assert not MaracReferral.objects.exists()


def test_a_victim_turning_16_that_day_may_be_referred(idva, case, area, person_a, today):
    person_a.date_of_birth = add_months(today, -16 * 12)
    person_a.save()

    referral = services.refer_to_marac(idva.user, case, **referral_values(area))

    assert referral.age_when_referred == 16


def test_an_approximate_age_under_16_is_refused_and_an_unknown_age_too(
    idva, case, area, person_a, today
):
    person_a.date_of_birth = None
    person_a.approximate_age, person_a.approximate_age_on = 15, today
    person_a.save()
    refused("was 15", services.refer_to_marac, idva.user, case, **referral_values(area))

    person_a.approximate_age = None
    person_a.save()
    refused(
        "date of birth or approximate age",
        services.refer_to_marac,
        idva.user,
        case,
        **referral_values(area),
    )
    assert not MaracReferral.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"people_causing_harm": []}, "people_causing_harm"),
        ({"people_causing_harm": [repeats.Party("Darren", " ")]}, "people_causing_harm"),
        ({"criteria": []}, "criteria"),
        ({"criteria": ["gut_feeling"]}, "criteria"),
        ({"score": 28}, "score"),
        ({"risk_summary": "  "}, "risk_summary"),
        ({"victim_fears": ""}, "victim_fears"),
        ({"safe_contact": ""}, "safe_contact"),
        ({"children_details": ""}, "children_details"),
        ({"victim_knows": False}, "victim_consented"),
        ({"victim_consented": False}, "no_consent_reason"),
    ],
)
def test_bad_referrals_are_refused_naming_the_field(idva, case, area, changes, field):
    with pytest.raises(ValidationError) as error:
        services.refer_to_marac(idva.user, case, **referral_values(area, **changes))

    assert field in error.value.message_dict
    assert not MaracReferral.objects.exists()


def test_a_referral_without_consent_records_the_reason_and_is_audited_as_such(idva, case, area):
    referral = services.refer_to_marac(
        idva.user,
        case,
        **referral_values(
            area,
            victim_knows=False,
            victim_consented=False,
            no_consent_reason="Too dangerous to ask",
        ),
    )

    assert referral.no_consent_reason == "Too dangerous to ask"
    event = AuditEvent.objects.for_object("marac.maracreferral", referral.pk).get()
    assert event.reason == "without_consent"


def test_a_future_date_or_one_before_the_case_is_refused(idva, case, area, today):
    refused(
        "today or in the past",
        services.refer_to_marac,
        idva.user,
        case,
        **referral_values(area, referred_on=today + timedelta(days=1)),
    )
    refused(
        "before the case began",
        services.refer_to_marac,
        idva.user,
        case,
        **referral_values(area, referred_on=today - timedelta(days=60)),
    )


def test_a_case_waiting_for_the_marac_is_not_referred_twice(idva, case, area, referral):
    refused(
        "has not been heard yet", services.refer_to_marac, idva.user, case, **referral_values(area)
    )


def test_a_closed_case_is_not_referred(idva, case, area):
    case_services.change_status(idva.user, case, CaseStatus.CLOSED, "moved_away")

    refused("Reopen the case", services.refer_to_marac, idva.user, case, **referral_values(area))


# Repeats ------------------------------------------------------------------------------------


@pytest.fixture
def police_case(manager_b, agency_b):
    """The police's own record of the same victim: the same name and date of birth."""
    service = add_service(None, agency_b, name="Public protection", kind=ServiceKind.OTHER)
    sarah = people_services.record_person(
        manager_b.user,
        agency_b,
        given_name="SARAH",
        family_name="ahmed",
        date_of_birth=date(1990, 1, 1),
    )
    return open_case(manager_b, sarah, service, days_ago=800)


def test_a_referral_by_another_agency_within_twelve_months_makes_a_repeat(
    idva, manager_b, police_case, case, area, today
):
    earlier_on = today - timedelta(days=200)
    earlier = services.refer_to_marac(
        manager_b.user, police_case, **referral_values(area, referred_on=earlier_on)
    )

    referral = services.refer_to_marac(idva.user, case, **referral_values(area))

    assert referral.is_repeat
    assert referral.repeat_of == earlier
    assert referral.previous_referred_on == earlier_on


def test_a_referral_twelve_months_and_a_day_after_the_last_is_new(
    idva, manager_b, police_case, case, area, today
):
    services.refer_to_marac(
        manager_b.user,
        police_case,
        **referral_values(area, referred_on=add_months(today, -12) - timedelta(days=1)),
    )

    assert not services.refer_to_marac(idva.user, case, **referral_values(area)).is_repeat


def test_another_person_causing_harm_makes_a_new_case(
    idva, manager_b, police_case, case, area, today
):
    services.refer_to_marac(
        manager_b.user,
        police_case,
        **referral_values(
            area,
            referred_on=today - timedelta(days=30),
            people_causing_harm=[repeats.Party("Kyle", "Marsh")],
        ),
    )

    assert not services.refer_to_marac(idva.user, case, **referral_values(area)).is_repeat


def test_another_marac_keeps_its_own_register(
    idva, manager_b, police_case, case, area, council, today
):
    county = MaracArea.objects.create(
        name="Wealdshire MARAC", slug="wealdshire", hosted_by=council, adult_female_population=1
    )
    services.refer_to_marac(
        manager_b.user,
        police_case,
        **referral_values(county, referred_on=today - timedelta(days=30)),
    )

    assert not services.refer_to_marac(idva.user, case, **referral_values(area)).is_repeat


def test_under_the_older_definition_a_non_criminal_incident_is_not_a_repeat(
    settings, idva, manager_b, police_case, case, area, today
):
    settings.MARAC_REPEAT_DEFINITION = "criminal_only"
    services.refer_to_marac(
        manager_b.user, police_case, **referral_values(area, referred_on=today - timedelta(days=30))
    )

    referral = services.refer_to_marac(
        idva.user, case, **referral_values(area, new_incident_criminal=False)
    )

    assert not referral.is_repeat
    assert referral.repeat_definition == "criminal_only"


def test_under_the_older_definition_a_criminal_incident_is_a_repeat(
    settings, idva, manager_b, police_case, case, area, today
):
    settings.MARAC_REPEAT_DEFINITION = "criminal_only"
    services.refer_to_marac(
        manager_b.user, police_case, **referral_values(area, referred_on=today - timedelta(days=30))
    )

    assert services.refer_to_marac(idva.user, case, **referral_values(area)).is_repeat


# Must not receive ---------------------------------------------------------------------------


def test_the_must_not_receive_list_is_saved_and_audited(
    coordinator, referral, police_rep, agency_c
):
    services.set_must_not_receive(
        coordinator, referral, users=[police_rep.user], agencies=[agency_c]
    )

    assert list(referral.must_not_receive_users.all()) == [police_rep.user]
    assert list(referral.must_not_receive_agencies.all()) == [agency_c]
    assert referral.is_kept_from(police_rep)
    event = AuditEvent.objects.filter(action="marac_referral.must_not_receive_set").get()
    assert event.actor == coordinator.user


def test_the_host_and_referring_agencies_and_oneself_cannot_be_named(
    coordinator, referral, council, agency_a
):
    refused(
        "name people there instead",
        services.set_must_not_receive,
        coordinator,
        referral,
        users=[],
        agencies=[council],
    )
    refused(
        "name people there instead",
        services.set_must_not_receive,
        coordinator,
        referral,
        users=[],
        agencies=[agency_a],
    )
    refused(
        "cannot name yourself",
        services.set_must_not_receive,
        coordinator,
        referral,
        users=[coordinator.user],
        agencies=[],
    )


def test_revealing_the_safe_contact_needs_a_reason_and_is_audited(idva, referral):
    refused("Select why", services.reveal_safe_contact, idva.user, referral, "curiosity")

    assert services.reveal_safe_contact(idva.user, referral, "safety_planning").startswith("07700")
    event = AuditEvent.objects.filter(action="marac_referral.safe_contact_revealed").get()
    assert (event.reason, event.changes) == ("safety_planning", ["safe_contact"])


# Meetings, agendas, research ----------------------------------------------------------------


def test_a_meeting_needs_attending_agencies_and_one_a_day(
    coordinator, area, meeting, agency_a, today
):
    refused(
        "Select the agencies",
        services.schedule_meeting,
        coordinator.user,
        area,
        meets_on=today + timedelta(days=7),
        agencies=[],
    )
    refused(
        "already meets on",
        services.schedule_meeting,
        coordinator.user,
        area,
        meets_on=today,
        agencies=[agency_a],
    )


def test_listing_puts_the_case_on_the_agenda(coordinator, item, referral, meeting):
    referral.refresh_from_db()
    assert referral.status == MaracStatus.LISTED
    assert item.meeting == meeting and item.agency == meeting.area.hosted_by
    assert AuditEvent.objects.filter(action="marac_referral.listed").exists()


def test_a_case_is_not_listed_twice_nor_on_a_past_meeting(
    coordinator, item, referral, area, agency_a, today, case, idva
):
    later = services.schedule_meeting(
        coordinator.user, area, meets_on=today + timedelta(days=14), agencies=[agency_a]
    )
    refused("already on an agenda", services.list_on_agenda, coordinator.user, later, referral)

    past = services.schedule_meeting(
        coordinator.user, area, meets_on=today - timedelta(days=14), agencies=[agency_a]
    )
    refused("today or later", services.move_to_meeting, coordinator.user, item, past)


def test_a_listed_case_moves_to_another_meeting_with_its_research(
    coordinator, police_rep, item, area, agency_b, today
):
    services.record_research(police_rep, item, findings="Three call-outs since May")
    later = services.schedule_meeting(
        coordinator.user, area, meets_on=today + timedelta(days=14), agencies=[agency_b]
    )

    services.move_to_meeting(coordinator.user, item, later)

    item.refresh_from_db()
    assert item.meeting == later
    assert item.research.count() == 1


def test_research_is_recorded_once_per_agency_before_the_meeting(police_rep, item, homes_rep):
    first = services.record_research(police_rep, item, findings="Three call-outs since May")
    again = services.record_research(police_rep, item, findings="Four call-outs since May")

    assert first.pk == again.pk and again.findings == "Four call-outs since May"
    actions = list(
        AuditEvent.objects.filter(action__startswith="marac_research").values_list(
            "action", flat=True
        )
    )
    assert actions == ["marac_research.recorded", "marac_research.changed"]
    refused("is not attending", services.record_research, homes_rep, item, findings="x")
    refused("Enter what", services.record_research, police_rep, item, findings=" ")


def test_research_after_the_meeting_is_refused(police_rep, heard):
    refused("has taken place", services.record_research, police_rep, heard, findings="Late")


def test_the_discussion_is_recorded_on_or_after_the_meeting_day(
    coordinator, area, agency_b, referral, today
):
    later = services.schedule_meeting(
        coordinator.user, area, meets_on=today + timedelta(days=7), agencies=[agency_b]
    )
    item = services.list_on_agenda(coordinator.user, later, referral)

    refused(
        "record the discussion on or after",
        services.record_discussion,
        coordinator.user,
        item,
        summary="Too early",
    )


def test_recording_the_discussion_hears_the_case(heard):
    assert heard.heard_at is not None
    heard.referral.refresh_from_db()
    assert heard.referral.status == MaracStatus.HEARD


# Actions ------------------------------------------------------------------------------------


def test_an_action_needs_an_attending_agency_and_a_due_date_from_the_meeting(
    coordinator, heard, agency_c, agency_b, today
):
    add = services.assign_action
    refused(
        "Choose the agency",
        add,
        coordinator.user,
        heard,
        agency=None,
        description="x",
        due_on=today,
    )
    refused(
        "is not attending",
        add,
        coordinator.user,
        heard,
        agency=agency_c,
        description="x",
        due_on=today,
    )
    refused(
        "on or after the meeting",
        add,
        coordinator.user,
        heard,
        agency=agency_b,
        description="x",
        due_on=today - timedelta(days=1),
    )


def test_an_action_waits_for_the_discussion(coordinator, item, agency_b, today):
    refused(
        "Record the discussion first",
        services.assign_action,
        coordinator.user,
        item,
        agency=agency_b,
        description="x",
        due_on=today,
    )


def test_an_agency_that_must_not_receive_the_case_gets_no_action(
    coordinator, heard, agency_b, today
):
    services.set_must_not_receive(coordinator, heard.referral, users=[], agencies=[agency_b])

    refused(
        "must not receive",
        services.assign_action,
        coordinator.user,
        heard,
        agency=agency_b,
        description="x",
        due_on=today,
    )


def test_the_assigned_agency_records_the_outcome_once(police_rep, idva, action, today):
    refused(
        "Only the agency",
        services.record_action_outcome,
        idva,
        action,
        completed=True,
        outcome_on=today,
    )
    refused(
        "Say why",
        services.record_action_outcome,
        police_rep,
        action,
        completed=False,
        outcome_on=today,
    )

    services.record_action_outcome(police_rep, action, completed=True, outcome_on=today)

    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED and action.completed_on_time
    assert AuditEvent.objects.filter(action="marac_action.completed").exists()
    refused(
        "already completed",
        services.record_action_outcome,
        police_rep,
        action,
        completed=False,
        outcome_on=today,
        note="changed our mind",
    )


# Follow-up ----------------------------------------------------------------------------------


def test_the_follow_up_comes_after_the_marac_heard_the_case(idva, referral, heard, today):
    referral.refresh_from_db()
    refused(
        "Select whether",
        services.record_follow_up,
        idva.user,
        referral,
        feels_safer="maybe",
        followed_up_on=today,
    )

    services.record_follow_up(idva.user, referral, feels_safer="yes", followed_up_on=today)

    referral.refresh_from_db()
    assert (referral.feels_safer, referral.followed_up_on) == ("yes", today)


def test_no_follow_up_before_the_case_is_heard(idva, referral, today):
    refused(
        "once the MARAC has heard",
        services.record_follow_up,
        idva.user,
        referral,
        feels_safer="yes",
        followed_up_on=today,
    )
