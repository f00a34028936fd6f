"""Sessions out of the database: kept in files every web worker shares, never culled,
swept when expired, ended on the server at sign-out, renewed at sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import PASSWORD
from concord.config import settings as production_settings
from concord.core.middleware import LAST_ACTIVITY
from concord.core.sessions import SessionFileCache, SessionStore, forget_expired_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_sessions(tmp_path):
    """Sessions in files, as in production, for one test."""
    sessions = {"BACKEND": "concord.core.sessions.SessionFileCache", "LOCATION": tmp_path}
    with override_settings(CACHES={"default": {}, "sessions": sessions}):
        yield caches["sessions"]


def test_production_keeps_sessions_in_files_under_the_data_directory():
    sessions = production_settings.CACHES[production_settings.SESSION_CACHE_ALIAS]

    assert production_settings.SESSION_ENGINE == "concord.core.sessions"
    assert sessions["BACKEND"] == "concord.core.sessions.SessionFileCache"
    assert sessions["LOCATION"] == production_settings.DATA_DIR / "sessions"
    assert not hasattr(production_settings, "SESSION_SAVE_EVERY_REQUEST")


def test_the_session_file_cache_never_culls_a_live_session(tmp_path):
    cache = SessionFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 2}})

    for number in range(6):
        cache.set(f"session-{number}", {"number": number}, 3600)

    assert [cache.get(f"session-{number}") for number in range(6)] == [
        {"number": number} for number in range(6)
    ]


def test_expired_sessions_are_swept_and_live_ones_kept(file_sessions):
    file_sessions.set("live", {"kept": True}, 3600)
    file_sessions.set("expired-1", {}, 0)
    file_sessions.set("expired-2", {}, 0)

    assert forget_expired_sessions() == 2
    assert file_sessions.get("live") == {"kept": True}
    assert len(file_sessions._list_cache_files()) == 1


def test_clearsessions_sweeps_the_session_files(file_sessions):
    file_sessions.set("expired", {}, 0)

    SessionStore.clear_expired()

    assert file_sessions._list_cache_files() == []


def test_a_signed_in_day_works_with_file_sessions(file_sessions, signed_in, idva):
    client = signed_in(idva)
    key = client.session.session_key

    assert client.get("/").status_code == 200
    assert SessionStore().exists(key)

    assert client.post(reverse("accounts:sign-out"))["Location"] == reverse("accounts:sign-in")
    assert not SessionStore().exists(key)
    assert file_sessions._list_cache_files() == []


def test_sign_out_ends_the_session_on_the_server_for_a_copied_cookie(signed_in, idva):
    client = signed_in(idva)
    copy = Client()
    copy.cookies["sessionid"] = client.cookies["sessionid"].value  # the cookie, copied elsewhere

    client.post(reverse("accounts:sign-out"))

    assert copy.get("/").status_code == 302
    assert not SessionStore().exists(copy.cookies["sessionid"].value)


def test_signing_in_gives_a_new_session_key(idva):
    client = Client()
    session = client.session
    session["before"] = "sign-in"
    session.save()
    before = session.session_key

    client.post(reverse("accounts:sign-in"), {"email": idva.user.email, "password": PASSWORD})

    assert client.session.session_key != before
    assert not SessionStore().exists(before)


def test_idle_timeout_still_signs_out_with_file_sessions(file_sessions, signed_in, idva):
    client = signed_in(idva)
    session = client.session
    session[LAST_ACTIVITY] = (timezone.now() - timedelta(minutes=16)).timestamp()
    session.save()

    response = client.get("/", follow=True)

    assert response.redirect_chain[0] == (reverse("accounts:sign-in"), 302)
    assert "because you had not done anything for 15 minutes" in response.content.decode()
    assert not SessionStore().exists(session.session_key)
