"""Default deny, idle timeout, CSRF and error pages that reveal nothing."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from concord.core.middleware import ACTIVITY_NOTED_EVERY_SECONDS, LAST_ACTIVITY
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _load_lint_scope():
    path = Path(__file__).resolve().parents[3] / "scripts" / "lint_scope.py"
    spec = importlib.util.spec_from_file_location("lint_scope", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lint_scope = _load_lint_scope()

PROTECTED = ["/", "/people/", "/accounts/tokens/", "/accounts/users/", "/accounts/agencies/"]


@pytest.mark.parametrize("url", PROTECTED)
def test_anonymous_visitors_are_sent_to_sign_in(url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_person_page_without_sign_in_reveals_nothing(person_a):
    response = Client().get(reverse("people:detail", args=[person_a.pk]))

    assert response.status_code == 302
    assert "Sarah" not in response.content.decode()


def test_admin_site_needs_sign_in_first():
    response = Client().get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_admin_site_is_for_system_administrators_only(signed_in, system_admin, agency_admin_a):
    assert signed_in(system_admin).get("/admin/").status_code == 200
    assert signed_in(system_admin).get("/admin/accounts/agency/").status_code == 200
    assert signed_in(agency_admin_a).get("/admin/").status_code == 403


def test_unknown_page_is_a_plain_404(signed_in, idva):
    response = signed_in(idva).get("/no/such/page/sarah-ahmed/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "sarah-ahmed" not in response.content.decode()


def test_idle_session_is_signed_out_with_a_message(signed_in, idva):
    client = signed_in(idva)
    session = client.session
    session[LAST_ACTIVITY] = timezone.now().timestamp() - 16 * 60
    session.save()

    response = client.get("/", follow=True)

    assert response.redirect_chain[0] == (reverse("accounts:sign-in"), 302)
    assert "You were signed out because you had not done anything for 15" in (
        response.content.decode()
    )
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.session_timed_out", actor=idva.user).exists()


def test_session_outlives_the_idle_timeout_so_the_reason_can_be_shown(signed_in, idva, settings):
    client = signed_in(idva)
    client.get("/")

    idle_seconds = settings.IDLE_TIMEOUT.total_seconds()
    assert client.session.get_expiry_age() >= idle_seconds + 60 * 60


def test_activity_within_the_timeout_keeps_the_session(signed_in, idva):
    client = signed_in(idva)
    session = client.session
    session[LAST_ACTIVITY] = timezone.now().timestamp() - 14 * 60
    session.save()

    assert client.get("/").status_code == 200


def test_a_page_view_writes_the_session_only_when_the_last_activity_is_old(signed_in, idva):
    client = signed_in(idva)
    session = client.session
    noted = timezone.now().timestamp() - ACTIVITY_NOTED_EVERY_SECONDS + 5
    session[LAST_ACTIVITY] = noted
    session.save()

    client.get("/")
    assert client.session[LAST_ACTIVITY] == noted  # not written again

    session = client.session
    session[LAST_ACTIVITY] = noted - 10
    session.save()
    client.get("/")
    assert client.session[LAST_ACTIVITY] > noted  # noted again


@override_settings(IDLE_TIMEOUT=timedelta(minutes=2))
def test_idle_timeout_is_configurable(signed_in, idva):
    client = signed_in(idva)
    session = client.session
    session[LAST_ACTIVITY] = timezone.now().timestamp() - 3 * 60
    session.save()

    assert client.get("/")["Location"] == reverse("accounts:sign-in")


def test_form_without_csrf_token_is_refused_and_audited(idva):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:sign-in"), {"email": idva.user.email})

    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert AuditEvent.objects.filter(action="security.csrf_failed").exists()


def test_every_response_carries_a_request_id(signed_in, idva, person_a):
    response = signed_in(idva).get(reverse("people:detail", args=[person_a.pk]))

    event = AuditEvent.objects.filter(action="person.viewed").get()
    assert event.request_id == response["X-Request-ID"]


def test_scope_lint_passes_on_the_project():
    assert list(lint_scope.violations(lint_scope.PROJECT)) == []


def test_scope_lint_catches_a_view_using_a_person_manager(tmp_path):
    app = tmp_path / "cases"
    app.mkdir()
    (app / "models.py").write_text(
        "class Case(AgencyScopedModel):\n    pass\n\nclass Note(Case):\n    pass\n"
    )
    (app / "views.py").write_text("def v(request):\n    return Note.objects.all()\n")

    found = list(lint_scope.violations(tmp_path))

    assert found == [f"{app / 'views.py'}:2: Note.objects used directly; go through request.scope"]


def test_changes_in_django_admin_are_audited(signed_in, system_admin, agency_a):
    response = signed_in(system_admin).post(
        f"/admin/accounts/agency/{agency_a.pk}/change/",
        {
            "name": "Haven DA Services",
            "slug": agency_a.slug,
            "kind": agency_a.kind,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.actor == system_admin.user
    assert event.object_id == str(agency_a.pk)
    assert event.changes == ["name"]


def test_server_error_page_reveals_nothing(rf):
    from concord.core.views import server_error

    request = rf.get("/people/some-id/")
    response = server_error(request)

    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "some-id" not in body
    assert "Traceback" not in body


def test_a_request_for_an_unknown_host_gets_a_plain_400():
    response = Client(HTTP_HOST="evil.example").get("/")

    assert response.status_code == 400
    assert "there is a problem with the request" in response.content.decode()
