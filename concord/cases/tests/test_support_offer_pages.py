"""Recording offers of support and their answers on the case page, and the IDVA flag."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import SupportOffer
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(idva, person_a):
    return services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency),
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )


@pytest.fixture
def offer(idva, case):
    return services.offer_support(idva.user, case, kind="casework", offered_on=date(2026, 11, 3))


def answer_url(case, offer):
    return reverse("cases:answer-offer", args=[case.pk, offer.pk])


def test_an_offer_is_recorded_and_answered_from_the_case_page(signed_in, idva, case):
    client = signed_in(idva)

    response = client.post(
        reverse("cases:offer-support", args=[case.pk]),
        {"kind": "idva", **date_parts("offered_on", "2026-11-03")},
    )
    assert response.status_code == 302
    offer = SupportOffer.objects.get(case=case)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "IDVA support" in page
    assert "Awaiting an answer" in page
    assert answer_url(case, offer) in page

    response = client.post(
        answer_url(case, offer),
        {"answer": "not_contactable", **date_parts("answered_on", "2026-11-20")},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.answer, offer.answered_on) == ("not_contactable", date(2026, 11, 20))
    assert offer.answer_recorded_by == idva.user
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Not contactable" in page
    assert "Offered: IDVA support" in page  # on the timeline, with the answer
    assert "Answer to the offer of idva support: not contactable" in page
    assert answer_url(case, offer) not in page  # answered once
    assert AuditEvent.objects.filter(action="case.support_answered", actor=idva.user).exists()


def test_form_errors_show_in_the_error_summary(signed_in, idva, case, offer):
    client = signed_in(idva)

    missing = client.post(reverse("cases:offer-support", args=[case.pk]), {}).content.decode()
    assert "govuk-error-summary" in missing
    assert "Select the support offered" in missing
    assert 'href="#id_kind"' in missing
    early = client.post(
        answer_url(case, offer), {"answer": "accepted", **date_parts("answered_on", "2026-11-01")}
    ).content.decode()
    assert "The answer cannot be before the offer" in early
    twice = client.post(
        reverse("cases:offer-support", args=[case.pk]),
        {"kind": "casework", **date_parts("offered_on", "2026-11-04")},
    ).content.decode()
    assert "already offered and awaiting an answer" in twice
    assert SupportOffer.objects.count() == 1


def test_a_future_offer_or_one_before_the_referral_is_refused(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:offer-support", args=[case.pk])

    future = client.post(
        url, {"kind": "group", **date_parts("offered_on", "2099-01-01")}
    ).content.decode()
    early = client.post(
        url, {"kind": "group", **date_parts("offered_on", "2026-10-01")}
    ).content.decode()

    assert "The date of the offer must be today or in the past" in future
    assert "The offer cannot be before the referral" in early
    assert not SupportOffer.objects.exists()


def test_a_closed_case_takes_no_new_offer(idva, case):
    services.change_status(idva.user, case, CaseStatus.DECLINED, "no_contact")

    with pytest.raises(Exception, match="Reopen the case"):
        services.offer_support(idva.user, case, kind="group", offered_on=date(2026, 11, 3))


def test_the_idva_flag_is_set_on_opening_and_changed_on_the_case(signed_in, idva, person_a):
    client = signed_in(idva)
    service = ServiceFactory(agency=person_a.agency)
    client.post(
        reverse("cases:open", args=[person_a.pk]),
        {
            "service": service.pk,
            "referral_source": "police",
            "method_of_access": "professional_referral",
            **date_parts("referred_on", "2026-11-02"),
            "referred_time": "09:30",
            "multiple_perpetrators": "not_known",
            "worked_by_idva": "on",
        },
    )
    case = person_a.cases.get()
    assert case.worked_by_idva

    client.post(reverse("cases:idva", args=[case.pk]), {"worked_by_idva": "no"})

    case.refresh_from_db()
    assert not case.worked_by_idva
    assert AuditEvent.objects.filter(action="case.idva_changed").count() == 1
    assert (
        "Worked by an IDVA" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )


def test_another_agency_gets_404_for_an_offer(signed_in, police_rep, case, offer):
    client = signed_in(police_rep)

    assert client.get(answer_url(case, offer)).status_code == 404
    response = client.post(
        answer_url(case, offer), {"answer": "accepted", **date_parts("answered_on", "2026-11-04")}
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.is_awaiting


def test_an_offer_through_another_case_is_404(signed_in, idva, case, offer, person_a):
    other = services.open_case(
        idva.user,
        person_a,
        case.service,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=case.referred_at,
    )

    assert signed_in(idva).get(answer_url(other, offer)).status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_roles_without_case_data_get_403_for_offers(request, signed_in, persona, case, offer):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(answer_url(case, offer)).status_code == 403
    assert (
        client.post(reverse("cases:offer-support", args=[case.pk]), {"kind": "group"}).status_code
        == 403
    )
