"""Consent to an agency covers each of its services (and stops when withdrawn); nobody
accepts or declines a referral they made, on the page, in the service or through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service, create_api_token
from concord.referrals import services
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import OWN_REFERRAL, Referral

pytestmark = pytest.mark.django_db

SUMMARY = "Needs a safe place to live."


def referral_consent(idva, person, today, agencies):
    return services.record_consent(
        idva.user,
        person,
        purpose="referral",
        given=True,
        given_on=today - timedelta(days=3),
        agencies=agencies,
    )


# Consent to an agency covers its services ---------------------------------------------------


def test_consent_to_an_agency_covers_every_service_of_that_agency(
    idva, case, agency_c, person_a, today
):
    consent = referral_consent(idva, person_a, today, [agency_c])
    for name, kind in (("Housing options", ServiceKind.HOUSING), ("Floating support", "other")):
        service = add_service(None, agency_c, name=name, kind=kind)
        referral = services.make_referral(
            idva.user, case, to_service=service, summary=SUMMARY, consent=consent
        )
        assert (referral.receiving_agency, referral.consent) == (agency_c, consent)


def test_consent_to_an_agency_does_not_cover_another_agencys_service(
    idva, case, agency_b, agency_c, person_a, today
):
    consent = referral_consent(idva, person_a, today, [agency_c])
    police_service = add_service(None, agency_b, name="Safeguarding hub", kind="other")
    with pytest.raises(ValidationError, match="does not cover City Police"):
        services.make_referral(
            idva.user, case, to_service=police_service, summary=SUMMARY, consent=consent
        )
    assert not Referral.objects.exists()


def test_withdrawn_consent_to_an_agency_no_longer_covers_its_services(
    idva, case, agency_c, person_a, today
):
    consent = referral_consent(idva, person_a, today, [agency_c])
    services.withdraw_consent(idva.user, consent, withdrawn_on=today)
    service = add_service(None, agency_c, name="Housing options", kind=ServiceKind.HOUSING)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.make_referral(
            idva.user, case, to_service=service, summary=SUMMARY, consent=consent
        )


def test_the_referral_page_accepts_consent_to_the_agency_of_the_service_chosen(
    signed_in, idva, case, safe_home, agency_c, person_a, today
):
    consent = referral_consent(idva, person_a, today, [agency_c])
    response = signed_in(idva).post(
        reverse("referrals:refer", args=[case.pk]),
        {"to_service": str(safe_home.pk), "summary": SUMMARY, "basis": f"consent:{consent.pk}"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert (referral.to_service, referral.consent) == (safe_home, consent)


# Nobody decides a referral they made --------------------------------------------------------


@pytest.fixture
def own_referral(idva, case, agency_a, person_a, today):
    """A referral within Haven, from its help point to its refuge, made by the IDVA."""
    refuge = add_service(None, agency_a, name="Haven refuge", kind=ServiceKind.REFUGE)
    consent = referral_consent(idva, person_a, today, [agency_a])
    return services.make_referral(
        idva.user, case, to_service=refuge, summary=SUMMARY, consent=consent
    )


def test_the_worker_who_made_a_referral_cannot_accept_or_decline_it(idva, own_referral):
    with pytest.raises(ValidationError, match="You made this referral"):
        services.accept_referral(idva, own_referral)
    with pytest.raises(ValidationError, match="You made this referral"):
        services.decline_referral(idva, own_referral, reason="duplicate")
    own_referral.refresh_from_db()
    assert own_referral.status == ReferralStatus.PENDING
    assert own_referral.next_steps_for(idva) == [ReferralStatus.WITHDRAWN]


def test_a_colleague_at_the_same_agency_decides_it(idva, manager_a, own_referral):
    assert own_referral.next_steps_for(manager_a) == [
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    ]
    services.accept_referral(manager_a, own_referral)
    own_referral.refresh_from_db()
    assert (own_referral.status, own_referral.decided_by) == ("accepted", manager_a.user)


def test_the_referral_page_offers_no_decision_to_the_worker_who_made_it(
    signed_in, idva, own_referral
):
    client = signed_in(idva)
    page = client.get(reverse("referrals:detail", args=[own_referral.pk])).content.decode()
    assert "Accept referral" not in page
    assert "Decline referral" not in page
    assert "someone else at the receiving service must accept or decline it" in page

    for name, body in (("accept", {}), ("decline", {"reason": "duplicate"})):
        response = client.post(reverse(f"referrals:{name}", args=[own_referral.pk]), body)
        assert response.status_code == 302
        shown = client.get(response["Location"]).content.decode()
        assert OWN_REFERRAL in shown.replace("&#x27;", "'")
    own_referral.refresh_from_db()
    assert own_referral.status == ReferralStatus.PENDING


def test_the_api_refuses_a_decision_on_your_own_referral_with_the_reason(idva, own_referral):
    key = create_api_token(idva.user, idva, name="test").key
    headers = {"Authorization": f"Bearer {key}"}
    client = Client(headers=headers)
    base = f"/api/v1/referrals/{own_referral.pk}"
    shown = client.get(base).json()
    assert shown["next_steps"] == ["withdrawn"]
    for url, body in ((f"{base}/accept", {}), (f"{base}/decline", {"reason": "duplicate"})):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["detail"] == [{"field": "body", "message": OWN_REFERRAL}]
    own_referral.refresh_from_db()
    assert own_referral.status == ReferralStatus.PENDING
