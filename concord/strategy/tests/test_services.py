"""The delivery plan's rules: dates in order, a status only through an approved update, the
annual refresh, and years within the strategy. Each refused change leaves nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from concord.core.models import AuditEvent
from concord.domain.delivery import ActionStatus, UpdateState
from concord.strategy import services
from concord.strategy.models import Action, ActionIndicator, DeliveryPlan, SelfAssessment
from concord.strategy.tests.conftest import YEAR, make_action

pytestmark = pytest.mark.django_db
TODAY = date.today()


def details(objective, lead, **changes):
    values = {
        "objective": objective,
        "reference": "2.1",
        "title": "Train GPs to ask",
        "description": "",
        "lead": lead.user,
        "lead_agency": lead.agency,
        "partners": [],
        "starts_on": date(YEAR, 4, 1),
        "due_on": date(YEAR, 9, 30),
        "indicators": ["staff_trained"],
    }
    return services.ActionDetails(**(values | changes))


def test_the_manager_adds_an_action_with_a_linked_indicator(
    partnership_manager, plan, objective, idva
):
    action = services.save_action(partnership_manager, plan, None, details(objective, idva))

    assert action.status == ActionStatus.NOT_STARTED
    assert list(action.indicators.values_list("code", flat=True)) == ["staff_trained"]
    assert AuditEvent.objects.filter(
        action="strategy.action_saved", object_id=str(action.pk)
    ).exists()


def test_an_action_due_before_it_starts_is_refused(partnership_manager, plan, objective, idva):
    bad = details(objective, idva, due_on=date(YEAR, 3, 1))

    with pytest.raises(ValidationError) as refused:
        services.save_action(partnership_manager, plan, None, bad)

    assert refused.value.message_dict == {"due_on": [services.DUE_BEFORE_START]}
    assert not Action.objects.exists()


def test_the_database_refuses_an_action_due_before_it_starts(plan, objective, idva):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action(plan, objective, idva, due_on=date(YEAR, 1, 1))


def test_an_unknown_indicator_is_refused(partnership_manager, plan, objective, idva):
    with pytest.raises(ValidationError) as refused:
        services.save_action(
            partnership_manager, plan, None, details(objective, idva, indicators=["nope"])
        )

    assert "indicators" in refused.value.message_dict


def test_only_the_manager_adds_actions(analyst, plan, objective, idva):
    with pytest.raises(PermissionDenied):
        services.save_action(analyst, plan, None, details(objective, idva))


def test_a_leads_update_waits_and_changes_nothing_until_approved(idva, partnership_manager, action):
    update = services.add_update(
        idva,
        action,
        written_on=TODAY,
        status=ActionStatus.AT_RISK,
        progress="Venue lost",
        links=["https://example.org/minutes"],
    )
    action.refresh_from_db()

    assert update.state == UpdateState.AWAITING_APPROVAL
    assert action.status == ActionStatus.ON_TRACK

    services.approve_update(partnership_manager, update)
    action.refresh_from_db()

    assert action.status == ActionStatus.AT_RISK
    assert AuditEvent.objects.filter(action="strategy.update_approved").count() == 1


def test_the_managers_own_update_is_approved_at_once(partnership_manager, action):
    update = services.add_update(
        partnership_manager, action, written_on=TODAY, status=ActionStatus.COMPLETE, progress="Done"
    )
    action.refresh_from_db()

    assert update.state == UpdateState.APPROVED
    assert action.status == ActionStatus.COMPLETE


def test_a_status_change_without_progress_is_refused(idva, action):
    with pytest.raises(ValidationError) as refused:
        services.add_update(
            idva, action, written_on=TODAY, status=ActionStatus.OFF_TRACK, progress=" "
        )

    assert "progress" in refused.value.message_dict
    assert not action.updates.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"links": ["http://example.org/x"]}, "links"),
        ({"files": [services.EvidenceFile("run.pdf", b"MZ\x90\x00not a pdf")]}, "files"),
        ({"files": [services.EvidenceFile("empty.pdf", b"")]}, "files"),
        ({"written_on": TODAY + timedelta(days=1)}, "written_on"),
        ({"status": "purple"}, "status"),
    ],
)
def test_bad_updates_are_refused(idva, action, changes, field):
    values = {"written_on": TODAY, "status": ActionStatus.ON_TRACK, "progress": "Going well"}

    with pytest.raises(ValidationError) as refused:
        services.add_update(idva, action, **(values | changes))

    assert field in refused.value.message_dict
    assert not action.updates.exists()


def test_a_pdf_is_kept_as_evidence(idva, action):
    update = services.add_update(
        idva,
        action,
        written_on=TODAY,
        status=ActionStatus.ON_TRACK,
        progress="Report written",
        files=[services.EvidenceFile("report.pdf", b"%PDF-1.4 report")],
    )

    item = update.evidence.get()
    assert (item.name, item.content_type, item.size) == ("report.pdf", "application/pdf", 15)


def test_someone_elses_action_cannot_be_updated(manager_a, action):
    with pytest.raises(PermissionDenied):
        services.add_update(manager_a, action, written_on=TODAY, status="on_track", progress="x")


def test_a_returned_update_keeps_the_status_and_cannot_then_be_approved(
    idva, partnership_manager, action
):
    update = services.add_update(
        idva, action, written_on=TODAY, status="off_track", progress="Stalled"
    )

    with pytest.raises(ValidationError):
        services.return_update(partnership_manager, update, "  ")
    services.return_update(partnership_manager, update, "Say what is being done about it")
    with pytest.raises(ValidationError):
        services.approve_update(partnership_manager, update)
    action.refresh_from_db()

    assert action.status == ActionStatus.ON_TRACK
    update.refresh_from_db()
    assert update.state == UpdateState.RETURNED


def test_the_refresh_carries_open_actions_and_keeps_the_history(
    partnership_manager, plan, objective, idva, agency_b
):
    open_action = make_action(plan, objective, idva, reference="1.1", status=ActionStatus.AT_RISK)
    open_action.partners.set([agency_b])
    ActionIndicator.objects.create(action=open_action, code="staff_trained")
    make_action(plan, objective, idva, reference="1.2", status=ActionStatus.COMPLETE)
    services.add_update(
        partnership_manager, open_action, written_on=TODAY, status="at_risk", progress="Slow"
    )

    new_plan = services.refresh_plan(partnership_manager, plan)

    carried = new_plan.actions.get()
    assert (new_plan.year, new_plan.refreshed_from) == (YEAR + 1, plan)
    assert carried.carried_from == open_action
    assert (carried.reference, carried.status, carried.lead, carried.due_on) == (
        "1.1",
        "at_risk",
        idva.user,
        open_action.due_on,
    )
    assert list(carried.partners.all()) == [agency_b]
    assert list(carried.indicators.values_list("code", flat=True)) == ["staff_trained"]
    assert not carried.updates.exists()
    assert plan.actions.count() == 2 and open_action.updates.count() == 1
    assert AuditEvent.objects.filter(action="strategy.plan_refreshed").count() == 1


def test_the_refresh_is_refused_twice(partnership_manager, plan):
    services.refresh_plan(partnership_manager, plan)

    with pytest.raises(ValidationError, match="exists already"):
        services.refresh_plan(partnership_manager, plan)
    assert DeliveryPlan.objects.count() == 2


def test_the_refresh_is_refused_past_the_strategys_last_year(partnership_manager, strategy):
    last = DeliveryPlan.objects.create(strategy=strategy, year=strategy.last_year)

    with pytest.raises(ValidationError, match="outside the strategy"):
        services.refresh_plan(partnership_manager, last)
    assert DeliveryPlan.objects.count() == 1


def test_a_plan_outside_the_strategy_cannot_be_started(partnership_manager, strategy):
    with pytest.raises(ValidationError, match="outside the strategy"):
        services.start_plan(partnership_manager, strategy, strategy.last_year + 1)


def test_a_self_assessment_is_recorded_and_replaced(partnership_manager, objective):
    services.record_assessment(
        partnership_manager, objective, year=YEAR, rating=1, reasons="A start", evidence=""
    )
    services.record_assessment(
        partnership_manager, objective, year=YEAR, rating=2, reasons="Better", evidence=""
    )

    found = SelfAssessment.objects.get()
    assert (found.rating, found.rating_label, found.reasons) == (2, "Some success", "Better")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": YEAR + 4}, "year"),
        ({"year": YEAR - 2}, "year"),
        ({"rating": 4}, "rating"),
        ({"reasons": ""}, "reasons"),
    ],
)
def test_a_bad_self_assessment_is_refused(partnership_manager, objective, changes, field):
    values = {"year": YEAR, "rating": 1, "reasons": "Because", "evidence": ""}

    with pytest.raises(ValidationError) as refused:
        services.record_assessment(partnership_manager, objective, **(values | changes))

    assert field in refused.value.message_dict
    assert not SelfAssessment.objects.exists()


def test_the_strategys_years_must_keep_its_plans(partnership_manager, strategy, plan):
    with pytest.raises(ValidationError) as refused:
        services.save_strategy(
            partnership_manager,
            strategy,
            title="T",
            first_year=YEAR + 1,
            last_year=YEAR + 3,
            principles="",
            assessment_scale=["Bad", "Good"],
        )

    assert "first_year" in refused.value.message_dict
