"""Synthetic journeys straight into the database: the same records as through the import,
the services' invariants kept, one audit event, refused where it must not run."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.importing import import_directory
from concord.cases.models import (
    Case,
    Contact,
    ExitReview,
    IntakeProfile,
    QuarantinedRow,
    SafetyPlan,
    StatusChange,
    SupportOffer,
)
from concord.core import audit
from concord.core.models import AuditEvent
from concord.people.models import Person
from concord.synthetic.journeys import generate_chunks, write_files
from concord.synthetic.loading import AlreadyLoaded, LoadRefused, load

pytestmark = pytest.mark.django_db

SERVICE = "SAFE help point"
UNTIL = date(2026, 11, 1)


def chunks(people, *, seed=4, chunk_size=25, until=UNTIL):
    return generate_chunks(people, service=SERVICE, seed=seed, until=until, chunk_size=chunk_size)


@pytest.fixture
def help_points(agency_a, agency_b):
    """A help point of the same name at agencies A and B."""
    return [ServiceFactory(agency=agency, name=SERVICE) for agency in (agency_a, agency_b)]


def snapshot(agency):
    """What each path writes, without ids, load times or the agency's reference prefix."""
    people = Person.objects.filter(agency=agency).values_list(
        "given_name",
        "family_name",
        "given_name_keys",
        "family_name_keys",
        "date_of_birth",
        "sex",
        "ethnicity",
        "needs_interpreter",
        "is_victim_survivor",
        "is_person_causing_harm",
        "is_child_young_person",
    )
    cases = [
        (reference.split("-")[1], *rest)
        for reference, *rest in Case.objects.filter(agency=agency).values_list(
            "reference",
            "person__given_name",
            "service__name",
            "referral_source",
            "method_of_access",
            "referred_at",
            "first_contact_at",
            "opened_at",
            "closed_at",
            "status",
            "status_reason",
            "abuse_types",
            "worked_by_idva",
        )
    ]
    offers = SupportOffer.objects.filter(agency=agency).values_list(
        "case__referred_at", "kind", "offered_on", "answer", "answered_on"
    )
    contacts = Contact.objects.filter(agency=agency).values_list(
        "case__referred_at",
        "channel",
        "initiated_by",
        "occurred_at",
        "duration_minutes",
        "out_of_hours",
    )
    intake = [
        (
            profile.case.referred_at,
            profile.assessed_on,
            profile.number_of_children,
            sorted(profile.answers.items()),
        )
        for profile in IntakeProfile.objects.filter(agency=agency).select_related("case")
    ]
    plans = SafetyPlan.objects.filter(agency=agency).values_list(
        "case__referred_at", "created_on", "reviewed_on", "completed_on", "areas"
    )
    reviews = ExitReview.objects.filter(agency=agency).values_list(
        "case__referred_at",
        "reviewed_on",
        "feels_safer",
        "abuse_change",
        "wellbeing_at_intake",
        "wellbeing_at_exit",
    )
    changes = StatusChange.objects.filter(agency=agency).values_list(
        "case__referred_at", "from_status", "to_status", "reason"
    )
    # when each move happened (the import records the referral itself when it is typed in)
    moves = (
        StatusChange.objects.filter(agency=agency)
        .exclude(from_status="")
        .values_list("case__referred_at", "to_status", "changed_at")
    )
    return {
        name: sorted(map(tuple, rows), key=repr)
        for name, rows in {
            "people": people,
            "cases": cases,
            "contacts": contacts,
            "offers": offers,
            "intake": intake,
            "plans": plans,
            "reviews": reviews,
            "status changes": changes,
            "moves": moves,
        }.items()
    }


def test_direct_load_writes_what_the_import_writes(
    tmp_path, help_points, idva, agency_a, manager_b, agency_b
):
    write_files(chunks(60), tmp_path)
    list(import_directory(tmp_path, agency=agency_a, actor=idva.user))
    assert not QuarantinedRow.objects.exists()

    counts = load(chunks(60), agency=agency_b, actor=manager_b.user)

    imported, loaded = snapshot(agency_a), snapshot(agency_b)
    for kind in imported:
        assert loaded[kind] == imported[kind], kind
    statuses = Counter(Case.objects.filter(agency=agency_b).values_list("status", flat=True))
    assert statuses == Counter(
        Case.objects.filter(agency=agency_a).values_list("status", flat=True)
    )
    assert set(statuses) == {"open", "closed", "not_engaged"}
    out_of_hours = Contact.objects.filter(agency=agency_b, out_of_hours=True).count()
    assert 0 < out_of_hours < counts["contacts"]
    assert counts["people"] == counts["cases"] == counts["intake_profiles"] == 60
    assert counts["contacts"] == Contact.objects.filter(agency=agency_a).count()


def test_most_cases_are_offered_support_and_most_accept(help_points, agency_b, manager_b):
    load(chunks(300, seed=7, chunk_size=100), agency=agency_b, actor=manager_b.user)

    cases = Case.objects.filter(agency=agency_b)
    offers = SupportOffer.objects.filter(agency=agency_b)
    answers = Counter(offers.values_list("answer", flat=True))
    assert 0.85 < offers.count() / cases.count() < 0.98
    assert 0.65 < answers["accepted"] / offers.count() < 0.85
    assert answers["declined"] and answers["not_contactable"] and not answers["awaiting"]
    idva_cases = cases.filter(worked_by_idva=True)
    assert 0.3 < idva_cases.count() / cases.count() < 0.6
    assert not idva_cases.exclude(intake_profile__answers__high_risk_at_intake="yes").exists()
    assert set(offers.filter(case__in=idva_cases).values_list("kind", flat=True)) == {"idva"}


