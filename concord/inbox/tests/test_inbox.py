"""The help point's inbox: scope (another agency's referral is 404), roles (403), the clock
to first contact, acceptance into a person and case (once, even when two workers race),
the ON_ACCEPT hooks, closing without a case, and the home panel."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from concord.cases.models import Case, Contact
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.core.tests.pages import named
from concord.inbox import presenters, services
from concord.inbox.clock import ClockState, contact_clock, hours_and_minutes
from concord.inbox.models import OnlineReferral
from concord.inbox.tests.conftest import VALID
from concord.people.models import ContactSafety, Person

pytestmark = pytest.mark.django_db


def pages(referral):
    return [
        reverse("inbox:list"),
        reverse("inbox:detail", args=[referral.pk]),
        reverse("inbox:first-contact", args=[referral.pk]),
        reverse("inbox:accept", args=[referral.pk]),
        reverse("inbox:close", args=[referral.pk]),
    ]


# The clock ---------------------------------------------------------------------------------


def test_the_clock_runs_until_the_first_contact():
    start = timezone.now()
    day = timedelta(hours=24)
    assert contact_clock(start, None, start + timedelta(hours=3), day).state is ClockState.DUE
    late = contact_clock(start, None, start + timedelta(hours=25), day)
    assert (late.state, late.left) == (ClockState.OVERDUE, timedelta(0))
    met = contact_clock(start, start + timedelta(hours=2), start + timedelta(days=9), day)
    assert (met.state, met.elapsed) == (ClockState.MET, timedelta(hours=2))
    missed = contact_clock(start, start + timedelta(hours=30), start + timedelta(days=9), day)
    assert missed.state is ClockState.MISSED


def test_spans_read_in_days_hours_and_minutes():
    assert hours_and_minutes(timedelta(minutes=12)) == "12 minutes"
    assert hours_and_minutes(timedelta(hours=5, minutes=1)) == "5 hours 1 minute"
    assert hours_and_minutes(timedelta(days=3, hours=4, minutes=9)) == "3 days 4 hours"
    assert hours_and_minutes(timedelta(seconds=20)) == "less than a minute"


# Scope and roles -----------------------------------------------------------------------------


def test_a_worker_at_another_agency_gets_404(signed_in, manager_c, other_help_point, referral):
    client = signed_in(manager_c)
    # Riverford's help point takes no online referrals: the inbox is not theirs at all.
    assert client.get(reverse("inbox:list")).status_code == 403
    from concord.accounts.models import Service

    Service.objects.filter(pk=other_help_point.pk).update(takes_online_referrals=True)
    client = signed_in(manager_c)
    assert client.get(reverse("inbox:list")).status_code == 200
    for url in pages(referral)[1:]:
        assert client.get(url).status_code == 404, url
    accept = client.post(pages(referral)[3], {"given_name": "Sam", "family_name": "Jones"})
    assert accept.status_code == 404
    assert client.post(pages(referral)[4], {"close_reason": "declined"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "new"
    assert referral.reference not in client.get(reverse("inbox:list")).content.decode()


def test_roles_without_case_data_get_403(signed_in, agency_admin_a, commissioner, referral):
    for membership in (agency_admin_a, commissioner):
        client = signed_in(membership)
        for url in pages(referral):
            assert client.get(url).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client, referral):
    for url in pages(referral):
        response = client.get(url)
        assert response.status_code == 302
        assert "sign-in" in response["Location"]


# The list and the page ------------------------------------------------------------------------


def test_the_list_shows_new_referrals_oldest_first_with_their_clock(
    signed_in, idva, help_point, referral, django_assert_max_num_queries
):
    older = services.receive_self_referral(help_point, **VALID)
    OnlineReferral.objects.filter(pk=older.pk).update(
        received_at=timezone.now() - timedelta(hours=30)
    )
    client = signed_in(idva)
    client.get(reverse("inbox:list"))
    with django_assert_max_num_queries(7):  # the same for any number of referrals
        page = client.get(reverse("inbox:list")).content.decode()
    assert "2 referrals" in page
    assert page.index(older.reference) < page.index(referral.reference)
    assert "Overdue" in page and "Due" in page
    assert not named(page, "Sam")  # the list shows no names
    closed = client.get(reverse("inbox:list"), {"status": "closed"}).content.decode()
    assert "No referrals match" in closed


def test_the_target_hours_are_configurable(signed_in, idva, referral):
    with override_settings(ONLINE_REFERRAL_CONTACT_HOURS=1):
        OnlineReferral.objects.filter(pk=referral.pk).update(
            received_at=timezone.now() - timedelta(hours=2)
        )
        assert "Overdue" in signed_in(idva).get(reverse("inbox:list")).content.decode()


def test_the_page_shows_everything_sent_with_safety_first_and_is_audited(signed_in, idva, referral):
    page = signed_in(idva).get(reverse("inbox:detail", args=[referral.pk])).content.decode()
    never = page.index('data-concord="never"')
    assert never < page.index("What they sent")
    for text in ("Do not leave a voicemail", "Do not call after 5pm", "07700 900123", "Polish"):
        assert text in page
    assert "<title>Online referral " + referral.reference in page
    assert "Sam" not in page.split("<title>")[1].split("</title>")[0]
    assert AuditEvent.objects.filter(
        action="online_referral.viewed", object_id=str(referral.pk), actor=idva.user
    ).exists()


# First contact ----------------------------------------------------------------------------------


def test_a_worker_records_the_first_contact_and_the_clock_stops(signed_in, idva, referral):
    when = timezone.localtime() - timedelta(minutes=30)
    when = when.replace(second=0, microsecond=0)
    response = signed_in(idva).post(
        reverse("inbox:first-contact", args=[referral.pk]),
        {**date_parts("on", when.date()), "at": when.strftime("%H:%M")},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.first_contact_at == when


def test_a_first_contact_before_the_referral_or_in_the_future_is_refused(idva, referral):
    for moment in (
        referral.received_at - timedelta(minutes=5),
        timezone.now() + timedelta(hours=1),
    ):
        with pytest.raises(ValidationError):
            services.record_first_contact(idva.user, referral, occurred_at=moment)
    referral.refresh_from_db()
    assert referral.first_contact_at is None


def test_the_first_contact_form_shows_a_bad_time_in_the_summary(signed_in, idva, referral):
    future = timezone.localtime() + timedelta(days=2)
    page = (
        signed_in(idva)
        .post(
            reverse("inbox:first-contact", args=[referral.pk]),
            {**date_parts("on", future.date()), "at": "10:00"},
        )
        .content.decode()
    )
    assert "govuk-error-summary" in page
    assert "must be now or in the past" in page


# Accept and close -------------------------------------------------------------------------------


def test_accepting_makes_a_person_and_an_open_case_led_by_the_worker(
    signed_in, idva, help_point, referral
):
    services.record_first_contact(
        idva.user, referral, occurred_at=referral.received_at + timedelta(minutes=20)
    )
    response = signed_in(idva).post(
        reverse("inbox:accept", args=[referral.pk]),
        {"given_name": "Samira", "family_name": "Khan"},
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.person.given_name, case.person.family_name) == ("Samira", "Khan")
    assert (case.service, case.status, case.lead_professional) == (help_point, "open", idva.user)
    assert (case.referral_source, case.method_of_access) == ("self", "web")
    assert case.referred_at == referral.received_at
    contact = Contact.objects.get(case=case)
    assert contact.occurred_at == referral.received_at + timedelta(minutes=20)
    safety = ContactSafety.objects.get(person=case.person)
    assert (safety.safe_phone, safety.safe_to_leave_message) == ("07700 900123", "no")
    referral.refresh_from_db()
    assert (referral.status, referral.case, referral.decided_by) == ("accepted", case, idva.user)
    assert AuditEvent.objects.filter(action="online_referral.accepted").count() == 1


def test_a_second_accept_is_refused_clearly(signed_in, idva, referral):
    services.accept(idva.user, referral, given_name="Sam", family_name="Jones")
    page = (
        signed_in(idva)
        .post(
            reverse("inbox:accept", args=[referral.pk]), {"given_name": "Sam", "family_name": "J"}
        )
        .content.decode()
    )
    assert "already been accepted" in page
    assert Case.objects.count() == 1
    assert Person.objects.count() == 1


def test_the_accept_hooks_run_inside_the_acceptance(idva, referral):
    seen = []

    def note(actor, accepted, case):
        seen.append((actor, accepted.pk, case.pk))

    def refuse(actor, accepted, case):
        raise ValidationError("The hook refuses")

    services.ON_ACCEPT.append(refuse)
    try:
        with pytest.raises(ValidationError):
            services.accept(idva.user, referral, given_name="Sam", family_name="Jones")
    finally:
        services.ON_ACCEPT.remove(refuse)
    assert not Case.objects.exists()  # the hook's refusal undid it all
    services.ON_ACCEPT.append(note)
    try:
        case = services.accept(idva.user, referral, given_name="Sam", family_name="Jones")
    finally:
        services.ON_ACCEPT.remove(note)
    assert seen == [(idva.user, referral.pk, case.pk)]


def test_closing_without_a_case_needs_a_reason(signed_in, idva, referral):
    client = signed_in(idva)
    url = reverse("inbox:close", args=[referral.pk])
    assert "Select why the referral is closed" in client.post(url, {}).content.decode()
    response = client.post(url, {"close_reason": "not_reached"})
    assert response["Location"] == reverse("inbox:list")
    referral.refresh_from_db()
    assert (referral.status, referral.close_reason) == ("closed", "not_reached")
    with pytest.raises(ValidationError):
        services.accept(idva.user, referral, given_name="Sam", family_name="Jones")
    assert not Case.objects.exists()


# The home panel ------------------------------------------------------------------------------


def test_the_home_panel_counts_new_and_overdue_referrals(signed_in, idva, help_point, referral):
    late = services.receive_self_referral(help_point, **VALID)
    OnlineReferral.objects.filter(pk=late.pk).update(received_at=timezone.now() - timedelta(days=2))
    page = signed_in(idva).get(reverse("home")).content.decode()
    assert "2 new referrals" in page
    assert "1 overdue" in page


def test_the_home_panel_is_not_shown_at_other_agencies(signed_in, manager_c, referral):
    assert (
        "panel-new_online_referrals"
        not in signed_in(manager_c).get(reverse("home")).content.decode()
    )


# Two workers at once -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_accepting_at_once_make_one_case(idva, manager_a, help_point):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL's row locks")
    referral = services.receive_self_referral(help_point, **VALID)
    OnlineReferral.objects.filter(pk=referral.pk).update(
        received_at=timezone.now() - timedelta(hours=1)
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def accept_as(membership):
        from django.db import connection as own

        try:
            start.wait()
            services.accept(membership.user, referral, given_name="Sam", family_name="Jones")
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            own.close()

    workers = [threading.Thread(target=accept_as, args=(m,)) for m in (idva, manager_a)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Case.objects.count() == 1
    assert Person.objects.count() == 1


def test_a_first_contact_in_the_minute_the_referral_arrived_counts_from_its_arrival(
    idva, help_point
):
    referral = services.receive_self_referral(help_point, **VALID)
    same_minute = referral.received_at.replace(second=0, microsecond=0)
    services.record_first_contact(idva.user, referral, occurred_at=same_minute)
    referral.refresh_from_db()
    assert referral.first_contact_at == referral.received_at
    case = services.accept(idva.user, referral, given_name="Sam", family_name="Jones")
    assert Contact.objects.get(case=case).occurred_at == referral.received_at


def test_the_demo_puts_two_self_referrals_in_the_inbox_once(help_point):
    from concord.demo.online_referrals import record_demo_online_referrals

    record_demo_online_referrals()
    record_demo_online_referrals()
    demo = list(OnlineReferral.objects.order_by("received_at"))
    assert len(demo) == 2
    states = [presenters.clock(referral).state for referral in demo]
    assert states == [ClockState.OVERDUE, ClockState.DUE]
