"""The data-protection pages: a service manager's retention review and the subject access
export; agency scope (404), roles (403), bad input and what an export holds."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.cases import services as case_services
from concord.core.models import AuditEvent
from concord.dataprotection import retention
from concord.dataprotection.models import RetentionReview, ReviewStatus
from concord.dataprotection.tests.conftest import end_long_ago
from concord.people.services import relate, set_contact_safety, update_person
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

RETENTION = reverse("dataprotection:retention")
NOT_ALLOWED = ["idva", "commissioner", "analyst", "agency_admin_a", "system_admin"]


def access(person, download=False, include=False):
    name = "subject-access-download" if download else "subject-access"
    url = reverse(f"dataprotection:{name}", args=[person.pk])
    return url + ("?include_third_parties=on" if include else "")


@pytest.fixture
def due(manager_a, sarahs_case):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    retention.list_due(timezone.localdate())
    return RetentionReview.objects.get()


@pytest.fixture
def darren(idva, person_a, help_point):
    """Another person at Haven, Sarah's ex-partner, with a case of his own."""
    other = PersonFactory(agency=person_a.agency, given_name="Darren", family_name="Cole")
    relate(idva.user, person_a, other, "ex_partner")
    case = case_services.open_case(
        idva.user,
        other,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=5),
    )
    case_services.record_contact(
        idva.user,
        case,
        channel="call",
        initiated_by="victim",
        occurred_at=timezone.now() - timedelta(days=1),
        notes="Darren's own appointment at the probation office",
    )
    return other


# Retention review ----------------------------------------------------------------------------


def test_a_manager_sees_who_is_due_and_approves_them(signed_in, manager_a, due):
    client = signed_in(manager_a)
    page = client.get(RETENTION).content.decode()
    assert "Sarah Ahmed" in page

    response = client.post(RETENTION, {"reviews": [str(due.pk)], "decision": "approve"})

    assert response.status_code == 302
    due.refresh_from_db()
    assert (due.status, due.decided_by) == (ReviewStatus.APPROVED, manager_a.user)
    assert AuditEvent.objects.filter(action="retention.approved", object_id=str(due.person_id))
    assert "Sarah Ahmed" not in client.get(RETENTION).content.decode()


def test_the_review_page_reads_the_same_number_of_queries_for_more_people(
    signed_in, manager_a, due
):
    client = signed_in(manager_a)
    with CaptureQueriesContext(connection) as one:
        client.get(RETENTION)
    for number in range(4):
        other = PersonFactory(agency=manager_a.agency, given_name=f"Person{number}")
        RetentionReview.objects.create(
            agency=manager_a.agency, person=other, listed_on=due.listed_on
        )
    with CaptureQueriesContext(connection) as five:
        body = client.get(RETENTION).content.decode()

    assert "Person3" in body
    assert len(five.captured_queries) == len(one.captured_queries)


def test_a_hold_needs_a_reason(signed_in, manager_a, due):
    response = signed_in(manager_a).post(RETENTION, {"reviews": [str(due.pk)], "decision": "hold"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter why the records are held" in body
    due.refresh_from_db()
    assert due.status == ReviewStatus.DUE


def test_nothing_chosen_is_an_error(signed_in, manager_a, due):
    body = signed_in(manager_a).post(RETENTION, {}).content.decode()

    assert "Select at least one person" in body
    assert "Select whether to approve or hold" in body


def test_another_agencys_manager_neither_sees_nor_decides_the_review(signed_in, manager_b, due):
    client = signed_in(manager_b)
    assert "Sarah" not in client.get(RETENTION).content.decode()

    response = client.post(RETENTION, {"reviews": [str(due.pk)], "decision": "approve"})

    assert response.status_code == 200  # not a choice on their page
    due.refresh_from_db()
    assert due.status == ReviewStatus.DUE


@pytest.mark.parametrize("persona", NOT_ALLOWED)
def test_roles_other_than_a_manager_get_403_for_the_review(request, signed_in, persona, due):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(RETENTION).status_code == 403
    response = client.post(RETENTION, {"reviews": [str(due.pk)], "decision": "approve"})
    assert response.status_code == 403
    due.refresh_from_db()
    assert due.status == ReviewStatus.DUE


# Subject access -------------------------------------------------------------------------------


def exported(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def test_an_export_holds_every_kind_of_record_and_nobody_elses(
    signed_in, manager_a, person_a, sarahs_case, darren
):
    set_contact_safety(manager_a.user, person_a, safe_phone="07700 900123")
    update_person(
        manager_a.user, person_a, reason="Misspelt", given_name="Sarah", family_name="Ahmad"
    )

    response = signed_in(manager_a).get(access(person_a, download=True))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Sarah" not in response["Content-Disposition"]
    files = exported(response)
    assert set(files) == {"report.html", "records.csv", "redactions.csv"}
    records = files["records.csv"]
    for kind in (
        "Personal details",
        "Case",
        "Contact",
        "Risk assessment",
        "Referral",
        "MARAC referral",
        "Contact safety",
        "Correction",
        "Relationship",
    ):
        assert f"\n{kind}," in records
    assert "Sarah Ahmad" in records
    assert "Misspelt" in records
    assert "she is staying with her mother" in records
    assert "Riverford Housing Options" in records
    assert "Strangled last week" in records
    assert response["Cache-Control"].startswith("max-age=0")
    assert "07700 900123" in records
    for text in files.values():
        assert "Darren" not in text
        assert "probation office" not in text
        assert "Amir" not in text
    assert "Who the victim fears" in files["redactions.csv"]
    assert "Other person" in files["redactions.csv"]
    assert "Who the victim fears" in files["report.html"]
    event = AuditEvent.objects.filter(action="person.subject_access_read").get()
    assert (event.actor, event.object_id) == (manager_a.user, str(person_a.pk))


def test_the_reviewer_may_include_third_parties(
    signed_in, manager_a, person_a, sarahs_case, darren
):
    records = exported(signed_in(manager_a).get(access(person_a, download=True, include=True)))

    assert "Darren Cole" in records["records.csv"]
    assert "probation office" not in records["records.csv"]  # his own records never


def test_the_export_page_lists_the_records_and_what_is_withheld(
    signed_in, manager_a, person_a, sarahs_case
):
    body = signed_in(manager_a).get(access(person_a)).content.decode()

    assert "Subject access request: Sarah Ahmed" in body
    assert "Strangled last week" in body
    assert "Withheld: details about other people" in body
    assert "Darren" not in body


def test_the_person_page_links_to_the_export_for_a_manager_only(
    signed_in, manager_a, idva, person_a
):
    detail = reverse("people:detail", args=[person_a.pk])

    assert access(person_a) in signed_in(manager_a).get(detail).content.decode()
    assert access(person_a) not in signed_in(idva).get(detail).content.decode()


@pytest.mark.parametrize("download", [False, True])
def test_another_agencys_manager_gets_404_for_an_export(signed_in, manager_b, person_a, download):
    response = signed_in(manager_b).get(access(person_a, download=download))

    assert response.status_code == 404
    assert "Sarah" not in response.content.decode()


@pytest.mark.parametrize("persona", NOT_ALLOWED)
@pytest.mark.parametrize("download", [False, True])
def test_roles_other_than_a_manager_get_403_for_an_export(
    request, signed_in, persona, person_a, download
):
    response = signed_in(request.getfixturevalue(persona)).get(access(person_a, download=download))

    assert response.status_code == 403
    assert "Sarah" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.subject_access_read").exists()