def test_status_timestamps_follow_the_journey(help_points, agency_b, manager_b):
    load(chunks(40), agency=agency_b, actor=manager_b.user)

    now = timezone.now()
    for case in Case.objects.filter(agency=agency_b).prefetch_related("status_changes", "contacts"):
        changes = list(case.status_changes.all())
        moments = [change.occurred_at for change in case.contacts.all()]
        assert [c.from_status for c in changes] == ["", *[c.to_status for c in changes[:-1]]]
        assert changes[0].to_status == "referred" and changes[0].changed_at == case.referred_at
        assert changes[-1].to_status == case.status
        assert [c.changed_at for c in changes] == sorted(c.changed_at for c in changes)
        assert all(change.changed_at <= now for change in changes)
        assert case.first_contact_at == min(moments)
        opened = [c.changed_at for c in changes if c.to_status == "open"]
        assert case.opened_at == (opened[0] if opened else None)
        if case.status in ("closed", "not_engaged"):
            assert case.closed_at == changes[-1].changed_at == max(moments)
            assert changes[-1].reason == case.status_reason != ""
        else:
            assert case.closed_at is None


def test_references_are_unique_and_follow_the_agency_s_existing_cases(
    help_points, agency_a, idva, person_a
):
    first = services.open_case(
        idva.user,
        person_a,
        help_points[0],
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.now(),
    )

    load(chunks(30), agency=agency_a, actor=idva.user)
    after = services.open_case(
        idva.user,
        person_a,
        help_points[0],
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.now(),
    )

    references = list(Case.objects.filter(agency=agency_a).values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 32
    assert all(re.fullmatch(r"HAVE-\d{6}", reference) for reference in references)
    assert first.reference == "HAVE-000001"
    assert after.reference == "HAVE-000032"


def test_search_keys_are_filled_so_search_before_create_finds_loaded_people(
    help_points, agency_b, manager_b
):
    from concord.people.services import possible_duplicates

    load(chunks(20), agency=agency_b, actor=manager_b.user)
    person = Person.objects.filter(agency=agency_b).first()

    found = possible_duplicates(
        Person.objects.filter(agency=agency_b),
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
    )
    assert person in [match for match, _ in found]


def test_one_audit_event_records_the_whole_load(help_points, agency_b, manager_b):
    before = AuditEvent.objects.count()

    counts = load(chunks(30), agency=agency_b, actor=manager_b.user)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.last()
    assert (event.action, event.agency, event.actor) == (
        "synthetic.loaded",
        agency_b,
        manager_b.user,
    )
    assert "people:30" in event.changes
    assert f"contacts:{counts['contacts']}" in event.changes
    assert audit.verify_chain() is None


def test_a_second_load_into_the_same_agency_is_refused_and_adds_nothing(
    help_points, agency_a, agency_b, idva, manager_b
):
    load(chunks(10), agency=agency_a, actor=idva.user)
    people, events = Person.objects.count(), AuditEvent.objects.count()

    with pytest.raises(AlreadyLoaded, match="already has synthetic journeys"):
        load(chunks(10, seed=5), agency=agency_a, actor=idva.user)

    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)
    load(chunks(10), agency=agency_b, actor=manager_b.user)  # another agency is not affected
    assert Person.objects.count() == 2 * people


def test_the_load_is_refused_in_production(settings, help_points, agency_a, idva):
    settings.ENVIRONMENT = "production"

    with pytest.raises(LoadRefused, match="production"):
        load(chunks(10), agency=agency_a, actor=idva.user)

    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="synthetic.loaded").exists()


def test_journeys_in_the_future_are_refused_with_nothing_of_their_chunk_written(
    help_points, agency_a, idva
):
    future = timezone.localdate() + timedelta(days=400)

    with pytest.raises(ValidationError, match="in the future"):
        load(chunks(10, until=future), agency=agency_a, actor=idva.user)

    assert not Person.objects.exists()
    assert not Case.objects.exists()


def two_chunks():
    """Twenty journeys in two chunks of ten."""
    return list(chunks(20, chunk_size=10))


@pytest.mark.parametrize(
    ("break_row", "message"),
    [
        (lambda rows: rows["contacts"][0].update(channel="carrier_pigeon"), "not a valid choice"),
        (
            lambda rows: rows["contacts"][0].update(occurred_at="2001-01-01 10:00"),
            "contact out of order",
        ),
        (
            lambda rows: rows["cases"][0].update(abuse_types="physical;rudeness"),
            "unknown abuse types",
        ),
        (
            lambda rows: rows["intake_profiles"][0].update(self_harm="maybe"),
            "Answer yes, no or not known",
        ),
        (
            lambda rows: rows["exit_reviews"][0].update(wellbeing_at_exit="11"),
            "less than or equal to 10",
        ),
        (lambda rows: rows["safety_plans"][0].update(areas="hope"), "plan areas"),
        (
            lambda rows: rows["contacts"][0].update(case_record_id="C9999999"),
            "not a record of the same chunk",
        ),
        (lambda rows: rows["cases"][0].update(service="Nowhere"), "no service called"),
    ],
)
def test_a_bad_row_stops_the_load_and_its_chunk_is_not_written(
    help_points, agency_a, idva, break_row, message
):
    first, second = two_chunks()
    break_row(second.rows)

    with pytest.raises(ValidationError, match=message):
        load([first, second], agency=agency_a, actor=idva.user)

    assert Person.objects.count() == Case.objects.count() == 10  # the first chunk, whole
    assert Contact.objects.count() == len(first.rows["contacts"])
    assert not AuditEvent.objects.filter(action="synthetic.loaded").exists()
