"""Tasks through the API: listed, set and marked done like on the page; 404 outside the
agency, 403 for a role that does not work on cases, field errors for a bad assignee."""

from __future__ import annotations

import pytest
from django.utils import timezone

from concord.cases.models import Task
from concord.cases.tests.test_api import api

pytestmark = pytest.mark.django_db


def test_a_task_is_set_listed_and_marked_done(idva, opened):
    client = api(idva)
    url = f"/api/v1/cases/{opened['id']}/tasks"
    due = timezone.localdate().isoformat()

    set_ = client.post(
        url,
        {"title": "Ring the school", "due_on": due, "assignee_id": str(idva.user.pk)},
        content_type="application/json",
    )
    assert set_.status_code == 201, set_.content
    task = set_.json()
    assert (task["title"], task["assignee_id"], task["rule"]) == (
        "Ring the school",
        str(idva.user.pk),
        "",
    )
    assert [found["id"] for found in client.get(url).json()] == [task["id"]]
    done = client.post(f"{url}/{task['id']}/done")
    assert done.status_code == 200 and done.json()["done_by_id"] == str(idva.user.pk)
    again = client.post(f"{url}/{task['id']}/done")
    assert again.status_code == 422


def test_a_task_for_someone_outside_the_agency_is_refused_by_field(idva, police_rep, opened):
    response = api(idva).post(
        f"/api/v1/cases/{opened['id']}/tasks",
        {
            "title": "Call",
            "due_on": timezone.localdate().isoformat(),
            "assignee_id": str(police_rep.user.pk),
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "assignee_id" in response.content.decode()
    assert not Task.objects.exists()


def test_another_agency_gets_404_and_a_commissioner_403(police_rep, commissioner, opened):
    url = f"/api/v1/cases/{opened['id']}/tasks"
    body = {"title": "Call", "due_on": timezone.localdate().isoformat()}

    assert api(police_rep).get(url).status_code == 404
    assert api(police_rep).post(url, body, content_type="application/json").status_code == 404
    assert api(commissioner).get(url).status_code == 403
    assert api(commissioner).post(url, body, content_type="application/json").status_code == 403
