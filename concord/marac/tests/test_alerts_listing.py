"""A MARAC listing shares the victim's alerts panel (ADR 0017) with the agencies attending
the meeting, on the pages of the listed case, read live from the referring agency's
records; an agency that does not attend sees nothing, and each view is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.people import services as people_services

pytestmark = pytest.mark.django_db


def _panel(response) -> str:
    text = response.content.decode()
    start = text.find('data-concord="alerts"')
    return text[start : text.find("</section>", start)] if start != -1 else ""


def test_an_attending_agency_sees_the_listed_victims_alerts(
    signed_in, idva, police_rep, item, person_a
):
    people_services.set_contact_safety(idva.user, person_a, safe_to_leave_message="no")

    panel = _panel(signed_in(police_rep).get(reverse("marac:item", args=[item.pk])))

    assert "On the agenda of the meeting on" in panel
    assert "Do not leave messages or voicemail" in panel
    assert "Haven Domestic Abuse Services (MARAC listing)" in panel
    seen = AuditEvent.objects.get(action="alerts.shared_viewed")
    assert (seen.actor_id, seen.object_id) == (police_rep.user_id, str(person_a.pk))


def test_an_agency_not_attending_sees_nothing_of_the_listed_case(signed_in, homes_rep, item):
    response = signed_in(homes_rep).get(reverse("marac:item", args=[item.pk]))

    assert response.status_code == 404
    assert not _panel(response)
    assert not AuditEvent.objects.filter(action="alerts.shared_viewed").exists()
