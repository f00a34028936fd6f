"""Logging calls without a person, turning one into a person and case, and counting them
once in the helpline-calls indicator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.models import Contact
from concord.core.models import AuditEvent
from concord.domain.periods import Period
from concord.helpline import services
from concord.helpline.models import HelplineCall
from concord.indicators.engine import compute

pytestmark = pytest.mark.django_db


def log(idva, service, when, caller_type="victim_survivor", **kwargs):
    return services.log_call(
        idva.user, service, called_at=when, caller_type=caller_type, reason="safety", **kwargs
    )


def helpline_calls(**filters):
    today = timezone.localdate()
    period = Period(today - timedelta(days=7), today, "the last week")
    return [(r.group, r.numerator) for r in compute(["helpline_calls"], period, **filters)]


def test_a_call_is_logged_with_no_person_and_audited_without_its_words(call, idva):
    assert (call.caller_type, call.signposted_to, call.signposted_other) == (
        "victim_survivor",
        ["other", "police"],
        "Local food bank",
    )
    event = AuditEvent.objects.get(action="helpline_call.logged")
    assert (event.actor, event.object_id) == (idva.user, str(call.pk))
    assert "food bank" not in str(event.changes) + event.reason


def test_a_call_needs_a_help_point_a_known_caller_and_a_past_time(idva, agency_a, help_point):
    housing = add_service(None, agency_a, name="Safe Home", kind=ServiceKind.HOUSING)
    now = timezone.now()
    for service, when, kwargs, field in (
        (housing, now, {}, "service"),
        (help_point, now, {"caller_type": "neighbour"}, "caller_type"),
        (help_point, now + timedelta(hours=2), {}, "called_at"),
        (help_point, now, {"signposted_to": ["other"]}, "signposted_other"),
        (help_point, now, {"signposted_to": ["astrologer"]}, "signposted_to"),
    ):
        with pytest.raises(ValidationError) as refused:
            log(idva, service, when, **kwargs)
        assert field in refused.value.message_dict
    assert not HelplineCall.objects.exists()


def test_turning_a_call_into_a_case_makes_it_the_first_contact(idva, call):
    case = services.turn_into_case(idva.user, call, given_name="Rosa", family_name="Lind")

    call.refresh_from_db()
    contact = Contact.objects.get(case=case)
    assert call.contact == contact
    assert (case.status, case.method_of_access, case.referral_source) == (
        "open",
        "helpline_call",
        "self",
    )
    assert (contact.channel, contact.initiated_by, contact.occurred_at) == (
        "call",
        "victim",
        call.called_at,
    )
    assert (contact.duration_minutes, contact.worker) == (25, idva.user)
    assert case.person.is_victim_survivor
    assert AuditEvent.objects.filter(action="helpline_call.turned_into_case").count() == 1
    with pytest.raises(ValidationError, match="already been turned into a case"):
        services.turn_into_case(idva.user, call, given_name="Rosa", family_name="Lind")


def test_only_a_victims_call_becomes_their_case(idva, help_point, an_hour_ago):
    friend = log(idva, help_point, an_hour_ago, caller_type="family_or_friend")
    with pytest.raises(ValidationError, match="victim or survivor"):
        services.turn_into_case(idva.user, friend, given_name="Rosa", family_name="Lind")
    assert not Contact.objects.exists()


def test_the_indicator_counts_service_users_calls_with_and_without_a_case_once_each(
    idva, help_point, agency_a, person_a, an_hour_ago
):
    for caller in ("victim_survivor", "family_or_friend", "professional", "person_causing_harm"):
        log(idva, help_point, an_hour_ago, caller_type=caller)
    case = case_services.open_case(
        idva.user,
        person_a,
        help_point,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=an_hour_ago - timedelta(days=1),
    )
    case_services.change_status(idva.user, case, "open")
    case_services.record_contact(
        idva.user, case, channel="call", initiated_by="victim", occurred_at=an_hour_ago
    )
    assert helpline_calls() == [(None, 3)]  # victim and friend logged, one case call

    turned = HelplineCall.objects.get(caller_type="victim_survivor")
    services.turn_into_case(idva.user, turned, given_name="Rosa", family_name="Lind")
    assert helpline_calls() == [(None, 3)]  # the same call, now counted as a contact


def test_the_indicator_breaks_calls_down_by_service_and_filters_by_agency(
    idva, help_point, other_help_point, worker_c, agency_c, an_hour_ago
):
    log(idva, help_point, an_hour_ago)
    log(worker_c, other_help_point, an_hour_ago)
    log(worker_c, other_help_point, an_hour_ago, caller_type="family_or_friend")

    assert helpline_calls(agency=agency_c) == [(None, 2)]
    assert helpline_calls(disaggregation="service") == [
        ("Homes helpline", 2),
        ("SAFE help point", 1),
    ]
