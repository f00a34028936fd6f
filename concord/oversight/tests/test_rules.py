"""Each alert rule fires on a scripted run of audited work, and not on a normal day's."""

from __future__ import annotations

import pytest

from concord.accounts.models import Membership
from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory, UserFactory
from concord.core import audit
from concord.core.models import AuditEvent
from concord.oversight import evaluation
from concord.oversight.evaluation import evaluate_alert_rules
from concord.oversight.models import Alert, AlertKind, AlertRule, AlertScan
from concord.oversight.tests.conftest import Clock, scope
from concord.people import services as people_services
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def open_records(
    clock: Clock, membership: Membership, people: list[Person], *, every: float, start: float = 0
) -> None:
    for number, person in enumerate(people):
        clock.set(minutes=start + number * every)
        scope(membership).person(person.pk)


def alerts(kind: AlertKind) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind))


def test_the_rules_start_with_sensible_thresholds():
    rules = {rule.kind: (rule.more_than, rule.window_minutes) for rule in AlertRule.objects.all()}
    assert rules == {
        "many_records": (20, 10),
        "restricted_search": (0, 1440),
        "colleague_record": (0, 1440),
        "many_reveals": (10, 1440),
    }


# Many records in a short time ---------------------------------------------------------------


def test_opening_many_records_in_minutes_raises_an_alert_with_every_read_as_evidence(
    clock, idva, agency_a
):
    people = PersonFactory.create_batch(25, agency=agency_a)
    open_records(clock, idva, people, every=0.25)

    assert evaluate_alert_rules(now=clock.later()) == 1

    (alert,) = alerts(AlertKind.MANY_RECORDS)
    assert (alert.agency, alert.subject, alert.subject_agency) == (agency_a, idva.user, agency_a)
    assert alert.evidence.count() == 25
    assert set(alert.evidence.values_list("action", flat=True)) == {"person.viewed"}
    assert AuditEvent.objects.filter(action="alert.raised", object_id=str(alert.pk)).exists()


def test_a_burst_is_one_alert_however_many_runs_see_it(clock, idva, agency_a):
    people = PersonFactory.create_batch(30, agency=agency_a)
    open_records(clock, idva, people[:22], every=0.25)
    evaluate_alert_rules(now=clock.later())
    open_records(clock, idva, people[22:], every=0.25, start=6)

    assert evaluate_alert_rules(now=clock.later()) == 0

    (alert,) = alerts(AlertKind.MANY_RECORDS)
    assert alert.evidence.count() == 30


def test_the_thresholds_are_data(clock, idva, agency_a):
    AlertRule.objects.filter(kind=AlertKind.MANY_RECORDS).update(more_than=30)
    open_records(clock, idva, PersonFactory.create_batch(25, agency=agency_a), every=0.25)

    evaluate_alert_rules(now=clock.later())

    assert not alerts(AlertKind.MANY_RECORDS)


def test_a_disabled_rule_raises_nothing(clock, idva, agency_a):
    AlertRule.objects.filter(kind=AlertKind.MANY_RECORDS).update(is_enabled=False)
    open_records(clock, idva, PersonFactory.create_batch(25, agency=agency_a), every=0.25)

    evaluate_alert_rules(now=clock.later())

    assert not Alert.objects.exists()


def test_events_of_the_last_seconds_wait_for_the_next_run(clock, idva, agency_a):
    open_records(clock, idva, PersonFactory.create_batch(25, agency=agency_a), every=0.01)

    assert evaluate_alert_rules(now=clock.now) == 0
    assert evaluate_alert_rules(now=clock.later()) == 1


# A search for a restricted record's name ----------------------------------------------------


@pytest.fixture
def hidden_person(agency_a, manager_a):
    person = PersonFactory(agency=agency_a, given_name="Jane", family_name="Smith")
    person.is_restricted = True
    person.save()
    person.named_workers.add(manager_a.user)
    return person


def test_searching_for_a_name_like_a_hidden_restricted_record_raises_an_alert(
    clock, idva, hidden_person
):
    assert not scope(idva).browse_people("Jayne Smyth").exists()

    evaluate_alert_rules(now=clock.later())

    (alert,) = alerts(AlertKind.RESTRICTED_SEARCH)
    (event,) = alert.evidence.all()
    assert (event.action, event.object_id) == (
        "people.search_matched_restricted",
        str(hidden_person.pk),
    )
    assert alert.subject == idva.user


def test_a_named_worker_searching_for_their_restricted_client_raises_none(
    clock, manager_a, hidden_person
):
    assert list(scope(manager_a).browse_people("Jane Smith")) == [hidden_person]

    evaluate_alert_rules(now=clock.later())

    assert not Alert.objects.exists()


