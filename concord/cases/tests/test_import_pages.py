"""Import pages: service managers upload, see results, fix or discard quarantined rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concord.cases.models import ImportBatch, QuarantinedRow
from concord.people.models import Person

pytestmark = pytest.mark.django_db

PEOPLE = b"record_id,given_name,family_name,date_of_birth\nP1,Sarah,Ahmed,1988-03-14\nP2,Born,Later,2099-01-01\n"


def upload(client, content=PEOPLE, name="people.csv"):
    return client.post(
        reverse("cases:imports"),
        {"kind": "people", "file": SimpleUploadedFile(name, content, content_type="text/csv")},
        follow=True,
    )


def test_a_manager_uploads_a_file_and_fixes_a_quarantined_row(signed_in, manager_a):
    client = signed_in(manager_a)

    page = upload(client).content.decode()

    assert "1 imported, 0 already there, 1 kept back for checking" in page
    batch = ImportBatch.objects.get()
    row = QuarantinedRow.objects.get()
    detail = client.get(reverse("cases:import-batch", args=[batch.pk])).content.decode()
    assert "Date of birth must be today or in the past" in detail
    fixed = client.post(
        reverse("cases:fix-row", args=[batch.pk, row.pk]),
        {
            "record_id": "P2",
            "given_name": "Born",
            "family_name": "Later",
            "date_of_birth": "1990-01-01",
        },
    )
    assert fixed.status_code == 302
    assert Person.objects.filter(family_name="Later").exists()
    row.refresh_from_db()
    assert row.resolved == "imported"


def test_a_fix_that_still_fails_says_why(signed_in, manager_a):
    client = signed_in(manager_a)
    upload(client)
    row = QuarantinedRow.objects.get()

    page = client.post(
        reverse("cases:fix-row", args=[row.batch_id, row.pk]),
        {
            "record_id": "P2",
            "given_name": "Born",
            "family_name": "Later",
            "date_of_birth": "2098-01-01",
        },
    ).content.decode()

    assert "Date of birth must be today or in the past" in page
    assert QuarantinedRow.objects.filter(resolved="").count() == 1


def test_a_row_can_be_discarded(signed_in, manager_a):
    client = signed_in(manager_a)
    upload(client)
    row = QuarantinedRow.objects.get()

    client.post(reverse("cases:discard-row", args=[row.batch_id, row.pk]))

    row.refresh_from_db()
    assert row.resolved == "discarded"


def test_an_upload_that_is_not_csv_is_refused(signed_in, manager_a):
    page = upload(signed_in(manager_a), name="people.xlsx").content.decode()

    assert "The file must be a CSV file" in page
    assert not ImportBatch.objects.exists()


def test_a_file_in_the_wrong_encoding_is_refused_with_advice(signed_in, manager_a):
    page = upload(
        signed_in(manager_a),
        content="record_id,given_name,family_name\nP1,Zoë,X\n".encode("cp1252"),
    ).content.decode()

    assert "save it as" in page
    assert not Person.objects.exists()


def test_imports_are_404_for_another_agency(signed_in, manager_a, manager_b):
    upload(signed_in(manager_a))
    batch = ImportBatch.objects.get()
    row = QuarantinedRow.objects.get()
    client = signed_in(manager_b)

    assert client.get(reverse("cases:import-batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("cases:fix-row", args=[batch.pk, row.pk])).status_code == 404
    assert client.post(reverse("cases:discard-row", args=[batch.pk, row.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["idva", "commissioner", "analyst", "agency_admin_a"])
def test_imports_are_403_for_other_roles(request, signed_in, manager_a, persona):
    upload(signed_in(manager_a))
    batch = ImportBatch.objects.get()
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("cases:imports")).status_code == 403
    assert client.get(reverse("cases:import-batch", args=[batch.pk])).status_code == 403
