"""Every change to the strategy and its delivery plan (ADR 0026): short transactions, the
acting membership checked against the rules, each write audited.

An action's status changes only here, in ``_apply``, when an update is approved: the
manager's own updates at once, a lead's when the manager approves it. Nothing else sets it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.accounts.models import Agency, Membership, User
from concord.core import audit, filetypes
from concord.domain.delivery import ActionStatus, UpdateState
from concord.domain.delivery_plan import outside_strategy
from concord.domain.periods import financial_year_label
from concord.indicators.catalogue import UnknownIndicatorError, get
from concord.strategy.models import (
    Action,
    ActionIndicator,
    ActionUpdate,
    DeliveryPlan,
    Objective,
    SelfAssessment,
    Strategy,
    UpdateEvidence,
)

DUE_BEFORE_START = "The due date must be the same as or after the start date"
LAST_BEFORE_FIRST = "The last year must be the same as or after the first year"


def _require(rule: str, membership: Membership, target: object = None) -> None:
    if not rules.test_rule(rule, membership, target):
        raise PermissionDenied


# The strategy and its objectives -----------------------------------------------------------


@transaction.atomic
def save_strategy(
    membership: Membership,
    strategy: Strategy | None,
    *,
    title: str,
    first_year: int,
    last_year: int,
    principles: str,
    assessment_scale: Sequence[str],
) -> Strategy:
    """Set up the strategy, or change it. Its years must keep every plan and assessment."""
    _require("strategy.manage_plan", membership)
    problems: dict[str, str] = {}
    if last_year < first_year:
        problems["last_year"] = LAST_BEFORE_FIRST
    scale = [label.strip() for label in assessment_scale if label.strip()]
    if len(scale) < 2:
        problems["assessment_scale"] = "Enter at least two ratings, one a line, worst first"
    if strategy is not None and not problems:
        years = set(strategy.plans.values_list("year", flat=True))
        years |= set(
            SelfAssessment.objects.filter(objective__strategy=strategy).values_list(
                "year", flat=True
            )
        )
        left_out = sorted(year for year in years if not first_year <= year <= last_year)
        if left_out:
            problems["first_year"] = (
                "The strategy has a plan or self-assessment for "
                f"{financial_year_label(left_out[0])}: its years must include it"
            )
        rated = SelfAssessment.objects.filter(objective__strategy=strategy, rating__gte=len(scale))
        if rated.exists():
            problems["assessment_scale"] = (
                "Self-assessments use ratings this scale would remove: keep as many ratings"
            )
    if problems:
        raise ValidationError(problems)
    values = {
        "title": title.strip(),
        "first_year": first_year,
        "last_year": last_year,
        "principles": principles.strip(),
        "assessment_scale": scale,
    }
    return audit.save_changes(
        strategy or Strategy(),
        values,
        "strategy.strategy_saved",
        actor=membership.user,
        agency=membership.agency,
        only_if_changed=strategy is not None,
    )


@transaction.atomic
def save_objective(
    membership: Membership,
    strategy: Strategy,
    objective: Objective | None,
    *,
    reference: str,
    title: str,
    description: str,
    position: int,
) -> Objective:
    _require("strategy.manage_plan", membership)
    reference = reference.strip()
    taken = strategy.objectives.filter(reference=reference)
    if objective is not None:
        taken = taken.exclude(pk=objective.pk)
    if taken.exists():
        raise ValidationError({"reference": "Another objective has this reference"})
    values = {
        "strategy": strategy,
        "reference": reference,
        "title": title.strip(),
        "description": description.strip(),
        "position": position,
    }
    return audit.save_changes(
        objective or Objective(),
        values,
        "strategy.objective_saved",
        actor=membership.user,
        agency=membership.agency,
        only_if_changed=objective is not None,
    )


# Plans and actions ---------------------------------------------------------------------------


@transaction.atomic
def start_plan(membership: Membership, strategy: Strategy, year: int) -> DeliveryPlan:
    """An empty plan for a year of the strategy that has none."""
    _require("strategy.manage_plan", membership)
    problem = outside_strategy(strategy.first_year, strategy.last_year, year)
    if problem:
        raise ValidationError({"year": problem})
    if strategy.plans.filter(year=year).exists():
        raise ValidationError({"year": f"The {financial_year_label(year)} plan exists already"})
    plan = DeliveryPlan.objects.create(strategy=strategy, year=year)
    audit.record(
        "strategy.plan_started",
        actor=membership.user,
        agency=membership.agency,
        target=plan,
        reason=str(year),
    )
    return plan


@dataclass(frozen=True)
class ActionDetails:
    """What the manager writes about an action (never its status)."""

    objective: Objective
    reference: str
    title: str
    description: str
    lead: User
    lead_agency: Agency
    partners: Sequence[Agency]
    starts_on: date
    due_on: date
    indicators: Sequence[str]


def action_problems(
    plan: DeliveryPlan, action: Action | None, details: ActionDetails
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if details.due_on < details.starts_on:
        problems["due_on"] = DUE_BEFORE_START
    if details.objective.strategy_id != plan.strategy_id:
        problems["objective"] = "Choose one of the strategy's objectives"
    if not details.lead.is_active:
        problems["lead"] = "Choose a lead who can sign in to Concord"
    taken = plan.actions.filter(reference=details.reference.strip())
    if action is not None:
        taken = taken.exclude(pk=action.pk)
    if taken.exists():
        problems["reference"] = "Another action in this plan has this reference"
    for code in details.indicators:
        try:
            get(code)
        except UnknownIndicatorError:
            problems["indicators"] = "Choose indicators from the catalogue"
    return problems


@transaction.atomic
def save_action(
    membership: Membership, plan: DeliveryPlan, action: Action | None, details: ActionDetails
) -> Action:
    """Add an action to a plan or change one; its status is left as it is."""
    _require("strategy.manage_plan", membership)
    problems = action_problems(plan, action, details)
    if problems:
        raise ValidationError(problems)
    values = {
        "plan": plan,
        "objective": details.objective,
        "reference": details.reference.strip(),
        "title": details.title.strip(),
        "description": details.description.strip(),
        "lead": details.lead,
        "lead_agency": details.lead_agency,
        "starts_on": details.starts_on,
        "due_on": details.due_on,
    }
    found = action or Action()
    partners_before = set(found.partners.all()) if action is not None else set()
    codes_before = set(found.indicators.values_list("code", flat=True)) if action else set()
    also = []
    if partners_before != set(details.partners):
        also.append("partners")
    if codes_before != set(details.indicators):
        also.append("indicators")
    try:
        with transaction.atomic():
            found = audit.save_changes(
                found,
                values,
                "strategy.action_saved",
                actor=membership.user,
                agency=membership.agency,
                also_changed=also,
            )
    except IntegrityError:  # the check constraint, if a change raced past the check above
        raise ValidationError({"due_on": DUE_BEFORE_START}) from None
    found.partners.set(details.partners)
    _link_indicators(found, details.indicators)
    return found


def _link_indicators(action: Action, codes: Iterable[str]) -> None:
    wanted = set(codes)
    action.indicators.exclude(code__in=wanted).delete()
    have = set(action.indicators.values_list("code", flat=True))
    ActionIndicator.objects.bulk_create(
        ActionIndicator(action=action, code=code) for code in sorted(wanted - have)
    )


# Updates and their approval ------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    content: bytes


def evidence_file_problem(name: str, content: bytes) -> str:
    """Why a file cannot be evidence (as case documents are checked); empty when it can."""
    if not content:
        return "The file is empty"
    if len(content) > settings.DOCUMENT_MAX_BYTES:
        return f"The file must be smaller than {settings.DOCUMENT_MAX_BYTES // (1024 * 1024)} MB"
    try:
        filetypes.kind_of(io.BytesIO(content))
    except filetypes.NotAccepted as refused:
        return str(refused)
    return ""


def link_problem(link: str) -> str:
    parsed = urlparse(link)
    if parsed.scheme != "https" or not parsed.netloc:
        return "Enter a link that starts with https://"
    return ""


@transaction.atomic
def add_update(
    membership: Membership,
    action: Action,
    *,
    written_on: date,
    status: str,
    progress: str,
    files: Sequence[EvidenceFile] = (),
    links: Sequence[str] = (),
) -> ActionUpdate:
    """A dated account of progress asking for ``status``. The manager's own update is
    approved at once; a lead's waits for the manager."""
    _require("strategy.update_action", membership, action)
    problems: dict[str, str] = {}
    if not progress.strip():
        problems["progress"] = "Enter the progress made: a status changes only with an update"
    if status not in {s.value for s in ActionStatus}:
        problems["status"] = "Choose the action's status"
    if written_on > timezone.localdate():
        problems["written_on"] = "The update's date must be today or in the past"
    for item in files:
        problem = evidence_file_problem(item.name, item.content)
        if problem:
            problems["files"] = problem
    for link in links:
        problem = link_problem(link)
        if problem:
            problems["links"] = problem
    if problems:
        raise ValidationError(problems)
    update = ActionUpdate.objects.create(
        action=action,
        written_on=written_on,
        status=status,
        progress=progress.strip(),
        author=membership.user,
    )
    for item in files:
        kind = filetypes.kind_of(io.BytesIO(item.content))
        UpdateEvidence.objects.create(
            update=update,
            name=item.name[-200:],
            content_type=filetypes.KINDS[kind][2],
            size=len(item.content),
            content=item.content,
            added_by=membership.user,
        )
    for link in links:
        UpdateEvidence.objects.create(
            update=update, name=link[:200], link=link, added_by=membership.user
        )
    audit.record(
        "strategy.update_added",
        actor=membership.user,
        agency=membership.agency,
        target=update,
        changes=["status", "progress", *(["evidence"] if files or links else [])],
    )
    if rules.test_rule("strategy.approve_update", membership):
        _apply(membership, update, action)
    return update