# The record of someone who works at the agency ----------------------------------------------


@pytest.fixture
def colleague(agency_a):
    user = UserFactory(full_name="Beth Lowe")
    return MembershipFactory(user=user, agency=agency_a, role=Role.PRACTITIONER)


def test_reading_a_colleagues_record_raises_an_alert(clock, idva, colleague, agency_a):
    record = PersonFactory(agency=agency_a, given_name="Beth", family_name="Lowe")
    scope(idva).person(record.pk)

    evaluate_alert_rules(now=clock.later())

    (alert,) = alerts(AlertKind.COLLEAGUE_RECORD)
    assert [event.object_id for event in alert.evidence.all()] == [str(record.pk)]


def test_a_namesake_at_another_agency_is_no_colleague(clock, idva, agency_b):
    MembershipFactory(user=UserFactory(full_name="Beth Lowe"), agency=agency_b)
    record = PersonFactory(agency=idva.agency, given_name="Beth", family_name="Lowe")
    scope(idva).person(record.pk)

    evaluate_alert_rules(now=clock.later())

    assert not Alert.objects.exists()


def test_the_named_worker_of_a_restricted_colleagues_record_raises_none(
    clock, idva, colleague, agency_a
):
    record = PersonFactory(
        agency=agency_a, given_name="Beth", family_name="Lowe", is_restricted=True
    )
    record.named_workers.add(idva.user)
    scope(idva).person(record.pk)

    evaluate_alert_rules(now=clock.later())

    assert not Alert.objects.exists()


# Hidden contact details shown ---------------------------------------------------------------


def test_showing_many_hidden_details_in_a_day_raises_an_alert(clock, idva, agency_a):
    people = PersonFactory.create_batch(11, agency=agency_a)
    for hour, person in enumerate(people):
        clock.set(minutes=hour * 40)
        people_services.reveal(idva.user, person, "safe_phone", "contacting_the_person")

    evaluate_alert_rules(now=clock.later())

    (alert,) = alerts(AlertKind.MANY_REVEALS)
    assert alert.evidence.count() == 11


# A normal day -------------------------------------------------------------------------------


def test_a_normal_days_work_raises_no_alert(clock, idva, manager_a, agency_a, hidden_person):
    """An IDVA's day: their caseload opened through the day, some records again, searches
    for clients (one sharing a restricted record's family name), a few details shown."""
    caseload = PersonFactory.create_batch(15, agency=agency_a)
    MembershipFactory(user=UserFactory(full_name="Beth Lowe"), agency=agency_a)
    open_records(clock, idva, caseload, every=20)
    open_records(clock, idva, caseload[:10], every=15, start=330)
    clock.set(minutes=500)
    scope(idva).browse_people("Smith")
    scope(idva).browse_people(f"{caseload[0].given_name} {caseload[0].family_name}")
    for person in caseload[:4]:
        people_services.reveal(idva.user, person, "safe_phone", "contacting_the_person")
    scope(manager_a).person(hidden_person.pk)

    assert evaluate_alert_rules(now=clock.later()) == 0
    assert not Alert.objects.exists()


def test_hidden_details_shown_on_marac_referrals_count_too(clock, idva, agency_a):
    for minute in range(11):
        clock.set(minutes=minute * 30)
        action = (
            "marac_referral.safe_contact_revealed" if minute % 2 else "person.sensitive_revealed"
        )
        audit.record(
            action,
            actor=idva.user,
            agency=agency_a,
            object_type="marac.marac_referral",
            object_id=minute,
        )

    evaluate_alert_rules(now=clock.later())

    (alert,) = alerts(AlertKind.MANY_REVEALS)
    assert alert.evidence.count() == 11


def test_a_run_that_another_worker_overtook_raises_nothing(clock, idva, agency_a, monkeypatch):
    open_records(clock, idva, PersonFactory.create_batch(25, agency=agency_a), every=0.25)
    judge = evaluation._apply

    def overtaken(rule, after, upto):
        AlertScan.objects.filter(id=1).update(last_event_id=upto)  # the other worker's run
        return judge(rule, after, upto)

    monkeypatch.setattr(evaluation, "_apply", overtaken)

    assert evaluate_alert_rules(now=clock.later()) == 0
    assert not Alert.objects.exists()


def test_a_run_with_nothing_new_only_reads(clock, idva, agency_a, django_assert_num_queries):
    open_records(clock, idva, PersonFactory.create_batch(3, agency=agency_a), every=1)
    evaluate_alert_rules(now=clock.later())

    with django_assert_num_queries(2) as queries:
        assert evaluate_alert_rules(now=clock.later()) == 0

    assert all(query["sql"].startswith("SELECT") for query in queries.captured_queries)
