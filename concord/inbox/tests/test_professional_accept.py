"""A professional's referral in the help point's hands: what the inbox shows of it, the
download of its files (the help point's workers only: 404 at another agency, 403 for a
role not allowed, audited, as an attachment never kept), and what accepting it into a
case carries over (the DASH answers as a finished assessment, the files as documents)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.models import Document
from concord.core.models import AuditEvent
from concord.inbox import professional, services
from concord.inbox.models import OnlineReferral
from concord.inbox.tests import test_professional as shared
from concord.risk.models import AssessmentStatus, RiskAssessment

pytestmark = pytest.mark.django_db

# The form's tests' fixtures, shared.
checklists = shared.checklists
stored = shared.stored
online_help_point = shared.online_help_point
ric = shared.ric
PDF, PNG, answers_of, upload = shared.PDF, shared.PNG, shared.answers_of, shared.upload

DETAILS = {
    "referrer_name": "PC Nia Rowe",
    "referrer_role": "Police officer",
    "referrer_agency": "City Police",
    "referral_source": "police",
    "referrer_email": "n.rowe@police.example",
    "name": "Marisol",
    "contact_method": "call",
    "phone": "07700 900123",
    "danger_now": "not_sure",
    "consent_given": False,
    "safeguarding_basis": "serious_risk_of_harm",
    "safeguarding_reason": "Threats to kill made last night.",
}


def refer(service, risk=None, files=()):
    return professional.submit_referral(
        service, DETAILS, risk or professional.RiskChecklist(), list(files)
    )


@pytest.fixture
def with_answers(online_help_point, ric):
    return refer(
        online_help_point,
        professional.RiskChecklist(ric, answers_of(ric, yes=15)),
        [upload(PDF, "Police report.pdf"), upload(PNG, "Injury photo.png")],
    )


@pytest.fixture
def case(idva, person_a, online_help_point):
    return case_services.open_case(
        idva.user,
        person_a,
        online_help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(hours=1),
    )


# Accepting into a case --------------------------------------------------------------------


def test_accepting_makes_the_answers_a_finished_assessment_and_the_files_documents(
    idva, with_answers, case, ric
):
    professional.on_accept(idva.user, with_answers, case)
    assessment = RiskAssessment.objects.get(case=case)
    assert assessment.status == AssessmentStatus.FINISHED
    assert (assessment.instrument, assessment.reason, assessment.score) == (ric, "first", 15)
    assert assessment.level == "high"
    assert assessment.answers == with_answers.risk_answers
    assert assessment.assessed_by == idva.user
    documents = list(Document.objects.filter(case=case).order_by("title"))
    assert [(d.title, d.kind, d.size) for d in documents] == [
        ("From the referral: Injury photo.png", "png", len(PNG)),
        ("From the referral: Police report.pdf", "pdf", len(PDF)),
    ]
    assert {d.uploaded_by for d in documents} == {idva.user}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "online_referral.assessment_carried",
        "online_referral.files_carried",
        "risk.assessment_finished",
        "document.added",
    } <= actions


def test_a_score_alone_makes_no_assessment(idva, online_help_point, case, ric):
    referral = refer(online_help_point, professional.RiskChecklist(ric, None, 9))
    professional.on_accept(idva.user, referral, case)
    assert not RiskAssessment.objects.filter(case=case).exists()
    assert not Document.objects.filter(case=case).exists()


def test_answers_to_a_checklist_no_longer_in_use_stay_on_the_referral(
    idva, with_answers, case, ric
):
    ric.active = False
    ric.save(update_fields=["active"])
    professional.on_accept(idva.user, with_answers, case)
    assert not RiskAssessment.objects.filter(case=case).exists()
    assert AuditEvent.objects.filter(action="online_referral.assessment_not_carried").exists()
    assert Document.objects.filter(case=case).count() == 2


def test_a_file_gone_from_the_disk_is_left_out_and_audited(idva, with_answers, case, stored):
    gone = with_answers.files.get(kind="png")
    (stored / gone.stored_name).unlink()
    professional.on_accept(idva.user, with_answers, case)
    assert [d.kind for d in Document.objects.filter(case=case)] == ["pdf"]
    event = AuditEvent.objects.get(action="online_referral.files_not_carried")
    assert event.reason == "1 file(s) missing from the disk"


def test_a_self_referral_brings_nothing(idva, with_answers, case):
    OnlineReferral.objects.filter(pk=with_answers.pk).update(kind="self")
    with_answers.refresh_from_db()
    professional.on_accept(idva.user, with_answers, case)
    assert not RiskAssessment.objects.filter(case=case).exists()
    assert not Document.objects.filter(case=case).exists()


# What the inbox shows ---------------------------------------------------------------------


def test_the_inbox_shows_the_referrer_the_basis_the_answers_and_the_files(
    with_answers, django_assert_max_num_queries
):
    referral = OnlineReferral.objects.select_related("risk_instrument").get(pk=with_answers.pk)
    with django_assert_max_num_queries(2):
        details = professional.professional_details(referral)
    page = render_to_string("inbox/_professional_details.html", {"professional": details})
    assert "PC Nia Rowe" in page and "City Police" in page and "Police officer" in page
    assert "Referred without the person&#39;s consent" in page
    assert "Serious risk of harm" in page and "Threats to kill" in page
    assert "DASH" in page and ">15<" in page
    assert page.count("govuk-table__row") == 25  # the header and 24 answers
    for file in referral.files.all():
        assert reverse("professional_referral:file", args=[file.pk]) in page
        assert file.title in page


def test_a_referral_with_consent_and_no_checklist_says_so(online_help_point):
    referral = refer(online_help_point)
    OnlineReferral.objects.filter(pk=referral.pk).update(consent_given=True)
    referral.refresh_from_db()
    page = render_to_string(
        "inbox/_professional_details.html",
        {"professional": professional.professional_details(referral)},
    )
    assert "The person agreed to this referral" in page
    assert "None given" in page and "Not given" in page
    assert "No files were attached" in page


# Downloading a file -----------------------------------------------------------------------


def test_a_help_point_worker_downloads_a_file_as_an_attachment(signed_in, idva, with_answers):
    file = with_answers.files.get(kind="pdf")
    response = signed_in(idva).get(reverse("professional_referral:file", args=[file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert with_answers.reference in disposition and "Police" not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="online_referral.file_downloaded")
    assert (event.actor_id, event.object_id) == (idva.user.pk, str(file.pk))


def test_another_agencys_worker_at_an_online_help_point_gets_404(
    signed_in, worker_c, agency_c, with_answers
):
    other = add_service(None, agency_c, name="Homes help point", kind=ServiceKind.HELP_POINT)
    other.takes_online_referrals = True
    other.save(update_fields=["takes_online_referrals"])
    file = with_answers.files.first()
    response = signed_in(worker_c).get(reverse("professional_referral:file", args=[file.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="online_referral.file_downloaded").exists()


@pytest.mark.parametrize("persona", ["commissioner", "police_rep", "worker_c"])
def test_roles_and_agencies_without_the_online_help_point_get_403(
    request, signed_in, persona, with_answers
):
    file = with_answers.files.first()
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(reverse("professional_referral:file", args=[file.pk])).status_code == 403


def test_an_agency_administrator_at_the_help_points_agency_gets_403(
    signed_in, with_answers, agency_admin_a
):
    file = with_answers.files.first()
    response = signed_in(agency_admin_a).get(reverse("professional_referral:file", args=[file.pk]))
    assert response.status_code == 403


def test_a_file_missing_from_the_disk_is_not_found(signed_in, idva, with_answers, stored):
    file = with_answers.files.first()
    (stored / file.stored_name).unlink()
    response = signed_in(idva).get(reverse("professional_referral:file", args=[file.pk]))
    assert response.status_code == 404


def test_signed_out_the_download_asks_to_sign_in(client, with_answers):
    file = with_answers.files.first()
    response = client.get(reverse("professional_referral:file", args=[file.pk]))
    assert response.status_code == 302
    assert str(file.pk) not in response["Location"].split("next=")[0]


# The demo ---------------------------------------------------------------------------------


def test_the_demo_referral_is_in_the_online_help_points_inbox_once(online_help_point, ric):
    from concord.demo.professional_referral import record_demo_professional_referral

    first = record_demo_professional_referral()
    again = record_demo_professional_referral()
    assert first is not None and again == first
    referral = OnlineReferral.objects.get()
    assert (referral.service, referral.kind, referral.status) == (
        online_help_point,
        "professional",
        "new",
    )
    assert (referral.risk_instrument, referral.risk_score) == (ric, 15)


def test_the_inbox_accepting_a_professional_referral_opens_the_case_with_its_checklist(
    idva, with_answers, ric
):
    case = services.accept(idva.user, with_answers, given_name="Marisol", family_name="Reyes")
    assert (case.method_of_access, case.referral_source) == ("professional_referral", "police")
    assessment = RiskAssessment.objects.get(case=case)
    assert (assessment.status, assessment.score) == (AssessmentStatus.FINISHED, 15)
    assert Document.objects.filter(case=case).count() == 2
