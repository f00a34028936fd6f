"""The chronology of a case and of a person: one entry of every kind from the apps that
register one, each credited to who did it; scope (404), roles (403), the filter by kind,
the print view, restricted records and pinned query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.accommodation import services as housing
from concord.accounts.models import ServiceKind
from concord.accounts.roles import Role
from concord.accounts.services import add_service
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.core import chronology
from concord.core.models import AuditEvent
from concord.core.presenters import govuk_date
from concord.marac import services as marac
from concord.marac.models import MaracArea
from concord.marac.tests.conftest import referral_values
from concord.programmes import services as programmes
from concord.referrals import services as referrals
from concord.risk import services as risk
from concord.risk.models import Instrument

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def member(agency, role):
    membership = MembershipFactory(agency=agency, role=role)
    enrol_authenticator(membership.user)
    return membership


def open_case(membership, person, service, days_ago=30):
    case = case_services.open_case(
        membership.user,
        person,
        service,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=days_ago),
    )
    return case_services.change_status(membership.user, case, CaseStatus.OPEN)


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def case(idva, person_a, help_point):
    return open_case(idva, person_a, help_point)


def finished_assessment(membership, case):
    instrument = Instrument.objects.get(code="dash_ric", active=True)
    assessment = risk.start_assessment(membership.user, case, instrument)
    codes = instrument.questions.values_list("code", flat=True)
    risk.record_answers(membership.user, assessment, dict.fromkeys(codes, "yes"))
    return risk.finish_assessment(membership.user, assessment)


@pytest.fixture
def full_case(idva, case, person_a, agency_c, council, agency_a):
    """The IDVA's case with a record of every kind the case's own services keep."""
    user = idva.user
    case_services.record_contact(
        user, case, channel="call", initiated_by="victim",
        occurred_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    case_services.record_safety_plan(user, case, created_on=TODAY, areas=["home_security"])
    offer = case_services.offer_support(user, case, kind="idva", offered_on=TODAY)
    case_services.answer_offer(user, offer, answer="accepted", answered_on=TODAY)
    finished_assessment(idva, case)
    risk.record_incident(user, case, occurred_on=TODAY - timedelta(days=3), reported_to_police=True)
    area = MaracArea.objects.create(
        name="Riverford MARAC", slug="riverford", hosted_by=council, adult_female_population=1
    )
    coordinator = member(council, Role.MARAC_COORDINATOR)
    marac_referral = marac.refer_to_marac(user, case, **referral_values(area))
    meeting = marac.schedule_meeting(coordinator.user, area, meets_on=TODAY, agencies=[agency_a])
    item = marac.list_on_agenda(coordinator.user, meeting, marac_referral)
    item = marac.record_discussion(coordinator.user, item, summary="IDVA to plan safety")
    marac.assign_action(
        coordinator.user, item, agency=agency_a, description="Plan safety",
        due_on=TODAY + timedelta(days=7),
    )  # fmt: skip
    consent = referrals.record_consent(
        user, person_a, purpose="referral", given=True,
        given_on=TODAY - timedelta(days=1), agencies=[agency_c],
    )  # fmt: skip
    safe_home = add_service(None, agency_c, name="Safe Home", kind=ServiceKind.HOUSING)
    referral = referrals.make_referral(
        user, case, to_service=safe_home, summary="Needs a safe home", consent=consent
    )
    return case, referral


def shown_kinds(client, url, **query):
    page = client.get(url, query).content.decode()
    body = page[page.index('data-concord="chronology"') :] if 'chronology"' in page else ""
    return {kind.label for kind in chronology.kinds() if f">{kind.label}<" in body}, page


def test_the_case_chronology_has_an_entry_of_every_kind_its_services_keep(
    signed_in, idva, full_case
):
    case, _ = full_case
    kinds, page = shown_kinds(signed_in(idva), reverse("cases:chronology", args=[case.pk]))

    assert kinds == {
        "Contacts", "Risk assessments", "Incidents", "MARAC referrals and meetings",
        "Referrals", "Consents", "Safety plans", "Support offers", "Status changes",
        "Intake profiles and exit reviews",
    }  # fmt: skip
    assert "Referred to Riverford MARAC" in page
    assert "Heard at MARAC" in page and "IDVA to plan safety" in page
    assert "MARAC action for" in page
    assert "Referred to Safe Home" in page
    assert "Consent to" in page and "given" in page
    assert idva.user.full_name in page


def test_a_referral_is_credited_to_its_referrer_and_its_acceptance_to_the_receiver(
    signed_in, idva, agency_c, full_case
):
    _, referral = full_case
    housing_worker = member(agency_c, Role.PRACTITIONER)
    received = referrals.accept_referral(housing_worker, referral)
    housing.record_options_assessment(
        housing_worker.user, received, assessed_on=TODAY, outcome="Refuge needed"
    )

    page = signed_in(housing_worker).get(reverse("cases:chronology", args=[received.pk]))
    rows = page.content.decode().split("<tr")

    made = next(row for row in rows if "Referral received from SAFE help point" in row)
    accepted = next(row for row in rows if "Referral accepted" in row)
    assert idva.user.full_name in made and housing_worker.user.full_name not in made
    assert housing_worker.user.full_name in accepted
    assert any("Housing options assessment" in row for row in rows)


def test_the_person_chronology_spans_their_cases_with_family_and_programme_events(
    signed_in, idva, person_a, agency_a, case
):
    family = open_case(
        idva, person_a, add_service(None, agency_a, name="Family", kind=ServiceKind.FAMILY)
    )
    child = programmes.add_new_child(
        idva.user, family, given_name="Amy", family_name="Ahmed",
        date_of_birth=date(2016, 3, 27), role="child_of_victim",
    )  # fmt: skip
    programmes.record_child_risk_assessment(idva.user, child, assessed_on=TODAY, level="high")
    kind = ServiceKind.PERPETRATOR_PROGRAMME
    programme = open_case(idva, person_a, add_service(None, agency_a, name="Jenkins", kind=kind))
    programmes.record_programme_referral(idva.user, programme, referral_received_on=TODAY)

    url = reverse("cases:person-chronology", args=[person_a.pk])
    kinds, page = shown_kinds(signed_in(idva), url)

    assert {"Family service events", "Programme events", "Status changes"} <= kinds
    assert family.reference in page and programme.reference in page and case.reference in page


def test_the_filter_shows_only_the_kinds_chosen(signed_in, idva, full_case):
    case, _ = full_case
    url = reverse("cases:chronology", args=[case.pk])

    kinds, _ = shown_kinds(signed_in(idva), url, kind=["incident", "marac"])

    assert kinds == {"Incidents", "MARAC referrals and meetings"}


def test_the_print_view_has_no_navigation_and_keeps_the_filter(signed_in, idva, full_case):
    case, _ = full_case
    client = signed_in(idva)

    page = client.get(reverse("cases:chronology", args=[case.pk]), {"kind": "incident"})
    assert "print/?kind=incident" in page.content.decode()
    printed = client.get(reverse("cases:chronology-print", args=[case.pk]), {"kind": "incident"})
    text = printed.content.decode()
    assert "govuk-service-navigation" not in text and "concord-sign-out__button" not in text
    assert "Showing only: Incidents" in text and "Contacts<" not in text


def test_chronology_pages_are_404_for_another_agency(signed_in, police_rep, full_case, person_a):
    case, _ = full_case
    client = signed_in(police_rep)

    for url in (
        reverse("cases:chronology", args=[case.pk]),
        reverse("cases:chronology-print", args=[case.pk]),
        reverse("cases:person-chronology", args=[person_a.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_chronology_pages_are_403_for_roles_without_case_data(
    request, signed_in, persona, case, person_a
):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("cases:chronology", args=[case.pk])).status_code == 403
    assert client.get(reverse("cases:person-chronology", args=[person_a.pk])).status_code == 403


def test_viewing_a_chronology_is_audited(signed_in, idva, case, person_a):
    client = signed_in(idva)
    client.get(reverse("cases:chronology", args=[case.pk]))
    client.get(reverse("cases:person-chronology", args=[person_a.pk]))

    actions = set(AuditEvent.objects.filter(actor=idva.user).values_list("action", flat=True))
    assert {"case.viewed", "person.viewed"} <= actions


def test_masked_and_kept_back_values_stay_out_of_the_chronology(signed_in, idva, full_case):
    """The MARAC referral's safe contact is masked on its own page; the chronology never
    shows it, nor the referral's free-text risk summary."""
    case, _ = full_case
    page = signed_in(idva).get(reverse("cases:chronology", args=[case.pk])).content.decode()

    assert "07700 900123" not in page
    assert "Strangled" not in page