def _locked(update: ActionUpdate) -> tuple[ActionUpdate, Action]:
    """The update and its action locked, so two decisions cannot both apply."""
    locked = ActionUpdate.objects.select_for_update().get(pk=update.pk)
    action = Action.objects.select_for_update().get(pk=locked.action_id)
    if locked.state != UpdateState.AWAITING_APPROVAL:
        raise ValidationError(f"This update is {UpdateState(locked.state).label.lower()} already")
    return locked, action


def _apply(membership: Membership, update: ActionUpdate, action: Action) -> None:
    """The one place an action's status changes: an approved update's."""
    update.state = UpdateState.APPROVED
    update.decided_by = membership.user
    update.decided_at = timezone.now()
    update.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    changed = action.status != update.status
    action.status = update.status
    action.save(update_fields=["status", "updated_at"])
    audit.record(
        "strategy.update_approved",
        actor=membership.user,
        agency=membership.agency,
        target=update,
        changes=["state", *(["action.status"] if changed else [])],
    )


@transaction.atomic
def approve_update(membership: Membership, update: ActionUpdate) -> ActionUpdate:
    _require("strategy.approve_update", membership)
    locked, action = _locked(update)
    _apply(membership, locked, action)
    return locked


@transaction.atomic
def return_update(membership: Membership, update: ActionUpdate, reason: str) -> ActionUpdate:
    """Send a lead's update back with the reason; the action's status stays."""
    _require("strategy.approve_update", membership)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the update is returned to the lead"})
    locked, _action = _locked(update)
    locked.state = UpdateState.RETURNED
    locked.returned_because = reason.strip()
    locked.decided_by = membership.user
    locked.decided_at = timezone.now()
    locked.save(
        update_fields=["state", "returned_because", "decided_by", "decided_at", "updated_at"]
    )
    audit.record(
        "strategy.update_returned",
        actor=membership.user,
        agency=membership.agency,
        target=locked,
        changes=["state", "returned_because"],
    )
    return locked


