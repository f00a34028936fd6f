"""Submission pages and API: data officers send and fix, other agencies get 404, roles not
allowed get 403, analysts see counts only, the history page pins its queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.submissions.models import (
    PartnershipRecord,
    QuarantinedSubmissionRow,
    Submission,
    SubmissionSchedule,
)
from concord.submissions.services import last_quarter
from concord.submissions.tests.conftest import member
from concord.submissions.tests.files import csv_bytes, row

pytestmark = pytest.mark.django_db

FILE = csv_bytes([row("R1"), row("R2", outcome="shrug")])


def upload(client, content=FILE, name="incidents.csv"):
    return client.post(
        reverse("submissions:list"),
        {
            "kind": "incident",
            "quarter": str(last_quarter()),
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
        follow=True,
    )


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def sent(signed_in, police_data) -> Submission:
    upload(signed_in(police_data))
    return Submission.objects.get()


def test_a_data_officer_sends_a_file_and_fixes_a_row(signed_in, police_data):
    client = signed_in(police_data)

    page = upload(client).content.decode()

    assert "Accepted: 1 new, 0 updated, 0 unchanged, 1 kept back for checking." in page
    assert "outcome: &#39;shrug&#39; is not one of the codes" in page
    assert "Quillfeather" not in page
    submission, kept = Submission.objects.get(), QuarantinedSubmissionRow.objects.get()
    polled = client.get(reverse("submissions:progress", args=[submission.pk]))
    assert "Accepted: 1 new" in polled.content.decode()
    fix_url = reverse("submissions:fix-row", args=[submission.pk, kept.pk])
    form = client.get(fix_url).content.decode()
    assert "Quillfeather" in form  # the sender sees the values to fix them
    values = {**row("R2"), "outcome": "charge"}
    del values["agency"], values["schema_version"]

    assert client.post(fix_url, values).status_code == 302
    assert PartnershipRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="submission.row_viewed").exists()


def test_a_data_officer_discards_a_row(signed_in, police_data, sent):
    kept = QuarantinedSubmissionRow.objects.get()
    client = signed_in(police_data)

    response = client.post(reverse("submissions:discard-row", args=[sent.pk, kept.pk]))

    assert response.status_code == 302
    assert QuarantinedSubmissionRow.objects.waiting().count() == 0


@pytest.mark.parametrize("who", ["police_data", "analyst"])
def test_data_officers_and_analysts_find_the_list_in_the_navigation(signed_in, who, request, sent):
    page = signed_in(request.getfixturevalue(who)).get(reverse("submissions:list"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Data submissions" in text and sent.filename in text
    assert ("Quarter the file covers" in text) is (who == "police_data")


def test_a_wrong_file_type_is_refused_on_the_form(signed_in, police_data):
    page = upload(signed_in(police_data), name="incidents.txt").content.decode()

    assert "The file must be a CSV file or an Excel (.xlsx) file" in page
    assert not Submission.objects.exists()


def test_another_agencys_data_officer_gets_404(signed_in, homes_data, sent):
    client = signed_in(homes_data)
    kept = QuarantinedSubmissionRow.objects.get()

    assert client.get(reverse("submissions:detail", args=[sent.pk])).status_code == 404
    assert client.get(reverse("submissions:fix-row", args=[sent.pk, kept.pk])).status_code == 404
    assert api(homes_data).get(f"/api/v1/submissions/{sent.pk}").status_code == 404


@pytest.mark.parametrize("who", ["idva", "manager_a", "commissioner", "reviewer"])
def test_roles_not_allowed_get_403(signed_in, who, request, sent):
    membership = request.getfixturevalue(who)
    client = signed_in(membership)

    assert client.get(reverse("submissions:list")).status_code == 403
    assert client.get(reverse("submissions:detail", args=[sent.pk])).status_code == 403
    assert client.get(reverse("submissions:history")).status_code == 403
    assert api(membership).get("/api/v1/submissions").status_code == 403


def test_an_analyst_sees_counts_but_cannot_send_or_fix(signed_in, analyst, sent):
    client = signed_in(analyst)
    kept = QuarantinedSubmissionRow.objects.get()

    page = client.get(reverse("submissions:detail", args=[sent.pk])).content.decode()

    assert "1 kept back for checking" in page
    assert "shrug" not in page and "Fix" not in page
    assert upload(client).status_code == 403
    assert client.get(reverse("submissions:fix-row", args=[sent.pk, kept.pk])).status_code == 403
    detail = api(analyst).get(f"/api/v1/submissions/{sent.pk}").json()
    assert detail["rows_quarantined"] == 1 and detail["kept_back"] is None


def test_the_api_sends_a_file_and_shows_reasons_to_the_sender(police_data):
    client = api(police_data)

    response = client.post(
        "/api/v1/submissions",
        {"kind": "incident", "file": SimpleUploadedFile("incidents.csv", FILE)},
    )

    assert response.status_code == 201, response.content
    sent = response.json()
    assert (sent["status"], sent["rows_accepted"], sent["rows_quarantined"]) == ("accepted", 1, 1)
    detail = client.get(f"/api/v1/submissions/{sent['id']}").json()
    assert detail["kept_back"][0]["reasons"] == [
        "outcome: 'shrug' is not one of the codes for this column"
    ]
    assert "Quillfeather" not in str(detail)
    listed = client.get("/api/v1/submissions").json()
    assert [item["id"] for item in listed["items"]] == [sent["id"]]


def test_the_api_answers_bad_input_with_field_errors(police_data, analyst):
    response = api(police_data).post(
        "/api/v1/submissions",
        {"kind": "gossip", "file": SimpleUploadedFile("incidents.csv", FILE)},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "kind"
    refused = api(analyst).post(
        "/api/v1/submissions",
        {"kind": "incident", "file": SimpleUploadedFile("incidents.csv", FILE)},
    )
    assert refused.status_code == 403


def test_history_shows_expected_and_received_on_time_or_late(
    signed_in, police_data, analyst, agency_b, agency_c
):
    quarter = last_quarter()
    for agency in (agency_b, agency_c):
        SubmissionSchedule.objects.create(agency=agency, kind="incident", starts_on=quarter.first)
    upload(signed_in(police_data))
    late = quarter.last + timedelta(days=31)
    Submission.objects.update(
        received_at=timezone.make_aware(timezone.datetime(late.year, late.month, late.day))
    )

    page = signed_in(analyst).get(reverse("submissions:history")).content.decode()
    own = signed_in(police_data).get(reverse("submissions:history")).content.decode()

    assert "Received late" in page and agency_c.name in page
    assert "Received late" in own and agency_c.name not in own


def history_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("submissions:history")).status_code == 200
    return len(queries.captured_queries)


def test_history_page_pins_its_queries(signed_in, analyst, police_data, agency_b, agency_c):
    quarter = last_quarter()
    client = signed_in(analyst)
    SubmissionSchedule.objects.create(agency=agency_b, kind="incident", starts_on=quarter.first)
    upload(signed_in(police_data))
    few = history_queries(client)

    SubmissionSchedule.objects.create(agency=agency_c, kind="referral", starts_on=quarter.first)
    SubmissionSchedule.objects.create(agency=agency_c, kind="incident", starts_on=quarter.first)
    upload(signed_in(member(agency_c, police_data.role)), content=FILE.replace(b"police", b"homes"))

    assert history_queries(client) == few <= 12
