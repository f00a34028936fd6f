"""Personal API tokens: shown once, stored hashed, revocable, expiring, scoped to a role."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ApiToken, hash_token
from concord.accounts.services import create_api_token

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")


def bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_token_is_shown_once_and_stored_only_as_a_hash(signed_in, idva):
    client = signed_in(idva)

    body = client.post(TOKENS, {"name": "Police upload"}, follow=True).content.decode()

    key = re.search(r'id="new-token">(cnc_[^<]+)<', body).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(key)
    assert key not in str(ApiToken.objects.values().get())
    assert key not in client.get(TOKENS).content.decode()
    assert ApiToken.objects.count() == 1
    me = bearer(key).get("/api/v1/me").json()
    assert me == {
        "full_name": idva.user.full_name,
        "email": idva.user.email,
        "role": "practitioner",
        "agency": idva.agency.name,
    }


def test_token_needs_a_name(signed_in, idva):
    body = signed_in(idva).post(TOKENS, {"name": ""}).content.decode()

    assert "Enter a name for the token" in body
    assert not ApiToken.objects.exists()


def test_revoked_token_is_refused(signed_in, idva):
    issued = create_api_token(idva.user, idva, name="t")

    signed_in(idva).post(reverse("accounts:revoke-token", args=[issued.token.pk]))

    assert bearer(issued.key).get("/api/v1/me").status_code == 401


def test_expired_token_is_refused(idva):
    issued = create_api_token(idva.user, idva, name="t")
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert bearer(issued.key).get("/api/v1/me").status_code == 401


def test_token_stops_working_when_the_role_ends(idva):
    issued = create_api_token(idva.user, idva, name="t")
    idva.is_active = False
    idva.save()

    assert bearer(issued.key).get("/api/v1/me").status_code == 401


def test_someone_elses_token_cannot_be_revoked(signed_in, idva, police_rep):
    issued = create_api_token(police_rep.user, police_rep, name="t")

    response = signed_in(idva).post(reverse("accounts:revoke-token", args=[issued.token.pk]))

    assert response.status_code == 404
    assert bearer(issued.key).get("/api/v1/me").status_code == 200


def test_openapi_schema_is_published(db):
    schema = Client().get("/api/v1/openapi.json").json()

    assert schema["info"]["title"] == "Concord API"
    assert "/api/v1/people/{person_id}" in schema["paths"]
    assert (
        "BearerAuth" in str(schema["components"]["securitySchemes"])
        or schema["components"]["securitySchemes"]
    )
