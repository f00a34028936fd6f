"""The alert pages: for the agency's service managers only, never about themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import Membership
from concord.core import audit
from concord.core.models import AuditEvent
from concord.oversight.evaluation import add_evidence
from concord.oversight.models import Alert, AlertKind
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ALERTS = reverse("oversight:alerts")


def raise_alert(
    subject: Membership, people: list[Person], kind: AlertKind = AlertKind.MANY_RECORDS
) -> Alert:
    events = [
        audit.record("person.viewed", actor=subject.user, agency=subject.agency, target=person)
        for person in people
    ]
    alert = Alert.objects.create(
        agency=subject.agency,
        subject=subject.user,
        subject_agency=subject.agency,
        kind=kind,
        first_event_at=events[0].occurred_at,
        last_event_at=events[-1].occurred_at,
    )
    add_evidence(alert, [event.pk for event in events])
    return alert


def page(alert: Alert) -> str:
    return reverse("oversight:alert", args=[alert.pk])


def test_the_agencys_manager_sees_its_alerts_with_the_evidence(
    signed_in, idva, manager_a, person_a
):
    alert = raise_alert(idva, [person_a])
    client = signed_in(manager_a)

    listing = client.get(ALERTS).content.decode()
    assert "1 open alert" in listing
    assert idva.user.full_name in listing
    detail = client.get(page(alert)).content.decode()
    assert "Opened a person&#39;s record" in detail
    assert reverse("people:detail", args=[person_a.pk]) in detail
    assert str(person_a) not in detail  # the evidence names no one
    assert AuditEvent.objects.filter(action="alert.viewed", object_id=str(alert.pk)).exists()


def test_the_evidence_numbers_records_so_one_opened_twice_shows_as_such(
    signed_in, idva, manager_a, person_a, agency_a
):
    other = PersonFactory(agency=agency_a)
    alert = raise_alert(idva, [person_a, other, person_a])

    detail = signed_in(manager_a).get(page(alert)).content.decode()

    assert detail.count(">Open record 1</a>") == 2
    assert detail.count(">Open record 2</a>") == 1
    assert reverse("people:detail", args=[other.pk]) in detail


def test_a_record_the_manager_may_not_open_is_not_linked(signed_in, idva, manager_a, agency_a):
    hidden = PersonFactory(agency=agency_a, is_restricted=True)
    hidden.named_workers.add(idva.user)
    alert = raise_alert(idva, [hidden])

    detail = signed_in(manager_a).get(page(alert)).content.decode()

    assert "Record 1 (you cannot open it)" in detail
    assert reverse("people:detail", args=[hidden.pk]) not in detail


def test_a_manager_never_sees_an_alert_about_themselves(signed_in, manager_a, person_a):
    alert = raise_alert(manager_a, [person_a])
    client = signed_in(manager_a)

    assert "There are no alerts" in client.get(ALERTS).content.decode()
    assert client.get(page(alert)).status_code == 404


def test_the_user_an_alert_concerns_cannot_see_alerts(signed_in, idva, person_a):
    alert = raise_alert(idva, [person_a])
    client = signed_in(idva)

    assert client.get(ALERTS).status_code == 403
    assert client.get(page(alert)).status_code == 403


@pytest.mark.parametrize(
    "persona", ["commissioner", "analyst", "agency_admin_a", "system_admin", "police_rep"]
)
def test_roles_other_than_service_manager_get_403(signed_in, idva, person_a, persona, request):
    alert = raise_alert(idva, [person_a])
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(ALERTS).status_code == 403
    assert client.get(page(alert)).status_code == 403
    assert client.post(page(alert), {"note": "Looked"}).status_code == 403


def test_another_agencys_manager_gets_404(signed_in, idva, manager_b, person_a):
    alert = raise_alert(idva, [person_a])
    client = signed_in(manager_b)

    assert "There are no alerts" in client.get(ALERTS).content.decode()
    assert client.get(page(alert)).status_code == 404
    assert client.post(page(alert), {"note": "Looked"}).status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_needs_a_note(signed_in, idva, manager_a, person_a):
    alert = raise_alert(idva, [person_a])

    response = signed_in(manager_a).post(page(alert), {"note": "  "})

    assert "govuk-error-summary" in response.content.decode()
    assert "Enter what you found or did about this alert" in response.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_with_a_note_closes_the_alert_and_is_audited(
    signed_in, idva, manager_a, person_a
):
    alert = raise_alert(idva, [person_a])
    client = signed_in(manager_a)

    response = client.post(page(alert), {"note": "Checked with her: all on her caseload."})

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == manager_a.user
    assert alert.acknowledgement == "Checked with her: all on her caseload."
    event = AuditEvent.objects.get(action="alert.acknowledged")
    assert (event.actor, event.object_id, event.changes) == (
        manager_a.user,
        str(alert.pk),
        ["acknowledged_at", "acknowledged_by", "acknowledgement"],
    )
    detail = client.get(page(alert)).content.decode()
    assert "Acknowledge this alert" not in detail
    assert "Checked with her" in detail
    assert "0 open alerts" in client.get(ALERTS).content.decode()


def test_the_alert_list_keeps_a_fixed_number_of_queries(
    signed_in, idva, manager_a, person_a, django_assert_num_queries
):
    client = signed_in(manager_a)
    raise_alert(idva, [person_a])
    client.get(ALERTS)  # warm the session
    with django_assert_num_queries(6) as few:
        client.get(ALERTS)
    for _ in range(5):
        raise_alert(idva, [person_a])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(ALERTS)


def test_the_home_page_offers_alerts_to_managers_only(signed_in, idva, manager_a):
    assert ALERTS in signed_in(manager_a).get(reverse("home")).content.decode()
    assert ALERTS not in signed_in(idva).get(reverse("home")).content.decode()


def test_open_alerts_come_before_acknowledged_ones(signed_in, idva, manager_a, person_a):
    older = raise_alert(idva, [person_a])
    Alert.objects.filter(pk=older.pk).update(raised_at=timezone.now() - timedelta(days=2))
    acknowledged = raise_alert(idva, [person_a])
    Alert.objects.filter(pk=acknowledged.pk).update(
        acknowledged_at=timezone.now(), acknowledged_by=manager_a.user
    )

    listing = signed_in(manager_a).get(ALERTS).content.decode()

    assert listing.index(page(older)) < listing.index(page(acknowledged))