def test_a_restricted_persons_records_are_left_out_for_workers_not_named(
    signed_in, idva, manager_a, full_case, person_a
):
    """A service manager sees the restricted person's cases only when named; the risk and
    MARAC entries follow the same rule."""
    case, _ = full_case
    person_a.is_restricted = True
    person_a.save()
    person_a.named_workers.add(idva.user)

    assert signed_in(manager_a).get(reverse("cases:chronology", args=[case.pk])).status_code == 404
    kinds, _ = shown_kinds(signed_in(idva), reverse("cases:chronology", args=[case.pk]))
    assert "Risk assessments" in kinds


def test_the_chronology_reads_in_a_fixed_number_of_queries(
    signed_in, idva, full_case, django_assert_num_queries
):
    """However many entries: more contacts and incidents add no query."""
    case, _ = full_case
    client = signed_in(idva)
    url = reverse("cases:chronology", args=[case.pk])
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for hours in range(1, 4):
        case_services.record_contact(
            idva.user, case, channel="call", initiated_by="victim",
            occurred_at=timezone.now() - timedelta(hours=hours),
        )  # fmt: skip
        risk.record_incident(idva.user, case, occurred_on=TODAY, reported_to_police=False)

    with django_assert_num_queries(QUERIES):
        client.get(url)


QUERIES = 24  # 19, and the alerts panel's 5


def test_the_referral_to_the_service_is_on_its_day_and_credited_to_the_referrer(
    signed_in, idva, case
):
    page = signed_in(idva).get(reverse("cases:chronology", args=[case.pk])).content.decode()
    row = next(row for row in page.split("<tr") if "Referred to SAFE help point" in row)

    assert govuk_date(case.referred_at) in row and "Police" in row
    assert f"Recorded by {idva.user.full_name}" in row


def test_the_person_chronology_reads_in_a_fixed_number_of_queries_however_many_cases(
    signed_in, idva, person_a, help_point, case, django_assert_max_num_queries
):
    """Each source reads all the person's cases at once: more cases add no query."""
    client = signed_in(idva)
    url = reverse("cases:person-chronology", args=[person_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_case:
        client.get(url)
    for _ in range(3):
        more = open_case(idva, person_a, help_point)
        risk.record_incident(idva.user, more, occurred_on=TODAY, reported_to_police=False)

    with django_assert_max_num_queries(len(one_case)):
        client.get(url)
