"""The alerts panel that follows a person (ADR 0017): at Haven, on the person's own pages;
at Riverford Homes, on the housing case opened by accepting Haven's referral, read live from
Haven's records while the referral's consent stands. An agency without the accepted
referral sees nothing of it; every view of a shared record is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.core.models import AuditEvent
from concord.marac import services as marac_services
from concord.marac.models import MaracArea
from concord.marac.tests.conftest import referral_values
from concord.people import services as people_services
from concord.people.tests.factories import PersonFactory
from concord.referrals import services
from concord.risk import services as risk_services
from concord.risk.instruments import BUNDLED, read_instrument, store_instrument
from concord.risk.models import Instrument, Question
from concord.risk.tests.conftest import answers_with

pytestmark = pytest.mark.django_db
HAVEN = "Haven Domestic Abuse Services (accepted referral)"


def _panel(response) -> str:
    text = response.content.decode()
    start = text.find('data-concord="alerts"')
    assert start != -1, "no alerts panel on the page"
    return text[start : text.find("</section>", start)]


def _assess(idva, case, yes):
    if not Instrument.objects.exists():
        for path in BUNDLED:
            store_instrument(read_instrument(path), Instrument, Question)
    ric = Instrument.objects.get(code="dash_ric", active=True)
    reason = "new_incident" if risk_services._assessments(case).exists() else ""
    assessment = risk_services.start_assessment(idva.user, case, ric, reason)
    risk_services.record_answers(idva.user, assessment, answers_with(ric, yes))
    return risk_services.finish_assessment(idva.user, assessment)


@pytest.fixture
def open_case(idva, case):
    return case_services.change_status(idva.user, case, CaseStatus.OPEN)


@pytest.fixture
def haven_records(idva, council, open_case, person_a, today):
    """High risk, on the agenda of next week's MARAC, two children, safe contact recorded."""
    _assess(idva, open_case, 15)
    people_services.set_contact_safety(
        idva.user,
        person_a,
        safe_to_leave_message="no",
        safe_times="Weekdays 10:00 to 14:00",
        safe_phone="07700 900123",
    )
    case_services.record_intake_profile(
        idva.user, open_case, assessed_on=today, answers={}, number_of_children=2
    )
    area = MaracArea.objects.create(
        name="Riverford MARAC", slug="riverford", hosted_by=council, adult_female_population=9000
    )
    marac = marac_services.refer_to_marac(idva.user, open_case, **referral_values(area))
    meeting = marac_services.schedule_meeting(
        idva.user, area, meets_on=today + timedelta(days=7), agencies=[council]
    )
    marac_services.list_on_agenda(idva.user, meeting, marac)
    return marac


@pytest.fixture
def referral(idva, open_case, safe_home, consent):
    return services.make_referral(
        idva.user,
        open_case,
        to_service=safe_home,
        summary="Needs a safe place to live; the ex-partner has keys to the flat.",
        consent=consent,
    )


@pytest.fixture
def housing_case(worker_c, referral, haven_records):
    return services.accept_referral(worker_c, referral)


def housing_page(signed_in, worker_c, housing_case):
    return signed_in(worker_c).get(reverse("cases:detail", args=[housing_case.pk]))


def test_the_housing_case_shows_what_haven_knows_after_acceptance(
    signed_in, worker_c, housing_case, haven_records
):
    panel = _panel(housing_page(signed_in, worker_c, housing_case))

    assert "High risk (15 yes answers), assessed" in panel
    assert "Warning: </strong>High risk" in panel
    assert "On the agenda of the meeting on" in panel
    assert "Warning: </strong>Do not leave messages or voicemail" in panel
    assert "Safe times: Weekdays 10:00 to 14:00" in panel
    assert "Use the safe phone number (hidden" in panel
    assert "07700 900123" not in panel
    assert "Children" in panel and ">2<" not in panel and "2" in panel
    assert HAVEN in panel


def test_a_new_assessment_at_haven_shows_at_housing_without_anything_sent_again(
    signed_in, idva, worker_c, housing_case, open_case
):
    _assess(idva, open_case, 4)

    panel = _panel(housing_page(signed_in, worker_c, housing_case))

    assert "Standard risk (4 yes answers)" in panel
    assert "High risk" not in panel


