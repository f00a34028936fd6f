"""Training pages: only the delivering agency's sessions (404 for another's), roles (403)
on every page and form, errors in the error summary with nothing saved, totals per
financial year, filters, a CSV that never runs a formula, and a pinned query count."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts, date_shown
from concord.domain.periods import financial_year_of
from concord.training.models import StaffTrained, TrainingSession
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

VALID = {
    **date_parts("held_on", "2026-10-14"),
    "kind": "staff_training",
    "title": "Recognising coercive control",
    "attendees": "20",
    "children_reached": "0",
    "reported_more_knowledge": "17",
}


@pytest.fixture
def session_a(agency_a):
    return TrainingSessionFactory(agency=agency_a, title="Haven staff training")


def test_the_list_shows_only_the_agencys_own_sessions(signed_in, police_rep, session_a):
    TrainingSessionFactory(agency=police_rep.agency, title="Police awareness day")

    page = signed_in(police_rep).get(reverse("training:list"), {"year": "all"}).content.decode()

    assert "Police awareness day" in page
    assert "Haven staff training" not in page


def test_another_agencys_session_is_404_to_see_or_change(signed_in, police_rep, session_a):
    client = signed_in(police_rep)
    url = reverse("training:edit", args=[session_a.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, VALID).status_code == 404
    session_a.refresh_from_db()
    assert session_a.title == "Haven staff training"


def test_another_agencys_sessions_are_not_in_its_export(signed_in, police_rep, session_a):
    response = signed_in(police_rep).get(reverse("training:export"), {"year": "all"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1  # the header only


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_every_training_page_and_form_is_403_for_roles_without_it(
    request, signed_in, persona, session_a
):
    client = signed_in(request.getfixturevalue(persona))

    for url in (reverse("training:list"), reverse("training:export")):
        assert client.get(url).status_code == 403, url
    for url in (reverse("training:add"), reverse("training:edit", args=[session_a.pk])):
        assert client.get(url).status_code == 403, url
        assert client.post(url, VALID).status_code == 403, url
    assert TrainingSession.objects.count() == 1


@pytest.mark.parametrize("persona", ["idva", "manager_a"])
def test_practitioners_and_managers_record_sessions(request, signed_in, persona, agency_b):
    membership = request.getfixturevalue(persona)

    response = signed_in(membership).post(
        reverse("training:add"), VALID | {f"staff-{agency_b.slug}": "12"}
    )

    session = TrainingSession.objects.get()
    assert response["Location"] == reverse("training:list") + "?year=2026"
    assert session.agency == membership.agency
    assert [(row.agency, row.staff) for row in session.staff_trained.all()] == [(agency_b, 12)]
    assert session.reported_more_knowledge == 17


def test_marac_representatives_record_sessions_too(signed_in, police_rep):
    assert signed_in(police_rep).post(reverse("training:add"), VALID).status_code == 302


def test_errors_are_shown_in_the_summary_and_nothing_is_saved(signed_in, idva):
    client = signed_in(idva)

    empty = client.post(reverse("training:add"), {}).content.decode()
    too_many = client.post(
        reverse("training:add"), VALID | {"reported_more_knowledge": "21"}
    ).content.decode()
    future = client.post(
        reverse("training:add"), VALID | {**date_parts("held_on", "2099-01-01")}
    ).content.decode()

    assert "There is a problem" in empty
    assert "Enter the date of the session" in empty
    assert "Select the kind of session" in empty
    assert "Enter the number of people attending" in empty
    assert 'href="#id_reported_more_knowledge"' in too_many
    assert "Staff trained from each agency" in empty
    assert "cannot be more than the number attending" in too_many
    assert "The date of the session must be today or in the past" in future
    assert not TrainingSession.objects.exists()


def test_editing_a_session_shows_and_corrects_it(signed_in, idva, session_a, agency_c):
    StaffTrained.objects.create(session=session_a, agency=agency_c, staff=4)
    client = signed_in(idva)
    url = reverse("training:edit", args=[session_a.pk])

    form = client.get(url).content.decode()
    client.post(url, VALID | {"title": "Coercive control, refreshed"})

    assert "Haven staff training" in form
    assert date_shown(form, "held_on", date(2026, 10, 14))
    assert re.search(rf'name="staff-{agency_c.slug}"[^>]*value="4"', form)
    session_a.refresh_from_db()
    assert session_a.title == "Coercive control, refreshed"
    assert not session_a.staff_trained.exists()
    assert AuditEvent.objects.filter(
        action="training.session_changed", object_id=str(session_a.pk)
    ).exists()


def test_the_list_totals_the_current_financial_year_by_default(signed_in, idva, agency_a):
    this_year = financial_year_of(timezone.localdate())
    TrainingSessionFactory(
        agency=agency_a, held_on=date(this_year, 4, 1), attendees=7, title="First day"
    )
    TrainingSessionFactory(
        agency=agency_a,
        held_on=date(this_year, 6, 9),
        kind="prevention_session",
        attendees=30,
        children_reached=28,
        title="Healthy relationships",
    )
    TrainingSessionFactory(
        agency=agency_a, held_on=date(this_year, 3, 31), attendees=100, title="Last year"
    )
    client = signed_in(idva)

    page = client.get(reverse("training:list")).content.decode()
    last_year = client.get(reverse("training:list"), {"year": this_year - 1}).content.decode()
    prevention = client.get(
        reverse("training:list"), {"kind": "prevention_session"}
    ).content.decode()

    assert f"Financial year {this_year} to {this_year + 1}" in page
    assert "First day" in page and "Healthy relationships" in page and "Last year" not in page
    assert ">2</span> sessions" in page
    assert ">37</span> people attending" in page
    assert ">28</span> children and young people reached" in page
    assert "Last year" in last_year and ">1</span> session<" in last_year
    assert ">100</span> people attending" in last_year
    assert "Healthy relationships" in prevention and "First day" not in prevention


def test_the_export_is_csv_safe_filtered_and_audited(signed_in, idva, agency_a, agency_b):
    session = TrainingSessionFactory(
        agency=agency_a, title='=HYPERLINK("http://x.example")', notes="@SUM(A1)"
    )
    StaffTrained.objects.create(session=session, agency=agency_b, staff=9)
    TrainingSessionFactory(agency=agency_a, held_on=date(2024, 5, 1), title="Older")

    response = signed_in(idva).get(reverse("training:export"), {"year": "2026"})

    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Date", "Financial year", "Kind", "Title"]
    assert len(rows) == 2
    assert rows[1][0] == "2026-10-14"
    assert rows[1][1] == "2026 to 2027"
    assert rows[1][3] == '\'=HYPERLINK("http://x.example")'
    assert rows[1][5] == "City Police: 9"
    assert rows[1][-1] == "'@SUM(A1)"
    assert AuditEvent.objects.filter(action="training.exported", actor=idva.user).exists()


def test_the_list_keeps_a_fixed_number_of_queries(
    signed_in, idva, agency_a, agency_b, django_assert_num_queries
):
    session = TrainingSessionFactory(agency=agency_a, held_on=timezone.localdate())
    StaffTrained.objects.create(session=session, agency=agency_b, staff=3)
    client = signed_in(idva)
    url = reverse("training:list")
    client.get(url)
    with django_assert_num_queries(8) as few:
        client.get(url)
    for _ in range(10):
        more = TrainingSessionFactory(agency=agency_a, held_on=timezone.localdate())
        StaffTrained.objects.create(session=more, agency=agency_b, staff=2)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_list_counts_staff_trained_per_agency_for_the_year(
    signed_in, idva, agency_a, agency_b, agency_c
):
    today = timezone.localdate()
    first = TrainingSessionFactory(agency=agency_a, held_on=today, attendees=30)
    second = TrainingSessionFactory(agency=agency_a, held_on=today, attendees=30)
    older = TrainingSessionFactory(agency=agency_a, held_on=date(2020, 5, 1), attendees=90)
    StaffTrained.objects.create(session=first, agency=agency_b, staff=5)
    StaffTrained.objects.create(session=second, agency=agency_b, staff=7)
    StaffTrained.objects.create(session=second, agency=agency_c, staff=20)
    StaffTrained.objects.create(session=older, agency=agency_c, staff=80)

    page = signed_in(idva).get(reverse("training:list")).content.decode()

    assert "Staff trained per agency" in page
    table = page[page.index("Staff trained per agency") :]
    assert table.index(agency_c.name) < table.index(agency_b.name)  # most first
    assert ">20</td>" in table and ">12</td>" in table and ">80</td>" not in table


def test_staff_from_agencies_cannot_outnumber_the_people_attending(signed_in, idva, agency_b):
    page = (
        signed_in(idva)
        .post(reverse("training:add"), VALID | {f"staff-{agency_b.slug}": "21"})
        .content.decode()
    )

    assert "cannot be more than the number of people attending" in page
    assert not TrainingSession.objects.exists()
