"""Referral and consent pages: agency scope (404) and roles (403) on every page and form,
the receiving agency seeing only what the referral shares, the refer flow with consent
recorded in it, accepting and declining, and pinned query counts."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse

from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.people import services as people_services
from concord.people.models import Person
from concord.referrals import services
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Consent, Referral

pytestmark = pytest.mark.django_db


def referral_pages(referral):
    return [
        reverse("referrals:detail", args=[referral.pk]),
        reverse("referrals:accept", args=[referral.pk]),
        reverse("referrals:decline", args=[referral.pk]),
        reverse("referrals:withdraw", args=[referral.pk]),
    ]


def case_pages(case, consent):
    return [
        reverse("referrals:refer", args=[case.pk]),
        reverse("referrals:record-consent", args=[case.pk]),
        reverse("referrals:withdraw-consent", args=[case.pk, consent.pk]),
    ]


def post_endpoints(referral, case, consent):
    return [
        reverse("referrals:accept", args=[referral.pk]),
        reverse("referrals:decline", args=[referral.pk]),
        reverse("referrals:withdraw", args=[referral.pk]),
        *case_pages(case, consent),
    ]


def refer_form(safe_home, today, **changes):
    data = {
        "to_service": str(safe_home.pk),
        "summary": "Needs a safe place to live; the ex-partner has keys to the flat.",
        "basis": "new_consent",
        **date_parts("consent_given_on", today),
    }
    return data | changes


def assert_unchanged(referral, consent):
    referral.refresh_from_db()
    consent.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    assert consent.withdrawn_on is None
    assert Referral.objects.count() == 1
    assert Consent.objects.count() == 1
    assert not Case.objects.filter(agency=referral.receiving_agency).exists()


# Scope and roles ---------------------------------------------------------------------------


def test_every_referral_page_and_form_is_404_for_an_unrelated_agency(
    signed_in, police_rep, referral, case, consent, today
):
    client = signed_in(police_rep)

    for url in [*referral_pages(referral), *case_pages(case, consent)]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sarah" not in response.content.decode()
    for url in post_endpoints(referral, case, consent):
        assert client.post(url, {"reason": "duplicate"}).status_code == 404, url
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert "Sarah" not in inbox
    assert "Sarah" not in client.get(reverse("referrals:inbox"), {"show": "sent"}).content.decode()
    assert_unchanged(referral, consent)


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_every_referral_page_and_form_is_403_for_roles_without_case_data(
    request, signed_in, persona, referral, case, consent
):
    client = signed_in(request.getfixturevalue(persona))

    urls = [reverse("referrals:inbox"), *referral_pages(referral), *case_pages(case, consent)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Sarah" not in response.content.decode()
    for url in post_endpoints(referral, case, consent):
        assert client.post(url, {"reason": "duplicate"}).status_code == 403, url
    assert_unchanged(referral, consent)


def test_the_receiving_agency_cannot_reach_the_referring_records(
    signed_in, worker_c, referral, case, consent, person_a
):
    client = signed_in(worker_c)

    for url in [
        *case_pages(case, consent),
        reverse("cases:detail", args=[case.pk]),
        reverse("people:detail", args=[person_a.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in case_pages(case, consent):
        assert client.post(url, {}).status_code == 404, url
    assert client.post(reverse("referrals:withdraw", args=[referral.pk])).status_code == 404
    assert_unchanged(referral, consent)


def test_the_referring_agency_cannot_accept_or_decline_its_own_referral(
    signed_in, idva, referral, consent
):
    client = signed_in(idva)

    for url in [
        reverse("referrals:accept", args=[referral.pk]),
        reverse("referrals:decline", args=[referral.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "duplicate"}).status_code == 404, url
    assert_unchanged(referral, consent)


# The receiving side ------------------------------------------------------------------------


def test_the_inbox_names_the_lead_professional_and_shows_what_is_shared(
    signed_in, worker_c, idva, referral
):
    body = signed_in(worker_c).get(reverse("referrals:inbox")).content.decode()

    assert "Sarah Ahmed" in body
    assert f"{idva.user.full_name}, Haven Domestic Abuse Services" in body
    assert "SAFE help point, Haven Domestic Abuse Services" in body
    assert "the ex-partner has keys to the flat" in body
    assert "Waiting (1)" in body


def test_the_inbox_tabs_sort_referrals_by_status(signed_in, worker_c, referral):
    services.decline_referral(worker_c, referral, reason="no_capacity")
    client = signed_in(worker_c)

    assert "Sarah Ahmed" not in client.get(reverse("referrals:inbox")).content.decode()
    declined = client.get(reverse("referrals:inbox"), {"show": "declined"}).content.decode()
    assert "Sarah Ahmed" in declined
    assert "Declined (1)" in declined


def test_the_sent_tab_lists_what_the_agency_referred(signed_in, idva, referral):
    body = signed_in(idva).get(reverse("referrals:inbox"), {"show": "sent"}).content.decode()

    assert "Sarah Ahmed" in body
    assert "Safe Home, Riverford Homes" in body
    assert "Waiting (0)" in body  # nothing was referred to Haven itself


def test_the_inbox_shows_a_worker_only_their_services_referrals(
    signed_in, worker_c, referral, agency_c
):
    from concord.accounts.services import add_service

    other = add_service(None, agency_c, name="Tenancy sustainment", kind="other")
    worker_c.services.set([other])

    body = signed_in(worker_c).get(reverse("referrals:inbox")).content.decode()

    assert "Referrals to Tenancy sustainment" in body
    assert "Sarah Ahmed" not in body


def test_the_receiving_page_shows_the_referral_and_nothing_of_the_referring_records(
    signed_in, worker_c, referral, case, person_a
):
    response = signed_in(worker_c).get(reverse("referrals:detail", args=[referral.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "the ex-partner has keys to the flat" in body
    assert reverse("cases:detail", args=[case.pk]) not in body
    assert reverse("people:detail", args=[person_a.pk]) not in body
    assert case.reference not in body
    assert "Accept referral" in body and "Withdraw referral" not in body
    event = AuditEvent.objects.for_object("referrals.referral", referral.pk).last()
    assert (event.action, event.actor) == ("referral.viewed", worker_c.user)


def test_accepting_opens_a_case_and_the_referring_case_stays_404(
    signed_in, worker_c, idva, referral, case
):
    client = signed_in(worker_c)

    response = client.post(reverse("referrals:accept", args=[referral.pk]))

    new_case = Case.objects.get(agency=worker_c.agency)
    assert response["Location"] == reverse("cases:detail", args=[new_case.pk])
    page = client.get(response["Location"]).content.decode()
    assert "You accepted the referral" in page
    assert f"Lead professional there: {idva.user.full_name}, Haven Domestic Abuse Services" in page
    assert new_case.status == CaseStatus.OPEN
    assert new_case.lead_professional == worker_c.user
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[case.person_id])).status_code == 404
    referral_page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert reverse("cases:detail", args=[new_case.pk]) in referral_page
    assert reverse("cases:detail", args=[case.pk]) not in referral_page


def test_accepting_again_from_a_stale_page_is_explained(signed_in, worker_c, referral):
    client = signed_in(worker_c)
    client.post(reverse("referrals:accept", args=[referral.pk]))

    response = client.post(reverse("referrals:accept", args=[referral.pk]), follow=True)

    assert "This referral is already accepted" in response.content.decode()
    assert Case.objects.filter(agency=worker_c.agency).count() == 1


def test_accepting_offers_someone_already_in_the_receiving_records(
    signed_in, worker_c, referral, agency_c, person_a
):
    known = people_services.record_person(
        worker_c.user,
        agency_c,
        given_name="Sarah",
        family_name="Ahmed",
        date_of_birth=person_a.date_of_birth,
    )
    client = signed_in(worker_c)
    url = reverse("referrals:accept", args=[referral.pk])

    page = client.get(url).content.decode()
    assert "Is this someone already in your agency's records?" in html.unescape(page)
    assert (
        "Select whether this is someone already in your records"
        in client.post(url).content.decode()
    )
    client.post(url, {"person": str(known.pk)})

    assert Case.objects.get(agency=agency_c).person == known
    assert Person.objects.filter(agency=agency_c).count() == 1


def test_declining_needs_a_reason_and_the_referrer_sees_it(signed_in, worker_c, idva, referral):
    client = signed_in(worker_c)
    url = reverse("referrals:decline", args=[referral.pk])

    assert "Select why you are declining the referral" in client.post(url, {}).content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    assert client.post(url, {"reason": "no_capacity"}).status_code == 302

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "no_capacity")
    page = signed_in(idva).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "No capacity" in page


# The referring side ------------------------------------------------------------------------


def test_referring_with_consent_recorded_in_the_flow(
    signed_in, idva, case, safe_home, agency_c, today
):
    response = signed_in(idva).post(
        reverse("referrals:refer", args=[case.pk]), refer_form(safe_home, today)
    )

    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == ReferralStatus.PENDING
    assert referral.to_service == safe_home
    assert list(referral.consent.agencies.all()) == [agency_c]
    assert referral.consent.given_on == today


def test_referring_with_an_existing_consent(signed_in, idva, case, safe_home, consent, today):
    client = signed_in(idva)
    page = client.get(reverse("referrals:refer", args=[case.pk])).content.decode()
    assert "to referral to Riverford Homes (no expiry)" in page

    client.post(
        reverse("referrals:refer", args=[case.pk]),
        refer_form(safe_home, today, basis=f"consent:{consent.pk}"),
    )

    assert Referral.objects.get().consent == consent
    assert Consent.objects.count() == 1


def test_an_expired_consent_is_not_offered(signed_in, idva, case, safe_home, person_a, today):
    expired = services.record_consent(
        idva.user,
        person_a,
        purpose="referral",
        given=True,
        given_on=today - timedelta(days=10),
        expires_on=today,
    )
    client = signed_in(idva)

    body = client.post(
        reverse("referrals:refer", args=[case.pk]),
        refer_form(safe_home, today, basis=f"consent:{expired.pk}"),
    ).content.decode()

    assert "Select the person's consent or a safeguarding basis" in html.unescape(body)
    assert not Referral.objects.exists()


def test_referring_without_consent_or_basis_shows_errors_and_saves_nothing(
    signed_in, idva, case, safe_home, today
):
    body = (
        signed_in(idva)
        .post(reverse("referrals:refer", args=[case.pk]), refer_form(safe_home, today, basis=""))
        .content.decode()
    )

    assert "There is a problem" in body
    assert "Select the person's consent or a safeguarding basis" in html.unescape(body)
    assert not Referral.objects.exists()
    assert not Consent.objects.exists()


def test_every_missing_answer_is_explained(signed_in, idva, case, safe_home):
    client = signed_in(idva)
    url = reverse("referrals:refer", args=[case.pk])

    empty = html.unescape(client.post(url, {}).content.decode())
    both = {"to_service": str(safe_home.pk), "outside_agency": "Shelter", "basis": "safeguarding"}
    safeguarding = html.unescape(client.post(url, both).content.decode())
    consent_now = client.post(url, {"basis": "new_consent"}).content.decode()

    assert "Select a service in Concord, or enter the name of an agency outside it" in empty
    assert "Enter what the referral shares" in empty
    assert "Select the person's consent or a safeguarding basis" in empty
    assert "Select a service in Concord or name an agency outside it, not both" in safeguarding
    assert "Select the safeguarding basis" in safeguarding
    assert "Give the reason for sharing without the person's consent" in safeguarding
    assert "Enter the date the person gave consent" in consent_now
    assert not Referral.objects.exists()


def test_consent_recorded_in_the_flow_is_not_kept_when_the_referral_is_refused(
    signed_in, idva, case, safe_home, referral, today
):
    body = (
        signed_in(idva)
        .post(reverse("referrals:refer", args=[case.pk]), refer_form(safe_home, today))
        .content.decode()
    )

    assert "This case already has a referral to Safe Home" in body
    assert Consent.objects.count() == 1  # the one the first referral used
    assert Referral.objects.count() == 1


def test_referring_for_safeguarding_is_audited_with_the_basis(
    signed_in, idva, case, safe_home, today
):
    form = refer_form(
        safe_home,
        today,
        basis="safeguarding",
        safeguarding_basis="marac",
        safeguarding_reason="Score of 18 on the DASH; she fears for her life.",
    )

    signed_in(idva).post(reverse("referrals:refer", args=[case.pk]), form)

    referral = Referral.objects.get()
    assert referral.consent is None and not Consent.objects.exists()
    event = AuditEvent.objects.get(action="referral.made_without_consent")
    assert event.reason == "marac"


def test_referring_to_an_agency_outside_concord(signed_in, idva, worker_c, case, today):
    form = {
        "outside_agency": "Citizens Advice",
        "summary": "Debt advice: joint debts in the ex-partner's name.",
        "basis": "new_consent",
        **date_parts("consent_given_on", today),
    }

    signed_in(idva).post(reverse("referrals:refer", args=[case.pk]), form)

    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT
    assert referral.consent.outside_agency == "Citizens Advice"
    assert not referral.consent.agencies.exists()
    assert "Sarah" not in signed_in(worker_c).get(reverse("referrals:inbox")).content.decode()


def test_withdrawing_a_waiting_referral(signed_in, idva, referral):
    client = signed_in(idva)
    url = reverse("referrals:withdraw", args=[referral.pk])

    assert client.get(url)["Location"] == reverse("referrals:detail", args=[referral.pk])
    response = client.post(url, follow=True)

    assert "is withdrawn" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    again = client.post(url, follow=True).content.decode()
    assert "already withdrawn" in again


def test_the_case_page_shows_referrals_and_consents(signed_in, idva, case, referral):
    page = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "Safe Home, Riverford Homes" in page
    assert "Waiting" in page
    assert "Referral to a named service" in page
    assert '<td class="govuk-table__cell">Riverford Homes</td>' in page
    assert reverse("referrals:refer", args=[case.pk]) in page


def test_recording_and_withdrawing_consent_from_the_case_page(
    signed_in, idva, case, agency_c, today
):
    client = signed_in(idva)
    url = reverse("referrals:record-consent", args=[case.pk])
    assert "Select what the consent is for" in client.post(url, {}).content.decode()

    response = client.post(
        url,
        {
            "purpose": "referral",
            "given": "yes",
            **date_parts("given_on", today),
            "agencies": [str(agency_c.pk)],
        },
    )

    consent = Consent.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert consent.given and list(consent.agencies.all()) == [agency_c]
    withdraw = reverse("referrals:withdraw-consent", args=[case.pk, consent.pk])
    early = (today - timedelta(days=3)).isoformat()
    assert (
        "before it was given"
        in client.post(withdraw, date_parts("withdrawn_on", early)).content.decode()
    )
    assert client.post(withdraw, {**date_parts("withdrawn_on", today)}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == today


def test_a_consent_is_withdrawn_only_from_a_case_of_its_person(
    signed_in, idva, case, help_point, consent, agency_a
):
    from concord.cases import services as case_services

    other = people_services.record_person(
        idva.user, agency_a, given_name="Leanne", family_name="Marsh"
    )
    other_case = case_services.open_case(
        idva.user,
        other,
        help_point,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=case.referred_at,
    )

    url = reverse("referrals:withdraw-consent", args=[other_case.pk, consent.pk])
    assert signed_in(idva).get(url).status_code == 404


# Query counts ------------------------------------------------------------------------------


def _more_referrals(idva, help_point, safe_home, agency_a, count):
    from concord.cases import services as case_services

    for number in range(count):
        person = people_services.record_person(
            idva.user, agency_a, given_name=f"Person{number}", family_name="Example"
        )
        new_case = case_services.open_case(
            idva.user,
            person,
            help_point,
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=help_point.created_at,
        )
        services.make_referral(
            idva.user,
            new_case,
            to_service=safe_home,
            summary="Housing",
            safeguarding_basis="serious_risk_of_harm",
            safeguarding_reason="Threats",
        )


def test_the_inbox_keeps_a_fixed_number_of_queries(
    signed_in, worker_c, idva, referral, help_point, safe_home, agency_a, django_assert_num_queries
):
    client = signed_in(worker_c)
    client.get(reverse("referrals:inbox"))
    with django_assert_num_queries(8) as few:
        client.get(reverse("referrals:inbox"))
    _more_referrals(idva, help_point, safe_home, agency_a, 8)

    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(reverse("referrals:inbox")).content.decode()
    assert "Waiting (9)" in body


def test_the_case_page_keeps_a_fixed_number_of_queries_as_referrals_and_consents_grow(
    signed_in, idva, case, referral, person_a, today, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with django_assert_num_queries(27) as few:  # 21, the alerts panel's 5, the tasks' 1
        client.get(url)
    for number in range(5):
        consent = services.record_consent(
            idva.user, person_a, purpose="referral", given=True, given_on=today
        )
        services.make_referral(
            idva.user, case, outside_agency=f"Agency {number}", summary="x", consent=consent
        )

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_withdrawn_tab_shows_referrals_taken_back_and_viewing_is_audited(
    signed_in, idva, worker_c, referral, case, consent, today
):
    signed_in(idva).post(
        reverse("referrals:withdraw-consent", args=[case.pk, consent.pk]),
        {**date_parts("withdrawn_on", today)},
    )
    client = signed_in(worker_c)

    waiting = client.get(reverse("referrals:inbox")).content.decode()
    withdrawn = client.get(reverse("referrals:inbox"), {"show": "withdrawn"}).content.decode()

    assert "Sarah Ahmed" not in waiting
    assert "Sarah Ahmed" in withdrawn
    assert "Withdrawn (1)" in withdrawn
    assert (
        AuditEvent.objects.filter(action="referrals.inbox_viewed", actor=worker_c.user).count() == 2
    )
