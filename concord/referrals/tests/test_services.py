"""Referral and consent services: consent gating (nothing saved when refused), sharing
without consent audited with its basis, the lifecycle, accepting (link, never merge) and
declining. Every write is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.core.models import AuditEvent
from concord.people import services as people_services
from concord.people.models import Person
from concord.referrals import services
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Consent, Referral

pytestmark = pytest.mark.django_db

SUMMARY = "Needs a safe place to live."


def refer(idva, case, **kwargs):
    kwargs.setdefault("summary", SUMMARY)
    return services.make_referral(idva.user, case, **kwargs)


def referral_consent(idva, person, today, **kwargs):
    values = {"purpose": "referral", "given": True, "given_on": today - timedelta(days=30)}
    return services.record_consent(idva.user, person, **(values | kwargs))


def assert_refused(message, make):
    with pytest.raises(ValidationError, match=message):
        make()
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="referral.made").exists()


# Consent gating ----------------------------------------------------------------------------


def test_a_referral_with_neither_consent_nor_a_safeguarding_basis_is_refused(idva, case, safe_home):
    assert_refused(
        "Choose the person's consent to this referral, or a safeguarding basis",
        lambda: refer(idva, case, to_service=safe_home),
    )


def test_a_safeguarding_basis_without_a_reason_is_refused(idva, case, safe_home):
    assert_refused(
        "Give the reason for sharing without the person's consent",
        lambda: refer(
            idva, case, to_service=safe_home, safeguarding_basis="marac", safeguarding_reason=" "
        ),
    )


def test_an_unknown_safeguarding_basis_is_refused(idva, case, safe_home):
    assert_refused(
        "Select the safeguarding basis",
        lambda: refer(
            idva, case, to_service=safe_home, safeguarding_basis="hunch", safeguarding_reason="x"
        ),
    )


def test_an_expired_consent_is_refused(idva, case, safe_home, person_a, agency_c, today):
    expired = referral_consent(idva, person_a, today, agencies=[agency_c], expires_on=today)

    assert_refused(
        "expired on",
        lambda: refer(idva, case, to_service=safe_home, consent=expired),
    )


def test_a_withdrawn_consent_is_refused(idva, case, safe_home, consent, today):
    services.withdraw_consent(idva.user, consent, withdrawn_on=today)

    assert_refused(
        "was withdrawn on", lambda: refer(idva, case, to_service=safe_home, consent=consent)
    )


def test_a_refused_consent_is_refused(idva, case, safe_home, person_a, agency_c, today):
    refused = referral_consent(idva, person_a, today, agencies=[agency_c], given=False)

    assert_refused("refused", lambda: refer(idva, case, to_service=safe_home, consent=refused))


def test_consent_covering_another_agency_is_refused(
    idva, case, safe_home, person_a, agency_b, today
):
    police_only = referral_consent(idva, person_a, today, agencies=[agency_b])

    assert_refused(
        "does not cover Riverford Homes",
        lambda: refer(idva, case, to_service=safe_home, consent=police_only),
    )


def test_consent_for_another_purpose_is_refused(idva, case, safe_home, person_a, today):
    support_only = referral_consent(idva, person_a, today, purpose="support")

    assert_refused(
        "is for support from this agency, not referral",
        lambda: refer(idva, case, to_service=safe_home, consent=support_only),
    )


def test_consent_about_someone_else_is_refused(idva, case, safe_home, agency_a, today):
    other = people_services.record_person(
        idva.user, agency_a, given_name="Leanne", family_name="Marsh"
    )
    theirs = referral_consent(idva, other, today)

    assert_refused(
        "about someone else", lambda: refer(idva, case, to_service=safe_home, consent=theirs)
    )


def test_consent_naming_no_agency_covers_any_agency(idva, case, safe_home, person_a, today):
    any_agency = referral_consent(idva, person_a, today)

    referral = refer(idva, case, to_service=safe_home, consent=any_agency)

    assert referral.status == ReferralStatus.PENDING


def test_sharing_without_consent_for_safeguarding_is_allowed_and_audited_with_the_basis_code(
    idva, case, safe_home
):
    reason = "Two children in the household; the police attended twice this week."

    referral = refer(
        idva,
        case,
        to_service=safe_home,
        safeguarding_basis="child_protection",
        safeguarding_reason=reason,
    )

    assert referral.consent is None
    assert referral.safeguarding_reason == reason
    event = AuditEvent.objects.for_object("referrals.referral", referral.pk).get()
    assert (event.action, event.reason) == ("referral.made_without_consent", "child_protection")
    assert not AuditEvent.objects.filter(reason__contains="children").exists()


def test_a_referral_with_consent_is_audited_as_made_with_consent(idva, referral):
    event = AuditEvent.objects.for_object("referrals.referral", referral.pk).get()

    assert (event.action, event.reason, event.actor) == ("referral.made", "consent", idva.user)


# What a referral records -------------------------------------------------------------------


def test_a_referral_copies_only_what_it_shares_and_names_the_lead_professional(
    idva, referral, person_a, case, agency_c
):
    assert referral.status == ReferralStatus.PENDING
    assert referral.agency == case.agency
    assert referral.receiving_agency == agency_c
    assert referral.referring_service == case.service
    assert referral.lead_professional == idva.user
    assert (referral.given_name, referral.family_name) == ("Sarah", "Ahmed")
    assert referral.date_of_birth == person_a.date_of_birth


def test_a_referral_to_an_agency_outside_concord_is_recorded_as_sent(idva, case, person_a, today):
    named = referral_consent(idva, person_a, today, outside_agency="Citizens Advice")

    referral = refer(idva, case, outside_agency=" citizens  advice ", consent=named)

    assert referral.status == ReferralStatus.SENT
    assert referral.receiving_agency is None
    assert referral.outside_agency == "citizens advice"


def test_a_referral_goes_to_one_place(idva, case, safe_home, consent):
    with pytest.raises(ValidationError, match="Choose a service in Concord or name an agency"):
        refer(idva, case, consent=consent)
    with pytest.raises(ValidationError, match="Choose a service in Concord or name an agency"):
        refer(idva, case, to_service=safe_home, outside_agency="Shelter", consent=consent)


def test_a_case_cannot_be_referred_to_its_own_service_or_twice_to_one_service(
    idva, case, safe_home, consent, referral
):
    with pytest.raises(ValidationError, match="other than this case's own"):
        refer(idva, case, to_service=case.service, consent=consent)
    with pytest.raises(ValidationError, match="already has a referral to Safe Home"):
        refer(idva, case, to_service=safe_home, consent=consent)


def test_a_closed_case_cannot_be_referred(idva, case, safe_home, consent):
    case_services.change_status(idva.user, case, CaseStatus.DECLINED, "duplicate")

    with pytest.raises(ValidationError, match="Reopen the case"):
        refer(idva, case, to_service=safe_home, consent=consent)


def test_what_the_referral_shares_is_required(idva, case, safe_home, consent):
    with pytest.raises(ValidationError, match="Enter what the referral shares"):
        refer(idva, case, to_service=safe_home, consent=consent, summary="  ")


# Accepting, declining, withdrawing ---------------------------------------------------------


def test_accepting_opens_a_case_for_a_new_person_record_of_the_receiving_agency(
    idva, worker_c, referral, person_a, safe_home
):
    people_services.update_person(idva.user, person_a, ethnicity="white_irish", sex="female")
    referral.refresh_from_db()  # the referral copied the details when it was made

    case = services.accept_referral(worker_c, referral)

    person = case.person
    assert person.agency == worker_c.agency
    assert person.pk != person_a.pk
    assert (person.given_name, person.family_name) == ("Sarah", "Ahmed")
    assert person.date_of_birth == person_a.date_of_birth
    assert person.is_victim_survivor
    assert person.ethnicity == "not_known"  # only what the referral shares is copied
    assert case.service == safe_home
    assert case.lead_professional == worker_c.user
    assert case.status == CaseStatus.OPEN
    assert (case.referral_source, case.method_of_access) == (
        "specialist_da_service",
        "professional_referral",
    )
    assert case.referred_at == referral.referred_at
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert (referral.created_case, referral.decided_by) == (case, worker_c.user)
    assert referral.decided_at is not None
    assert AuditEvent.objects.filter(
        action="referral.accepted", object_id=str(referral.pk), agency=worker_c.agency
    ).exists()


def test_a_person_causing_harm_is_received_as_one(idva, worker_c, referral, person_a):
    people_services.update_person(idva.user, person_a, is_person_causing_harm=True)

    person = services.accept_referral(worker_c, referral).person

    assert (person.is_person_causing_harm, person.is_victim_survivor) == (True, False)


def test_accepting_can_link_to_someone_already_in_the_receiving_records(
    worker_c, referral, agency_c
):
    known = people_services.record_person(
        worker_c.user, agency_c, given_name="Sarah", family_name="Ahmed"
    )

    case = services.accept_referral(worker_c, referral, person=known)

    assert case.person == known
    assert Person.objects.filter(agency=agency_c).count() == 1


def test_accepting_cannot_use_someone_from_another_agency(worker_c, referral, person_a):
    with pytest.raises(ValidationError, match="Choose someone in your agency's records"):
        services.accept_referral(worker_c, referral, person=person_a)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


def test_a_referral_within_one_agency_keeps_the_same_person_record(
    idva, manager_a, case, agency_a, person_a, today
):
    refuge = add_service(None, agency_a, name="Haven refuge", kind=ServiceKind.REFUGE)
    referral = refer(idva, case, to_service=refuge, consent=referral_consent(idva, person_a, today))

    new_case = services.accept_referral(manager_a, referral)

    assert new_case.person == person_a
    assert new_case.referral_source == "specialist_da_service"


def test_the_referral_source_follows_the_referring_agency_kind(
    police_rep, person_b, worker_c, safe_home
):
    police_service = add_service(None, person_b.agency, name="Domestic abuse unit", kind="other")
    police_case = case_services.open_case(
        police_rep.user,
        person_b,
        police_service,
        referral_source="police",
        method_of_access="other",
        referred_at=police_service.created_at,
    )
    referral = services.make_referral(
        police_rep.user,
        police_case,
        to_service=safe_home,
        summary=SUMMARY,
        safeguarding_basis="serious_risk_of_harm",
        safeguarding_reason="Threats to kill",
    )

    assert services.accept_referral(worker_c, referral).referral_source == "police"


def test_declining_needs_a_reason_code(worker_c, referral):
    with pytest.raises(ValidationError, match="Select why the referral is declined"):
        services.decline_referral(worker_c, referral, reason="")
    with pytest.raises(ValidationError, match="Select why the referral is declined"):
        services.decline_referral(worker_c, referral, reason="too busy this week")

    services.decline_referral(worker_c, referral, reason="no_capacity")

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "no_capacity")
    event = AuditEvent.objects.get(action="referral.declined")
    assert event.reason == "no_capacity"


def test_only_the_referring_agency_withdraws_and_only_the_receiving_one_decides(
    idva, worker_c, referral
):
    with pytest.raises(ValidationError, match="Only the receiving agency"):
        services.accept_referral(idva, referral)
    with pytest.raises(ValidationError, match="Only the receiving agency"):
        services.decline_referral(idva, referral, reason="duplicate")
    with pytest.raises(ValidationError, match="Only the referring agency"):
        services.withdraw_referral(worker_c, referral)

    services.withdraw_referral(idva, referral)

    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == ("withdrawn", idva.user)


def test_an_unrelated_agency_can_do_nothing_with_a_referral(police_rep, referral):
    for move in (
        lambda: services.accept_referral(police_rep, referral),
        lambda: services.decline_referral(police_rep, referral, reason="duplicate"),
        lambda: services.withdraw_referral(police_rep, referral),
    ):
        with pytest.raises(ValidationError):
            move()


def test_a_decided_referral_cannot_move_again(idva, worker_c, referral):
    services.decline_referral(worker_c, referral, reason="not_eligible")

    with pytest.raises(ValidationError, match="declined cannot be accepted"):
        services.accept_referral(worker_c, referral)
    with pytest.raises(ValidationError, match="declined cannot be withdrawn"):
        services.withdraw_referral(idva, referral)
    with pytest.raises(ValidationError, match="already declined"):
        services.decline_referral(worker_c, referral, reason="duplicate")


def test_a_stale_copy_cannot_accept_twice(worker_c, referral):
    stale = Referral.objects.get(pk=referral.pk)
    services.accept_referral(worker_c, referral)

    with pytest.raises(ValidationError, match="already accepted"):
        services.accept_referral(worker_c, stale)
    assert Person.objects.filter(agency=worker_c.agency).count() == 1


def test_a_referral_sent_outside_concord_cannot_be_accepted_or_withdrawn(
    idva, worker_c, case, person_a, today
):
    referral = refer(
        idva, case, outside_agency="Shelter", consent=referral_consent(idva, person_a, today)
    )

    with pytest.raises(ValidationError, match="sent cannot be"):
        services.withdraw_referral(idva, referral)
    with pytest.raises(ValidationError):
        services.accept_referral(worker_c, referral)


# Consent records ---------------------------------------------------------------------------


def test_recording_consent_is_audited_without_its_details(idva, consent, agency_c):
    assert list(consent.agencies.all()) == [agency_c]
    event = AuditEvent.objects.for_object("referrals.consent", consent.pk).get()
    assert (event.action, event.reason) == ("consent.recorded", "given")


def test_consent_dates_are_checked(idva, person_a, today):
    with pytest.raises(ValidationError, match="today or in the past"):
        referral_consent(idva, person_a, today, given_on=today + timedelta(days=1))
    with pytest.raises(ValidationError, match="expiry date must be after"):
        referral_consent(idva, person_a, today, expires_on=today - timedelta(days=30))
    with pytest.raises(ValidationError, match="Select what the consent is for"):
        referral_consent(idva, person_a, today, purpose="anything")
    assert not Consent.objects.exists()


def test_withdrawing_consent(idva, consent, today):
    with pytest.raises(ValidationError, match="before it was given"):
        services.withdraw_consent(idva.user, consent, withdrawn_on=today - timedelta(days=5))

    services.withdraw_consent(idva.user, consent, withdrawn_on=today)

    consent.refresh_from_db()
    assert consent.withdrawn_on == today
    assert not consent.is_valid_on(today)
    assert AuditEvent.objects.filter(action="consent.withdrawn", object_id=str(consent.pk)).exists()
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdraw_consent(idva.user, consent, withdrawn_on=today)


def test_refused_consent_cannot_be_withdrawn(idva, person_a, today):
    refused = referral_consent(idva, person_a, today, given=False)

    with pytest.raises(ValidationError, match="nothing to withdraw"):
        services.withdraw_consent(idva.user, refused, withdrawn_on=today)


def test_valid_consents_are_found_by_query_as_by_the_rule(idva, person_a, today):
    valid = referral_consent(idva, person_a, today)
    referral_consent(idva, person_a, today, expires_on=today)
    referral_consent(idva, person_a, today, given=False)
    withdrawn = referral_consent(idva, person_a, today)
    services.withdraw_consent(idva.user, withdrawn, withdrawn_on=today)
    referral_consent(idva, person_a, today, given_on=today, expires_on=today + timedelta(days=1))

    found = set(Consent.objects.valid_on(today))

    assert found == {c for c in Consent.objects.all() if c.is_valid_on(today)}
    assert valid in found and len(found) == 2


def test_withdrawing_consent_withdraws_the_referrals_still_waiting_on_it(
    idva, worker_c, referral, consent, today
):
    services.withdraw_consent(idva.user, consent, withdrawn_on=today)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert referral.decided_by == idva.user
    event = AuditEvent.objects.get(action="referral.withdrawn", object_id=str(referral.pk))
    assert event.reason == "consent_withdrawn"
    with pytest.raises(ValidationError):
        services.accept_referral(worker_c, referral)


def test_withdrawing_consent_leaves_an_accepted_referral_as_it_was(
    idva, worker_c, referral, consent, today
):
    services.accept_referral(worker_c, referral)

    services.withdraw_consent(idva.user, consent, withdrawn_on=today)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert not AuditEvent.objects.filter(action="referral.withdrawn").exists()