# The annual refresh --------------------------------------------------------------------------


@transaction.atomic
def refresh_plan(membership: Membership, plan: DeliveryPlan) -> DeliveryPlan:
    """Make the next year's plan: each open action carried into it as a new action that
    points at the one it continues (same reference, lead, partners, indicators, dates and
    status); complete ones stay behind. The old plan is left exactly as it was."""
    _require("strategy.manage_plan", membership)
    strategy = plan.strategy
    year = plan.year + 1
    problem = outside_strategy(strategy.first_year, strategy.last_year, year)
    if problem:
        raise ValidationError(f"The plan cannot be refreshed: {problem}")
    if DeliveryPlan.objects.filter(strategy=strategy, year=year).exists():
        raise ValidationError(
            f"The plan cannot be refreshed: the {financial_year_label(year)} plan exists already"
        )
    try:
        with transaction.atomic():
            new_plan = DeliveryPlan.objects.create(
                strategy=strategy, year=year, refreshed_from=plan, refreshed_by=membership.user
            )
    except IntegrityError:  # refreshed at the same moment by someone else
        raise ValidationError(
            f"The plan cannot be refreshed: the {financial_year_label(year)} plan exists already"
        ) from None
    carried = 0
    for old in plan.actions.open().prefetch_related("partners", "indicators"):
        new = Action.objects.create(
            plan=new_plan,
            objective_id=old.objective_id,
            reference=old.reference,
            title=old.title,
            description=old.description,
            lead_id=old.lead_id,
            lead_agency_id=old.lead_agency_id,
            starts_on=old.starts_on,
            due_on=old.due_on,
            status=old.status,
            carried_from=old,
        )
        new.partners.set(old.partners.all())
        ActionIndicator.objects.bulk_create(
            ActionIndicator(action=new, code=link.code) for link in old.indicators.all()
        )
        carried += 1
    audit.record(
        "strategy.plan_refreshed",
        actor=membership.user,
        agency=membership.agency,
        target=new_plan,
        reason=f"{plan.year} to {year}: {carried} open actions carried",
    )
    return new_plan


# Self-assessment -----------------------------------------------------------------------------


@transaction.atomic
def record_assessment(
    membership: Membership,
    objective: Objective,
    *,
    year: int,
    rating: int,
    reasons: str,
    evidence: str,
) -> SelfAssessment:
    """Record, or replace, an objective's self-assessment for a year of its strategy."""
    _require("strategy.manage_plan", membership)
    strategy = objective.strategy
    problems: dict[str, str] = {}
    problem = outside_strategy(strategy.first_year, strategy.last_year, year)
    if problem:
        problems["year"] = problem
    if not 0 <= rating < len(strategy.assessment_scale):
        problems["rating"] = "Choose a rating on the strategy's scale"
    if not reasons.strip():
        problems["reasons"] = "Enter the reasons for the rating"
    if problems:
        raise ValidationError(problems)
    found = (
        SelfAssessment.objects.select_for_update().filter(objective=objective, year=year).first()
    )
    values = {
        "objective": objective,
        "year": year,
        "rating": rating,
        "reasons": reasons.strip(),
        "evidence": evidence.strip(),
        "assessed_by": membership.user,
    }
    return audit.save_changes(
        found or SelfAssessment(),
        values,
        "strategy.self_assessment_recorded",
        actor=membership.user,
        agency=membership.agency,
    )
