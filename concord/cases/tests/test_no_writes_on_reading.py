"""Reading a page or listing through the API writes nothing to the database but the audit
trail: no session save, no token bookkeeping on every call (issue 11)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ApiToken
from concord.accounts.services import create_api_token
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Writing an audit event appends the event and moves the chain's head.
AUDIT_TABLES = re.compile(r"^core_audit")


def writes_other_than_audit(captured: CaptureQueriesContext) -> list[str]:
    writes = [WRITE.match(query["sql"]) for query in captured.captured_queries]
    return [
        f"{match.group(1)} {match.group(2)}"
        for match in writes
        if match is not None and not AUDIT_TABLES.match(match.group(2))
    ]


@pytest.fixture
def case(idva, person_a):
    opened = services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency),
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    services.record_contact(
        idva.user, opened, channel="call", initiated_by="victim", occurred_at=timezone.now()
    )
    return opened


def test_reading_pages_writes_nothing_but_audit_events(signed_in, idva, case):
    client = signed_in(idva)
    pages = ["/", reverse("cases:caseload"), reverse("cases:detail", args=[case.pk])]

    for page in pages * 2:  # the first visit and a later one
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200, page
        assert writes_other_than_audit(captured) == [], page


def test_reading_a_case_writes_its_audit_event(signed_in, idva, case):
    with CaptureQueriesContext(connection) as captured:
        signed_in(idva).get(reverse("cases:detail", args=[case.pk]))

    assert any(
        (match := WRITE.match(query["sql"])) and match.group(2) == "core_auditevent"
        for query in captured.captured_queries
    )


def test_listing_cases_through_the_api_writes_nothing_but_audit_events(idva, case):
    key = create_api_token(idva.user, idva, name="test").key
    client = Client(headers={"Authorization": f"Bearer {key}"})
    client.get("/api/v1/cases")  # the first call notes the token's use

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/cases").status_code == 200

    assert writes_other_than_audit(captured) == []


def test_a_tokens_use_is_noted_once_a_minute(idva, case):
    created = create_api_token(idva.user, idva, name="test")
    client = Client(headers={"Authorization": f"Bearer {created.key}"})
    token = ApiToken.objects.get(name="test")
    assert token.last_used_at is None

    client.get("/api/v1/cases")
    token.refresh_from_db()
    first_use = token.last_used_at
    client.get("/api/v1/cases")
    token.refresh_from_db()
    assert first_use is not None and token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get("/api/v1/cases")
    token.refresh_from_db()
    assert token.last_used_at > first_use