def test_every_page_under_the_housing_case_carries_the_panel(signed_in, worker_c, housing_case):
    client = signed_in(worker_c)
    for url in (
        reverse("cases:record-contact", args=[housing_case.pk]),
        reverse("cases:add-safety-plan", args=[housing_case.pk]),
        reverse("people:detail", args=[housing_case.person_id]),
    ):
        assert "High risk" in _panel(client.get(url)), url


def test_each_view_of_a_shared_record_is_audited(signed_in, worker_c, housing_case, person_a):
    before = AuditEvent.objects.filter(action="alerts.shared_viewed").count()

    housing_page(signed_in, worker_c, housing_case)

    seen = AuditEvent.objects.filter(action="alerts.shared_viewed").order_by("-pk")
    assert seen.count() == before + 1
    event = seen.first()
    assert event.actor_id == worker_c.user_id
    assert event.agency_id == worker_c.agency_id
    assert event.object_id == str(person_a.pk)


def test_haven_sees_its_own_panel_without_a_shared_view(signed_in, idva, open_case, haven_records):
    response = signed_in(idva).get(reverse("cases:detail", args=[open_case.pk]))

    panel = _panel(response)
    assert "High risk" in panel and "accepted referral" not in panel
    assert not AuditEvent.objects.filter(action="alerts.shared_viewed").exists()


def test_withdrawn_consent_stops_the_sharing(
    signed_in, idva, worker_c, housing_case, consent, today
):
    services.withdraw_consent(idva.user, consent, withdrawn_on=today)

    panel = _panel(housing_page(signed_in, worker_c, housing_case))

    assert "No risk assessment finished" in panel
    assert "Not referred" in panel
    assert "Haven" not in panel


@pytest.mark.parametrize("decision", ["pending", "declined"])
def test_a_referral_not_accepted_shares_nothing(
    signed_in, worker_c, manager_c, referral, haven_records, agency_c, decision
):
    """Riverford Homes' own record of the same woman shows only its own facts."""
    own = PersonFactory(agency=agency_c, given_name="Sarah", family_name="Ahmed")
    if decision == "declined":
        services.decline_referral(manager_c, referral, reason="no_capacity")

    panel = _panel(signed_in(worker_c).get(reverse("people:detail", args=[own.pk])))

    assert "No risk assessment finished" in panel
    assert "Not referred" in panel
    assert "Haven" not in panel


def test_an_agency_without_the_referral_sees_nothing_of_it(
    signed_in, police_rep, manager_b, housing_case, agency_b
):
    own = PersonFactory(agency=agency_b, given_name="Sarah", family_name="Ahmed")
    client = signed_in(manager_b)

    assert client.get(reverse("cases:detail", args=[housing_case.pk])).status_code == 404
    panel = _panel(client.get(reverse("people:detail", args=[own.pk])))
    assert "High risk" not in panel and "Haven" not in panel


def test_the_marac_line_is_kept_from_an_agency_on_the_must_not_receive_list(
    signed_in, worker_c, housing_case, haven_records, council, agency_c
):
    from concord.marac.models import MaracReferral

    MaracReferral.objects.get(pk=haven_records.pk).must_not_receive_agencies.add(agency_c)

    panel = _panel(housing_page(signed_in, worker_c, housing_case))

    assert "On the agenda" not in panel
    assert "High risk" in panel


def test_the_housing_case_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, worker_c, housing_case, open_case, django_assert_num_queries
):
    """The panel reads Haven's records in a fixed number of queries, however many
    assessments Haven has made."""
    client = signed_in(worker_c)
    url = reverse("cases:detail", args=[housing_case.pk])
    client.get(url)
    with django_assert_num_queries(30):  # with the case's tasks, children and stays
        client.get(url)

    for yes in (3, 9, 12):
        _assess(idva, open_case, yes)

    with django_assert_num_queries(30):  # with the case's tasks, children and stays
        client.get(url)


def test_the_contact_form_shows_safe_contact_beside_the_channel(signed_in, worker_c, housing_case):
    body = signed_in(worker_c).get(reverse("cases:record-contact", args=[housing_case.pk]))
    text = body.content.decode()

    hint_at = text.index('id="id_channel-hint"')
    assert "Phone call or text message: Do not leave messages or voicemail" in text[hint_at:]
    assert "07700 900123" not in text
