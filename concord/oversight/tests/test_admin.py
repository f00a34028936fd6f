"""The alert rules' thresholds are data that system administrators change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.oversight.models import AlertKind, AlertRule

pytestmark = pytest.mark.django_db


def change_page(rule: AlertRule) -> str:
    return reverse("admin:oversight_alertrule_change", args=[rule.pk])


def test_a_system_administrator_changes_a_threshold_and_the_change_is_audited(
    signed_in, system_admin
):
    rule = AlertRule.objects.get(kind=AlertKind.MANY_RECORDS)

    response = signed_in(system_admin).post(
        change_page(rule), {"is_enabled": "on", "more_than": "40", "window_minutes": "15"}
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.more_than, rule.window_minutes) == (40, 15)
    event = AuditEvent.objects.get(action="admin.changed", object_id=str(rule.pk))
    assert event.changes == ["more_than", "window_minutes"]


def test_no_rule_is_added_in_the_admin(signed_in, system_admin):
    assert signed_in(system_admin).get(reverse("admin:oversight_alertrule_add")).status_code == 403


@pytest.mark.parametrize("persona", ["manager_a", "agency_admin_a", "idva"])
def test_other_roles_cannot_change_the_rules(signed_in, persona, request):
    rule = AlertRule.objects.get(kind=AlertKind.MANY_RECORDS)
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(change_page(rule)).status_code == 403
    assert (
        client.post(change_page(rule), {"more_than": "1000", "window_minutes": "1"}).status_code
        == 403
    )
    rule.refresh_from_db()
    assert rule.more_than == 20
