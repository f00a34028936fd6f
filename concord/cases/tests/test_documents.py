"""Documents on a case: the kinds taken, told by content (a .pdf that is really HTML or a
program is refused), the size limit, scope (404), roles (403), downloads only as
attachments and audited, and retention taking the file off the disk."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from concord.cases import documents
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Document
from concord.core import filetypes
from concord.core.models import AuditEvent
from concord.dataprotection import retention
from concord.dataprotection.models import RetentionReview
from concord.dataprotection.tests.conftest import end_long_ago

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
EXE = b"MZ\x90\x00" + b"\x00" * 60


def archive(*parts: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        for name, content in parts:
            made.writestr(name, content)
    return buffer.getvalue()


DOCX = archive(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"))
XLSX = archive(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>"))
PPTX = archive(("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>"))
ODT = archive(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>"))
DOCM = archive(
    ("[Content_Types].xml", b"<Types/>"),
    ("word/document.xml", b"<w:document/>"),
    ("word/vbaProject.bin", b"macro"),
)
PLAIN_ZIP = archive(("notes.txt", b"hello"))


def open_case(membership, person, service):
    case = case_services.open_case(
        membership.user, person, service, referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    return case_services.change_status(membership.user, case, CaseStatus.OPEN)


@pytest.fixture
def case(idva, person_a, help_point):
    return open_case(idva, person_a, help_point)


@pytest.fixture(autouse=True)
def stored(settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    return settings.DOCUMENTS_DIR


def upload(content: bytes, name: str = "letter.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (DOCX, "docx"), (XLSX, "xlsx"),
        (PPTX, "pptx"), (ODT, "odt"),
    ],
)  # fmt: skip
def test_each_kind_taken_is_told_by_its_content(content, kind):
    assert filetypes.kind_of(io.BytesIO(content)) == kind


@pytest.mark.parametrize("content", [HTML, EXE, PLAIN_ZIP, b"PK\x03\x04broken", b""])
def test_anything_else_is_not_taken_whatever_its_name(content):
    with pytest.raises(filetypes.NotAccepted):
        filetypes.kind_of(io.BytesIO(content))


def test_a_macro_enabled_office_file_is_refused():
    with pytest.raises(filetypes.NotAccepted, match="macros"):
        filetypes.kind_of(io.BytesIO(DOCM))


def test_a_document_is_uploaded_stored_outside_the_web_root_and_listed(
    signed_in, idva, case, stored
):
    client = signed_in(idva)
    response = client.post(
        reverse("cases:add-document", args=[case.pk]),
        {"title": "Letter from the council", "file": upload(PDF, "Sarah Ahmed letter.pdf")},
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.kind, document.size, document.uploaded_by) == ("pdf", len(PDF), idva.user)
    assert (stored / document.stored_name).read_bytes() == PDF
    assert "Sarah" not in document.stored_name
    page = client.get(reverse("cases:documents", args=[case.pk])).content.decode()
    assert "Letter from the council" in page and "PDF" in page
    added = AuditEvent.objects.get(action="document.added")
    assert added.object_id == str(document.pk)


@pytest.mark.parametrize("content", [HTML, EXE])
def test_a_pdf_that_is_really_html_or_a_program_is_refused(signed_in, idva, case, content):
    response = signed_in(idva).post(
        reverse("cases:add-document", args=[case.pk]),
        {"title": "Letter", "file": upload(content, "letter.pdf", "application/pdf")},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "The file must be a PDF" in body
    assert not Document.objects.exists()


def test_a_file_over_the_size_limit_is_refused_and_not_stored(
    signed_in, idva, case, settings, stored
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = signed_in(idva).post(
        reverse("cases:add-document", args=[case.pk]),
        {"title": "Scan", "file": upload(PDF + b" " * (1024 * 1024))},
    )

    assert "The file must be smaller than 1 MB" in response.content.decode()
    assert not Document.objects.exists()
    assert not stored.exists() or not any(stored.iterdir())


def test_a_download_is_an_audited_attachment_with_a_name_without_personal_data(
    signed_in, idva, case
):
    document = documents.add_document(idva.user, case, upload=upload(PDF), title="Letter")

    response = signed_in(idva).get(reverse("cases:download-document", args=[case.pk, document.pk]))

    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="{case.reference}-{document.pk.hex[:8]}.pdf"' in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    downloaded = AuditEvent.objects.get(action="document.downloaded")
    assert (downloaded.actor, downloaded.object_id) == (idva.user, str(document.pk))


def test_document_pages_are_404_for_another_agency(signed_in, idva, police_rep, case):
    document = documents.add_document(idva.user, case, upload=upload(PDF), title="Letter")
    client = signed_in(police_rep)

    for url in (
        reverse("cases:documents", args=[case.pk]),
        reverse("cases:add-document", args=[case.pk]),
        reverse("cases:download-document", args=[case.pk, document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_a_document_of_another_case_is_404_through_this_case(
    signed_in, idva, case, help_point, person_a
):
    other = open_case(idva, person_a, help_point)
    document = documents.add_document(idva.user, other, upload=upload(PDF), title="Letter")

    url = reverse("cases:download-document", args=[case.pk, document.pk])
    assert signed_in(idva).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_document_pages_are_403_for_roles_without_case_data(
    request, signed_in, idva, persona, case
):
    document = documents.add_document(idva.user, case, upload=upload(PDF), title="Letter")
    client = signed_in(request.getfixturevalue(persona))

    for url in (
        reverse("cases:documents", args=[case.pk]),
        reverse("cases:add-document", args=[case.pk]),
        reverse("cases:download-document", args=[case.pk, document.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_retention_deletes_the_documents_and_their_files(
    idva, manager_a, case, stored, django_capture_on_commit_callbacks
):
    document = documents.add_document(idva.user, case, upload=upload(PNG), title="Photo")
    path = stored / document.stored_name
    end_long_ago(case, date(2019, 3, 1))
    today = date(2026, 12, 6)
    retention.list_due(today)
    retention.decide(
        manager_a.user, manager_a.agency, RetentionReview.objects.all(), approve=True, reason=""
    )

    with django_capture_on_commit_callbacks(execute=True):
        retention.anonymise_approved(today)

    assert not Document.objects.exists()
    assert not path.exists()
