"""The strategy pages for each role: readers read, the manager writes, a lead reads and
updates their own action; bad input is explained and nothing saved; counts pinned."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.domain.delivery import ActionStatus, UpdateState
from concord.strategy import services
from concord.strategy.models import Action, ActionUpdate, SelfAssessment, Strategy, StrategyTarget
from concord.strategy.tests.conftest import YEAR, make_action

pytestmark = pytest.mark.django_db
READERS = ["partnership_manager", "board_member", "analyst", "commissioner"]


def text(response):
    return html.unescape(response.content.decode())


def test_an_empty_home_invites_the_manager_to_set_up_the_strategy(signed_in, partnership_manager):
    page = text(signed_in(partnership_manager).get(reverse("strategy:home")))

    assert "Set up the strategy" in page


def test_the_manager_sets_up_the_strategy(signed_in, partnership_manager):
    client = signed_in(partnership_manager)
    values = {
        "title": "Riverford strategy",
        "first_year": "2025-26",
        "last_year": "2029-30",
        "principles": "Victims first\nChildren seen",
        "assessment_scale": "Gap identified\nWorking towards\nSome success\nAchieved",
    }

    response = client.post(reverse("strategy:edit"), values)

    assert response.status_code == 302
    found = Strategy.objects.get()
    assert (found.first_year, found.last_year, len(found.assessment_scale)) == (2025, 2029, 4)
    assert "Victims first" in text(client.get(reverse("strategy:home")))


def test_a_strategy_ending_before_it_starts_is_explained(signed_in, partnership_manager):
    values = {
        "title": "T",
        "first_year": "2029-30",
        "last_year": "2025-26",
        "assessment_scale": "A\nB",
    }

    response = signed_in(partnership_manager).post(reverse("strategy:edit"), values)

    assert response.status_code == 400
    assert "There is a problem" in text(response)
    assert "The last year must be the same as or after the first year" in text(response)
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_plan(request, signed_in, persona, action, django_assert_max_num_queries):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("strategy:home")).status_code == 200
    response = client.get(reverse("strategy:plan", args=[YEAR]))
    assert response.status_code == 200
    assert "On track" in text(response)
    assert client.get(reverse("strategy:action", args=[action.pk])).status_code == 200
    assert client.get(reverse("strategy:assessment")).status_code == 200


@pytest.mark.parametrize("persona", ["idva", "manager_a", "system_admin"])
def test_other_roles_are_refused_the_plan(request, signed_in, persona, plan):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("strategy:home")).status_code == 403
    assert client.get(reverse("strategy:plan", args=[YEAR])).status_code == 403
    assert client.get(reverse("strategy:assessment")).status_code == 403


@pytest.mark.parametrize("persona", ["board_member", "analyst", "commissioner"])
def test_readers_cannot_write(request, signed_in, persona, plan, action, objective):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("strategy:edit")).status_code == 403
    assert client.get(reverse("strategy:add-action", args=[YEAR])).status_code == 403
    assert client.get(reverse("strategy:add-update", args=[action.pk])).status_code == 403
    assert (
        client.post(reverse("strategy:refresh", args=[YEAR]), {"confirmed": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("strategy:approvals")).status_code == 403
    assert client.get(reverse("strategy:assess", args=[objective.pk, YEAR])).status_code == 403


def test_a_lead_sees_and_updates_only_their_own_action(
    signed_in, idva, manager_a, plan, objective, action
):
    other = make_action(plan, objective, manager_a, reference="9.9")
    client = signed_in(idva)

    assert client.get(reverse("strategy:action", args=[action.pk])).status_code == 200
    assert client.get(reverse("strategy:add-update", args=[action.pk])).status_code == 200
    assert client.get(reverse("strategy:action", args=[other.pk])).status_code == 404
    assert client.get(reverse("strategy:add-update", args=[other.pk])).status_code == 404
    assert client.get(reverse("strategy:edit-action", args=[action.pk])).status_code == 403


def test_the_lead_sends_an_update_with_evidence_and_the_manager_approves(
    signed_in, idva, partnership_manager, action
):
    today = date.today()
    upload = ("report.pdf", b"%PDF-1.4 the report")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = signed_in(idva).post(
        reverse("strategy:add-update", args=[action.pk]),
        {
            "written_on-day": today.day,
            "written_on-month": today.month,
            "written_on-year": today.year,
            "status": "at_risk",
            "progress": "The venue fell through",
            "links": "https://example.org/minutes",
            "evidence_files": SimpleUploadedFile(*upload),
        },
    )

    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert update.state == UpdateState.AWAITING_APPROVAL and update.evidence.count() == 2
    manager = signed_in(partnership_manager)
    assert "1 delivery-plan update awaits approval" in text(manager.get(reverse("home")))
    assert "The venue fell through" in text(
        manager.get(reverse("strategy:decide", args=[update.pk]))
    )
    file_item = update.evidence.get(link="")
    download = manager.get(reverse("strategy:evidence", args=[file_item.pk]))
    assert download.status_code == 200 and download.content == upload[1]

    decided = manager.post(reverse("strategy:decide", args=[update.pk]), {"decision": "approve"})

    assert decided.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK


def test_an_update_without_progress_is_explained_and_nothing_saved(signed_in, idva, action):
    today = date.today()
    response = signed_in(idva).post(
        reverse("strategy:add-update", args=[action.pk]),
        {
            "written_on-day": today.day,
            "written_on-month": today.month,
            "written_on-year": today.year,
            "status": "off_track",
            "progress": "",
        },
    )

    assert response.status_code == 400
    assert "There is a problem" in text(response) and "Enter the progress made" in text(response)
    assert not ActionUpdate.objects.exists()


def test_returning_without_a_reason_is_explained(signed_in, idva, partnership_manager, action):
    update = services.add_update(
        idva, action, written_on=date.today(), status="off_track", progress="x"
    )

    response = signed_in(partnership_manager).post(
        reverse("strategy:decide", args=[update.pk]), {"decision": "return", "reason": ""}
    )

    assert response.status_code == 400
    assert "Enter why the update is returned to the lead" in text(response)
    update.refresh_from_db()
    assert update.state == UpdateState.AWAITING_APPROVAL


def action_values(objective, lead, **changes):
    return {
        "objective": str(objective.pk),
        "reference": "3.1",
        "title": "Open a refuge for men",
        "lead": str(lead.user.pk),
        "lead_agency": str(lead.agency.pk),
        "starts_on-day": "1",
        "starts_on-month": "4",
        "starts_on-year": str(YEAR),
        "due_on-day": "31",
        "due_on-month": "3",
        "due_on-year": str(YEAR + 1),
        "indicators": ["staff_trained"],
    } | changes


def test_the_manager_adds_an_action_and_then_its_baseline_and_target(
    signed_in, partnership_manager, plan, objective, idva
):
    client = signed_in(partnership_manager)

    response = client.post(
        reverse("strategy:add-action", args=[YEAR]), action_values(objective, idva)
    )

    found = Action.objects.get()
    assert response.url == reverse("strategy:action-targets", args=[found.pk])
    saved = client.post(
        response.url,
        {
            "staff_trained__baseline_year": "2020-21",
            "staff_trained__baseline": "10",
            "staff_trained__target_year": "2027-28",
            "staff_trained__target": "50",
        },
    )
    assert saved.status_code == 302
    assert StrategyTarget.objects.get(code="staff_trained").target == 50
    assert "50 by 2027 to 2028" in text(client.get(reverse("strategy:action", args=[found.pk])))


def test_half_a_baseline_and_target_is_explained(
    signed_in, partnership_manager, plan, objective, action
):
    action.indicators.create(code="staff_trained")

    response = signed_in(partnership_manager).post(
        reverse("strategy:action-targets", args=[action.pk]), {"staff_trained__baseline": "10"}
    )

    assert response.status_code == 400
    assert "Enter all four, or leave all four empty" in text(response)
    assert not StrategyTarget.objects.exists()


def test_an_action_due_before_it_starts_is_explained(
    signed_in, partnership_manager, plan, objective, idva
):
    values = action_values(objective, idva, **{"due_on-year": str(YEAR - 1)})

    response = signed_in(partnership_manager).post(
        reverse("strategy:add-action", args=[YEAR]), values
    )

    assert response.status_code == 400
    assert "There is a problem" in text(response)
    assert "The due date must be the same as or after the start date" in text(response)
    assert not Action.objects.exists()


def test_the_plan_filters_and_exports(signed_in, analyst, plan, objective, idva, manager_a):
    make_action(plan, objective, idva, reference="1.1", status=ActionStatus.AT_RISK)
    make_action(
        plan,
        objective,
        manager_a,
        reference="1.2",
        status=ActionStatus.OFF_TRACK,
        due_on=date(plan.year, 5, 1),
    )
    client = signed_in(analyst)
    url = reverse("strategy:plan", args=[YEAR])

    at_risk = text(client.get(url, {"status": "at_risk"}))
    csv = b"".join(
        client.get(url, {"status": "off_track", "format": "csv"}).streaming_content
    ).decode()
    xlsx = client.get(url, {"format": "xlsx"})

    assert "Action 1.1" in at_risk and "Action 1.2" not in at_risk
    assert "Action 1.2" in csv and "Action 1.1" not in csv and "Off track" in csv
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="strategy.plan_exported").count() == 2


def test_the_plan_and_action_pages_keep_their_number_of_queries(
    signed_in, partnership_manager, plan, objective, idva, django_assert_num_queries
):
    client = signed_in(partnership_manager)
    first = make_action(plan, objective, idva, reference="1.0")
    services.add_update(
        partnership_manager,
        first,
        written_on=date.today(),
        status="on_track",
        progress="ok",
        links=["https://example.org/a"],
    )
    plan_url = reverse("strategy:plan", args=[YEAR])
    action_url = reverse("strategy:action", args=[first.pk])
    client.get(plan_url)
    with django_assert_num_queries(9) as plan_queries:
        client.get(plan_url)
    with django_assert_num_queries(8) as action_queries:
        client.get(action_url)
    for number in range(10):
        more = make_action(plan, objective, idva, reference=f"2.{number}")
        services.add_update(
            partnership_manager,
            first,
            written_on=date.today(),
            status="on_track",
            progress=f"more {number}",
            links=["https://example.org/b"],
        )
        more.indicators.create(code="staff_trained")
    with django_assert_num_queries(len(plan_queries.captured_queries)):
        client.get(plan_url)
    with django_assert_num_queries(len(action_queries.captured_queries)):
        client.get(action_url)


def test_the_manager_refreshes_the_plan_and_is_refused_twice(
    signed_in, partnership_manager, plan, objective, idva
):
    make_action(plan, objective, idva)
    client = signed_in(partnership_manager)
    url = reverse("strategy:refresh", args=[YEAR])

    assert "1 open action is carried" in text(client.get(url))
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    again = client.post(url, {"confirmed": "yes"})

    assert again.status_code == 400 and "exists already" in text(again)


def test_the_manager_starts_a_plan_for_a_year_without_one(signed_in, partnership_manager, strategy):
    client = signed_in(partnership_manager)

    assert "Start the" in text(client.get(reverse("strategy:plan", args=[YEAR])))
    client.post(reverse("strategy:start-plan"), {"year": YEAR})
    assert strategy.plans.filter(year=YEAR).exists()
    assert client.get(reverse("strategy:plan", args=[strategy.last_year + 1])).status_code == 404


def test_a_self_assessment_for_a_year_outside_the_strategy_is_explained(
    signed_in, partnership_manager, objective, strategy
):
    client = signed_in(partnership_manager)
    url = reverse("strategy:assess", args=[objective.pk, strategy.last_year + 1])

    response = client.post(url, {"rating": "1", "reasons": "Because"})

    assert response.status_code == 400
    assert "is outside the strategy" in text(response)
    assert not SelfAssessment.objects.exists()


def test_the_self_assessment_shows_years_side_by_side(
    signed_in, partnership_manager, board_member, objective
):
    client = signed_in(partnership_manager)
    for year, rating in ((YEAR - 1, "0"), (YEAR, "2")):
        client.post(
            reverse("strategy:assess", args=[objective.pk, year]),
            {"rating": rating, "reasons": "R"},
        )

    page = text(signed_in(board_member).get(reverse("strategy:assessment")))

    assert "Gap identified" in page and "Some success" in page


def test_the_lead_sees_their_due_action_on_the_home_page(signed_in, idva, plan, objective):
    make_action(plan, objective, idva, due_on=date.today())

    page = text(signed_in(idva).get(reverse("home")))

    assert "Your actions" in page and "Due " in page


def test_the_lead_reaches_an_action_not_yet_due_from_the_home_page(
    signed_in, idva, plan, objective
):
    action = make_action(plan, objective, idva, due_on=date.today() + timedelta(days=90))

    page = signed_in(idva).get(reverse("home")).content.decode()

    assert "Your actions" in page
    assert reverse("strategy:action", args=[action.pk]) in page


def test_a_program_sent_as_evidence_is_refused_and_nothing_saved(signed_in, idva, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    today = date.today()
    response = signed_in(idva).post(
        reverse("strategy:add-update", args=[action.pk]),
        {
            "written_on-day": today.day,
            "written_on-month": today.month,
            "written_on-year": today.year,
            "status": "on_track",
            "progress": "Fine",
            "evidence_files": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 a program"),
        },
    )

    assert response.status_code == 400
    assert "The file must be a PDF" in text(response)
    assert not ActionUpdate.objects.exists()
