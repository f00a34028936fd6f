"""Bad API tokens are counted per client address, audited at most twice a minute, and an
address that sends too many is answered 429."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from ninja.errors import Throttled

from concord.accounts import token_rejections
from concord.accounts.services import create_api_token
from concord.config.api import TokenAuth
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Every request of a test falls in the same minute, with 42 seconds of it left."""
    cache.clear()
    monkeypatch.setattr(token_rejections, "_minute", lambda: (29_000_000, 42))


def bad_token_from(address):
    client = Client(REMOTE_ADDR=address, headers={"Authorization": "Bearer cnc_wrong"})
    return client.get("/api/v1/people")


def test_a_thousand_bad_tokens_from_one_address_write_two_events(settings, rf):
    """Through the API's authentication itself: a thousand requests through the whole
    middleware stack would be slow for no more certainty."""
    settings.API_REJECTED_TOKENS_PER_MINUTE = 30
    authenticate = TokenAuth()
    outcomes = []
    for _ in range(1000):
        request = rf.get("/api/v1/people", REMOTE_ADDR="203.0.113.7")
        request.META["HTTP_AUTHORIZATION"] = "Bearer cnc_wrong"
        try:
            outcomes.append(authenticate(request))
        except Throttled as refused:
            outcomes.append(refused.wait)

    assert outcomes.count(None) == 30  # rejected: 401
    assert outcomes.count(42) == 970  # refused before the token is looked up: 429
    events = AuditEvent.objects.filter(object_type="api.client")
    assert list(events.values_list("action", flat=True)) == [
        "api.tokens_rejected",
        "api.tokens_rejected_limit_reached",
    ]


def test_the_address_is_never_stored():
    bad_token_from("203.0.113.7")

    event = AuditEvent.objects.get(action="api.tokens_rejected")
    assert "203.0.113" not in f"{event.object_id} {event.changes} {event.reason}"
    assert len(event.object_id) == 16


def test_over_the_limit_answers_429_with_retry_after_in_the_api_error_form(settings):
    settings.API_REJECTED_TOKENS_PER_MINUTE = 3
    for _ in range(3):
        assert bad_token_from("203.0.113.7").status_code == 401

    response = bad_token_from("203.0.113.7")

    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert response.json() == {"detail": "Too many bad API tokens from this address; try later."}


def test_a_valid_token_from_another_address_still_works(settings, idva):
    settings.API_REJECTED_TOKENS_PER_MINUTE = 3
    for _ in range(5):
        bad_token_from("203.0.113.7")
    token = create_api_token(idva.user, idva, name="test").key

    client = Client(REMOTE_ADDR="198.51.100.4", headers={"Authorization": f"Bearer {token}"})

    assert client.get("/api/v1/people").status_code == 200


def test_each_address_is_counted_on_its_own(settings):
    settings.API_REJECTED_TOKENS_PER_MINUTE = 3
    for _ in range(5):
        bad_token_from("203.0.113.7")

    assert bad_token_from("198.51.100.4").status_code == 401
    assert AuditEvent.objects.filter(action="api.tokens_rejected").count() == 2
