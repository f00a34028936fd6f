"""Information-sharing agreements: whether an agency's submissions are covered on a day, the
register kept by the partnership manager and analysts, read by data officers, and the
coverage shown on the partnership data pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concord.accounts.roles import Role
from concord.core.models import AuditEvent
from concord.submissions import agreements
from concord.submissions.models import SharingAgreement, Signatory, SubmissionSchedule
from concord.submissions.services import last_quarter
from concord.submissions.tests.conftest import member
from concord.submissions.tests.test_pages import upload

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture
def agreement(partnership_manager) -> SharingAgreement:
    return agreements.save_agreement(
        partnership_manager,
        title="Police data sharing",
        purpose="Incidents for the partnership's figures",
        lawful_basis="UK GDPR 6(1)(e)",
        kinds=["incident", "court_outcome"],
        starts_on=date(2025, 4, 1),
        review_on=date(2027, 5, 1),
    )


@pytest.fixture
def police_signed(partnership_manager, agreement, agency_b) -> Signatory:
    return agreements.add_signatory(
        partnership_manager,
        agreement,
        agency=agency_b,
        signed_on=date(2025, 4, 10),
        signed_by="Chief Constable",
        today=TODAY,
    )


def test_a_signed_agreement_covers_its_kinds_while_in_force(agency_b, police_signed, agreement):
    assert agreements.covered(agency_b, "incident", TODAY)
    assert agreements.covering_agreement(agency_b, "incident", TODAY) == agreement
    assert not agreements.covered(agency_b, "referral", TODAY)  # a kind it does not name
    assert not agreements.covered(agency_b, "incident", date(2025, 4, 9))  # before signing


def test_an_agency_that_has_not_signed_is_not_covered(agency_c, police_signed):
    assert not agreements.covered(agency_c, "incident", TODAY)


def test_withdrawing_ends_coverage_from_that_day(partnership_manager, agency_b, police_signed):
    agreements.withdraw_signatory(
        partnership_manager, police_signed, withdrawn_on=date(2026, 5, 1), today=TODAY
    )

    assert agreements.covered(agency_b, "incident", date(2026, 4, 30))
    assert not agreements.covered(agency_b, "incident", date(2026, 5, 1))
    assert AuditEvent.objects.filter(action="submissions.agreement_withdrawn").exists()


def test_an_ended_agreement_no_longer_covers(
    partnership_manager, agency_b, police_signed, agreement
):
    agreements.save_agreement(
        partnership_manager,
        agreement,
        title=agreement.title,
        purpose=agreement.purpose,
        lawful_basis="",
        kinds=agreement.kinds,
        starts_on=agreement.starts_on,
        review_on=agreement.review_on,
        ends_on=date(2026, 3, 31),
    )

    assert agreements.covered(agency_b, "incident", date(2026, 3, 31))
    assert not agreements.covered(agency_b, "incident", date(2026, 4, 1))


def test_an_agreement_past_its_review_still_covers_and_says_so(agency_b, police_signed, agreement):
    later = date(2027, 6, 1)

    assert agreements.covered(agency_b, "incident", later)
    assert agreements.review_overdue(agreement, later)


def test_bad_agreements_are_refused_with_field_errors(partnership_manager):
    with pytest.raises(ValidationError) as refused:
        agreements.save_agreement(
            partnership_manager,
            title=" ",
            purpose="",
            lawful_basis="",
            kinds=["nonsense"],
            starts_on=date(2026, 4, 1),
            review_on=date(2026, 3, 1),
            ends_on=date(2026, 1, 1),
        )

    assert set(refused.value.message_dict) == {"title", "purpose", "kinds", "review_on", "ends_on"}
    assert not SharingAgreement.objects.exists()


def test_an_agency_signs_once_and_not_in_the_future(
    partnership_manager, agreement, agency_b, police_signed
):
    with pytest.raises(ValidationError) as refused:
        agreements.add_signatory(
            partnership_manager,
            agreement,
            agency=agency_b,
            signed_on=TODAY + timedelta(days=1),
            signed_by="",
            today=TODAY,
        )

    assert set(refused.value.message_dict) == {"agency", "signed_on", "signed_by"}
    assert Signatory.objects.count() == 1


def test_a_data_officer_cannot_keep_the_register(agreement, police_data_officer):
    with pytest.raises(ValidationError):
        agreements.save_agreement(
            police_data_officer, title="x", purpose="x", lawful_basis="", kinds=["incident"],
            starts_on=TODAY, review_on=TODAY + timedelta(days=1),
        )  # fmt: skip


@pytest.fixture
def police_data_officer(agency_b):
    return member(agency_b, Role.DATA_OFFICER)


# Pages ----------------------------------------------------------------------------------------


def test_the_history_shows_who_is_covered_and_who_is_not(
    signed_in, analyst, agency_b, agency_c, agreement, partnership_manager
):
    today = timezone.localdate()
    agreements.add_signatory(
        partnership_manager, agreement, agency=agency_b, signed_on=date(2025, 4, 10),
        signed_by="Chief Constable", today=today,
    )  # fmt: skip
    starts = last_quarter().first
    SubmissionSchedule.objects.create(agency=agency_b, kind="incident", starts_on=starts)
    SubmissionSchedule.objects.create(agency=agency_c, kind="incident", starts_on=starts)

    page = signed_in(analyst).get(reverse("submissions:history")).content.decode()

    assert "Sharing agreement" in page
    assert "Covered by Police data sharing (review due 1 May 2027)" in page
    assert "Not covered" in page


def test_a_submissions_page_says_whether_it_is_covered(
    signed_in, police_data, agreement, police_signed
):
    page = upload(signed_in(police_data)).content.decode()

    assert "Covered by Police data sharing" in page


def test_the_manager_adds_an_agreement_and_a_signature_through_the_pages(
    signed_in, partnership_manager, agency_b
):
    client = signed_in(partnership_manager)
    response = client.post(
        reverse("submissions:agreements-new"),
        {
            "title": "Health sharing",
            "purpose": "Referrals",
            "kinds": ["referral"],
            "starts_on-day": "1", "starts_on-month": "4", "starts_on-year": "2026",
            "review_on-day": "1", "review_on-month": "4", "review_on-year": "2027",
        },
    )  # fmt: skip
    assert response.status_code == 302
    agreement = SharingAgreement.objects.get()

    today = timezone.localdate()
    response = client.post(
        reverse("submissions:agreement-sign", args=[agreement.pk]),
        {
            "agency": str(agency_b.pk),
            "signed_by": "Director of Public Health",
            "signed_on-day": str(today.day),
            "signed_on-month": str(today.month),
            "signed_on-year": str(today.year),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("submissions:agreement", args=[agreement.pk])).content.decode()
    assert "Director of Public Health" in page


def test_a_bad_agreement_form_shows_the_error_summary(signed_in, analyst):
    page = signed_in(analyst).post(reverse("submissions:agreements-new"), {"title": "X"})

    text = page.content.decode()
    assert "govuk-error-summary" in text
    assert "Select the kinds of submission the agreement covers" in text
    assert not SharingAgreement.objects.exists()


def test_a_data_officer_reads_the_register_but_cannot_change_it(
    signed_in, police_data, agreement, police_signed
):
    client = signed_in(police_data)

    assert client.get(reverse("submissions:agreements")).status_code == 200
    assert client.get(reverse("submissions:agreement", args=[agreement.pk])).status_code == 200
    assert client.get(reverse("submissions:agreements-new")).status_code == 403
    withdraw = reverse("submissions:agreement-withdraw", args=[police_signed.pk])
    assert client.post(withdraw, {}).status_code == 403


@pytest.mark.parametrize("who", ["idva", "manager_a", "commissioner", "board_member"])
def test_roles_not_allowed_get_403(signed_in, request, who, agreement):
    client = signed_in(request.getfixturevalue(who))

    assert client.get(reverse("submissions:agreements")).status_code == 403
    assert client.get(reverse("submissions:agreement", args=[agreement.pk])).status_code == 403


def test_an_agreement_that_does_not_exist_is_404(signed_in, analyst):
    url = reverse("submissions:agreement", args=["00000000-0000-0000-0000-000000000000"])

    assert signed_in(analyst).get(url).status_code == 404


def test_the_register_and_history_read_in_a_fixed_number_of_queries(
    signed_in, analyst, partnership_manager, agency_b, django_assert_max_num_queries
):
    for n in range(4):
        found = agreements.save_agreement(
            partnership_manager, title=f"Agreement {n}", purpose="x", lawful_basis="",
            kinds=["incident"], starts_on=date(2025, 4, 1), review_on=date(2027, 4, 1),
        )  # fmt: skip
        agreements.add_signatory(
            partnership_manager, found, agency=agency_b, signed_on=date(2025, 4, 2),
            signed_by="x", today=TODAY,
        )  # fmt: skip
    client = signed_in(analyst)

    with django_assert_max_num_queries(10):
        assert client.get(reverse("submissions:agreements")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("submissions:history")).status_code == 200
