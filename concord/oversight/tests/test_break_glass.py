"""Break-glass: a time-limited, reasoned read of another agency's record, only where the
partnership's policy allows it, audited, and alerted to that agency's managers at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from concord.cases.tests.factories import CaseFactory
from concord.core.models import AuditEvent
from concord.oversight import services
from concord.oversight.evaluation import evaluate_alert_rules
from concord.oversight.models import Alert, AlertKind, BreakGlass
from concord.oversight.tests.conftest import scope
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
BREAK_GLASS = reverse("oversight:break-glass")
EXPLANATION = "Police called at 2am: she is at risk tonight and Haven is closed."


@pytest.fixture
def allowed(settings):
    settings.BREAK_GLASS_ALLOWED = True


@pytest.fixture
def case_b(person_b):
    return CaseFactory(person=person_b, reference="POL-000042")


def ask(
    agency,
    reference: str = "POL-000042",
    reason: str = "immediate_risk",
    explanation: str = EXPLANATION,
) -> dict[str, str]:
    return {
        "agency": str(agency.pk),
        "case_reference": reference,
        "reason": reason,
        "explanation": explanation,
    }


def grant(idva, agency_b, **changes: str) -> BreakGlass:
    request = {
        "case_reference": "POL-000042",
        "reason": "immediate_risk",
        "explanation": EXPLANATION,
    } | changes
    return services.break_glass(idva, agency=agency_b, **request)


def test_break_glass_is_off_unless_the_policy_allows_it(signed_in, idva, agency_b, case_b):
    client = signed_in(idva)

    assert client.get(BREAK_GLASS).status_code == 403
    assert client.post(BREAK_GLASS, ask(agency_b)).status_code == 403
    assert BREAK_GLASS not in client.get(reverse("home")).content.decode()
    with pytest.raises(PermissionDenied):
        grant(idva, agency_b)
    assert not BreakGlass.objects.exists()


@pytest.mark.usefixtures("allowed")
@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_roles_without_case_work_get_403(signed_in, persona, request, idva, agency_b, case_b):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(BREAK_GLASS).status_code == 403
    assert client.post(BREAK_GLASS, ask(agency_b)).status_code == 403
    assert (
        client.get(reverse("oversight:broken-glass", args=[grant(idva, agency_b).pk])).status_code
        == 403
    )


@pytest.mark.usefixtures("allowed")
def test_a_reason_and_an_explanation_are_needed(signed_in, idva, agency_b, case_b):
    response = signed_in(idva).post(BREAK_GLASS, ask(agency_b, reason="", explanation="urgent"))

    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Select why you need to see this record now" in body
    assert not BreakGlass.objects.exists()
    with pytest.raises(ValidationError) as error:
        grant(idva, agency_b, explanation="urgent")
    assert "explanation" in error.value.message_dict


@pytest.mark.usefixtures("allowed")
def test_an_unknown_reference_is_refused_and_the_refusal_audited(signed_in, idva, agency_b, case_b):
    response = signed_in(idva).post(BREAK_GLASS, ask(agency_b, reference="POL-999999"))

    assert (
        "There is no case with that reference that break-glass can open"
        in response.content.decode()
    )
    assert not BreakGlass.objects.exists()
    assert AuditEvent.objects.filter(action="break_glass.refused", actor=idva.user).exists()


@pytest.mark.usefixtures("allowed")
def test_a_restricted_record_cannot_be_opened_by_break_glass(idva, agency_b, case_b, person_b):
    person_b.is_restricted = True
    person_b.save()

    with pytest.raises(ValidationError):
        grant(idva, agency_b)


@pytest.mark.usefixtures("allowed")
def test_ones_own_agency_is_not_offered(signed_in, idva, agency_a):
    CaseFactory(person=PersonFactory(agency=agency_a), reference="HAV-1")

    response = signed_in(idva).post(BREAK_GLASS, ask(agency_a, reference="HAV-1"))

    assert "govuk-error-summary" in response.content.decode()
    assert not BreakGlass.objects.exists()


@pytest.mark.usefixtures("allowed")
def test_breaking_the_glass_opens_the_record_for_an_hour_audited_and_alerted_at_once(
    signed_in, idva, manager_a, manager_b, agency_b, case_b, person_b
):
    client = signed_in(idva)

    response = client.post(BREAK_GLASS, ask(agency_b))

    found = BreakGlass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:broken-glass", args=[found.pk])
    assert found.expires_at - found.granted_at == timedelta(minutes=60)
    record = client.get(response["Location"]).content.decode()
    assert str(person_b) in record and "POL-000042" in record
    actions = list(
        AuditEvent.objects.filter(actor=idva.user, object_id=str(person_b.pk)).values_list(
            "action", "reason"
        )
    )
    assert actions == [
        ("break_glass.granted", "immediate_risk"),
        ("person.viewed_through_break_glass", ""),
    ]
    alert = Alert.objects.get(kind=AlertKind.BREAK_GLASS)
    assert (alert.agency, alert.subject, alert.subject_agency) == (agency_b, idva.user, idva.agency)
    owning = signed_in(manager_b)
    assert idva.user.full_name in owning.get(reverse("oversight:alerts")).content.decode()
    assert EXPLANATION in owning.get(reverse("oversight:alert", args=[alert.pk])).content.decode()
    assert signed_in(manager_a).get(reverse("oversight:alert", args=[alert.pk])).status_code == 404


@pytest.mark.usefixtures("allowed")
def test_the_record_closes_when_the_time_is_up(signed_in, idva, agency_b, case_b):
    found = grant(idva, agency_b)
    BreakGlass.objects.filter(pk=found.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = signed_in(idva).get(reverse("oversight:broken-glass", args=[found.pk]))

    assert response.status_code == 404


@pytest.mark.usefixtures("allowed")
def test_the_grant_is_the_users_own(signed_in, idva, manager_a, police_rep, agency_b, case_b):
    address = reverse("oversight:broken-glass", args=[grant(idva, agency_b).pk])

    assert signed_in(manager_a).get(address).status_code == 404
    assert signed_in(police_rep).get(address).status_code == 404


@pytest.mark.usefixtures("allowed")
def test_break_glass_opens_no_other_page_of_the_record(signed_in, idva, agency_b, case_b, person_b):
    grant(idva, agency_b)

    assert signed_in(idva).get(reverse("people:detail", args=[person_b.pk])).status_code == 404


@pytest.mark.usefixtures("allowed")
def test_the_grant_lasts_the_configured_minutes_and_no_longer(
    settings, clock, idva, agency_b, case_b
):
    settings.BREAK_GLASS_MINUTES = 15
    found = grant(idva, agency_b)

    clock.set(minutes=14)
    assert scope(idva).broken_glass(found.pk) == found
    clock.set(minutes=15)
    with pytest.raises(Http404):
        scope(idva).broken_glass(found.pk)


@pytest.mark.usefixtures("allowed")
def test_reads_through_break_glass_count_towards_many_records(clock, idva, agency_b):
    grants = [
        grant(
            idva,
            agency_b,
            case_reference=CaseFactory(person=PersonFactory(agency=agency_b)).reference,
        )
        for _ in range(21)
    ]
    for minute, found in enumerate(grants):
        clock.set(minutes=minute / 4)
        scope(idva).broken_glass(found.pk)

    evaluate_alert_rules(now=clock.later())

    alert = Alert.objects.get(kind=AlertKind.MANY_RECORDS)
    assert (alert.agency, alert.subject) == (idva.agency, idva.user)


def test_a_grant_made_while_allowed_closes_when_the_policy_is_turned_off(
    settings, signed_in, idva, agency_b, case_b
):
    settings.BREAK_GLASS_ALLOWED = True
    address = reverse("oversight:broken-glass", args=[grant(idva, agency_b).pk])
    client = signed_in(idva)
    assert BREAK_GLASS in client.get(reverse("home")).content.decode()

    settings.BREAK_GLASS_ALLOWED = False

    assert client.get(address).status_code == 403
