"""The strategy pages: the strategy and its objectives, a year's delivery plan (filters and
exports), actions with their indicators and updates, approving updates, the annual refresh
and the self-assessment. Readers read; the partnership manager writes; an action's lead
reads and updates their own action. Every write goes through concord.strategy.services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency, Membership, User
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_response
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date, summary_rows
from concord.domain.delivery import DEFAULT_ASSESSMENT_SCALE
from concord.domain.periods import financial_year_label, financial_year_of
from concord.indicators.catalogue import INDICATORS, get
from concord.strategy import presenters, services
from concord.strategy.forms import (
    ActionForm,
    AssessmentForm,
    DecisionForm,
    ObjectiveForm,
    PlanFilterForm,
    RefreshForm,
    StartPlanForm,
    StrategyForm,
    TargetsForm,
    UpdateForm,
)
from concord.strategy.models import (
    Action,
    ActionUpdate,
    DeliveryPlan,
    Objective,
    SelfAssessment,
    Strategy,
    StrategyTarget,
    UpdateEvidence,
)
from concord.strategy.targets import set_strategy_target


def current_strategy() -> Strategy | None:
    """The strategy that covers this financial year, else the latest."""
    year = financial_year_of(timezone.localdate())
    strategies = Strategy.objects.all()
    return (
        strategies.filter(first_year__lte=year, last_year__gte=year).first() or strategies.first()
    )


def plan_year(strategy: Strategy) -> int:
    """This financial year, kept within the strategy's years."""
    return min(
        max(financial_year_of(timezone.localdate()), strategy.first_year), strategy.last_year
    )


def _strategy_or_404() -> Strategy:
    strategy = current_strategy()
    if strategy is None:
        raise Http404
    return strategy


def _action(request: ConcordRequest, action_id: UUID, *, write: bool = False) -> Action:
    """An action the user may see (404 otherwise); 403 if they may see but not update it."""
    action = (
        Action.objects.select_related(
            "plan__strategy", "objective", "lead", "lead_agency", "carried_from"
        )
        .filter(pk=action_id)
        .first()
    )
    if action is None or not rules.test_rule("strategy.view_action", request.membership, action):
        raise Http404
    if write and not rules.test_rule("strategy.update_action", request.membership, action):
        raise PermissionDenied
    return action


def _subnav(request: ConcordRequest) -> list[tuple[str, str, str]]:
    """The strategy pages' sub-navigation: (name, address, words)."""
    strategy = current_strategy()
    items = [("home", reverse("strategy:home"), "Strategy")]
    if strategy is not None:
        year = plan_year(strategy)
        items.append(
            (
                "plan",
                reverse("strategy:plan", args=[year]),
                f"Delivery plan {financial_year_label(year)}",
            )
        )
        items.append(("assessment", reverse("strategy:assessment"), "Self-assessment"))
    if rules.test_rule("strategy.approve_update", request.membership):
        items.append(("approvals", reverse("strategy:approvals"), "Updates awaiting approval"))
    return items


# Home, the strategy and its objectives -------------------------------------------------------


@rule_required("strategy.view_plan")
def home(request: ConcordRequest) -> HttpResponse:
    strategy = current_strategy()
    may_manage = rules.test_rule("strategy.manage_plan", request.membership)
    context: dict[str, Any] = {
        "title": "Strategy",
        "strategy": strategy,
        "may_manage": may_manage,
        "subnav": _subnav(request),
    }
    if strategy is not None:
        year = plan_year(strategy)
        plan = strategy.plans.filter(year=year).first()
        counts = {}
        if plan is not None:
            counts = dict(
                plan.actions.values_list("status")
                .annotate(n=Count("id"))
                .values_list("status", "n")
            )
        context |= {
            "year": year,
            "year_label": financial_year_label(year),
            "period": presenters.period_text(strategy.first_year, strategy.last_year),
            "plan": plan,
            "summary": presenters.status_summary(counts),
            "total": sum(counts.values()),
            "principles": [line for line in strategy.principles.splitlines() if line.strip()],
            "objectives": list(strategy.objectives.all()),
            "plans": list(strategy.plans.order_by("-year")),
            "awaiting": ActionUpdate.objects.awaiting_approval().count() if may_manage else 0,
        }
    return render(request, "strategy/home.html", context)


@rule_required("strategy.manage_plan")
def edit_strategy(request: ConcordRequest) -> HttpResponse:
    strategy = current_strategy()
    if strategy is None:
        year = financial_year_of(timezone.localdate())
        initial = {
            "first_year": year,
            "last_year": year + 4,
            "assessment_scale": "\n".join(DEFAULT_ASSESSMENT_SCALE),
        }
    else:
        initial = {
            "title": strategy.title,
            "first_year": strategy.first_year,
            "last_year": strategy.last_year,
            "principles": strategy.principles,
            "assessment_scale": "\n".join(strategy.assessment_scale),
        }
    form = StrategyForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.save_strategy(request.membership, strategy, **values)):
            messages.success(request, "The strategy is saved")
            return redirect("strategy:home")
    title = "Set up the strategy" if strategy is None else "Change the strategy"
    return _form_page(request, form, title, "Save strategy", reverse("strategy:home"))


@rule_required("strategy.manage_plan")
def edit_objective(request: ConcordRequest, objective_id: UUID | None = None) -> HttpResponse:
    strategy = _strategy_or_404()
    objective = None
    initial: dict[str, Any] = {"position": strategy.objectives.count() + 1}
    if objective_id is not None:
        objective = strategy.objectives.filter(pk=objective_id).first()
        if objective is None:
            raise Http404
        initial = {
            f: getattr(objective, f) for f in ("reference", "title", "description", "position")
        }
    form = ObjectiveForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(
            form, lambda: services.save_objective(request.membership, strategy, objective, **values)
        ):
            messages.success(request, "The objective is saved")
            return redirect("strategy:home")
    title = "Add an objective" if objective is None else "Change the objective"
    return _form_page(
        request, form, title, "Save objective", reverse("strategy:home"), caption=strategy.title
    )


def _form_page(
    request: ConcordRequest, form: Any, title: str, submit: str, back_url: str, **extra: Any
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "submit": submit,
        "back_url": back_url,
        **extra,
    }
    return render(request, "strategy/form.html", context, status=400 if form.errors else 200)


# A year's plan -------------------------------------------------------------------------------


def _plan_or_404(strategy: Strategy, year: int) -> DeliveryPlan:
    plan = strategy.plans.filter(year=year).select_related("refreshed_from").first()
    if plan is None:
        raise Http404
    return plan


def _filtered(plan: DeliveryPlan, chosen: dict[str, Any]) -> QuerySet[Action]:
    actions = plan.actions.select_related("objective", "lead", "lead_agency")
    if "status" in chosen:
        actions = actions.filter(status=chosen["status"])
    if "objective" in chosen:
        actions = actions.filter(objective_id=chosen["objective"])
    if "lead_agency" in chosen:
        actions = actions.filter(lead_agency_id=chosen["lead_agency"])
    if chosen.get("overdue"):
        actions = actions.overdue(timezone.localdate())
    return actions.order_by("reference")


def _agency_choices() -> list[tuple[str, str]]:
    return [
        (str(pk), name) for pk, name in Agency.objects.order_by("name").values_list("pk", "name")
    ]


@rule_required("strategy.view_plan")
def plan(request: ConcordRequest, year: int) -> HttpResponseBase:
    strategy = _strategy_or_404()
    if not strategy.covers(year):
        raise Http404
    found = strategy.plans.filter(year=year).select_related("refreshed_from").first()
    may_manage = rules.test_rule("strategy.manage_plan", request.membership)
    label = financial_year_label(year)
    if found is None:
        context = {
            "title": f"Delivery plan {label}",
            "year": year,
            "label": label,
            "strategy": strategy,
            "may_manage": may_manage,
            "start_form": StartPlanForm(initial={"year": year}),
            "subnav": _subnav(request),
        }
        return render(request, "strategy/no_plan.html", context)
    objectives = [(str(o.pk), str(o)) for o in strategy.objectives.all()]
    form = PlanFilterForm(request.GET or None, objectives=objectives, agencies=_agency_choices())
    chosen = form.chosen() if request.GET else {}
    actions = _filtered(found, chosen)
    today = timezone.localdate()
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        rows = presenters.export_rows(
            actions.select_related("carried_from__plan").prefetch_related("partners", "indicators"),
            today,
        )
        audit.record(
            "strategy.plan_exported",
            actor=request.user,
            agency=request.membership.agency,
            target=found,
            reason=file_format,
        )
        name = f"delivery-plan-{year}-{(year + 1) % 100:02d}"
        respond = csv_response if file_format == "csv" else xlsx_response
        return respond(name, presenters.EXPORT_HEADER, rows)
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "title": f"Delivery plan {label}",
        "strategy": strategy,
        "plan": found,
        "label": label,
        "form": form,
        "rows": presenters.action_rows(actions, today),
        "filtered": bool(chosen),
        "query": query.urlencode(),
        "may_manage": may_manage,
        "has_next": strategy.covers(year + 1),
        "subnav": _subnav(request),
    }
    return render(request, "strategy/plan.html", context)


@require_POST
@rule_required("strategy.manage_plan")
def start_plan(request: ConcordRequest) -> HttpResponse:
    strategy = _strategy_or_404()
    form = StartPlanForm(request.POST)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["year"]
    if saved(form, lambda: services.start_plan(request.membership, strategy, year)) is None:
        for error in form.errors.get("year", []) + form.non_field_errors():
            messages.error(request, str(error))
    else:
        messages.success(
            request, f"The {financial_year_label(year)} plan is started: add its actions"
        )
    return redirect("strategy:plan", year=year)


@rule_required("strategy.manage_plan")
def refresh(request: ConcordRequest, year: int) -> HttpResponse:
    strategy = _strategy_or_404()
    found = _plan_or_404(strategy, year)
    form = RefreshForm(posted(request))
    if request.method == "POST" and form.is_valid():
        made = saved(form, lambda: services.refresh_plan(request.membership, found))
        if made is not None:
            messages.success(
                request,
                f"The {financial_year_label(made.year)} plan is made from the "
                f"{financial_year_label(year)} plan's open actions",
            )
            return redirect("strategy:plan", year=made.year)
    open_count = found.actions.open().count()
    context = {
        "title": f"Refresh the {financial_year_label(year)} plan",
        "heading": f"Make the {financial_year_label(year + 1)} plan",
        "form": form,
        "plan": found,
        "open_count": open_count,
        "complete_count": found.actions.count() - open_count,
        "year": year,
    }
    return render(request, "strategy/refresh.html", context, status=400 if form.errors else 200)


# Actions -------------------------------------------------------------------------------------


def _lead_choices() -> list[tuple[str, str]]:
    """Active users, each with their agencies, to choose a lead from."""
    memberships = (
        Membership.objects.active().filter(user__is_active=True).select_related("user", "agency")
    )
    agencies: dict[Any, set[str]] = {}
    names: dict[Any, str] = {}
    for m in memberships:
        agencies.setdefault(m.user_id, set()).add(m.agency.name)
        names[m.user_id] = presenters.person(m.user)
    return sorted(
        ((str(pk), f"{names[pk]} ({', '.join(sorted(agencies[pk]))})") for pk in names),
        key=lambda c: c[1],
    )


def _indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, i.title) for i in INDICATORS]


def _action_form(
    request: ConcordRequest, strategy: Strategy, initial: dict[str, Any]
) -> ActionForm:
    return ActionForm(
        posted(request),
        initial=initial,
        objectives=[(str(o.pk), str(o)) for o in strategy.objectives.all()],
        leads=_lead_choices(),
        agencies=_agency_choices(),
        indicators=_indicator_choices(),
    )


def _details(strategy: Strategy, values: dict[str, Any]) -> services.ActionDetails:
    return services.ActionDetails(
        objective=strategy.objectives.get(pk=values["objective"]),
        reference=values["reference"],
        title=values["title"],
        description=values["description"],
        lead=User.objects.get(pk=values["lead"]),
        lead_agency=Agency.objects.get(pk=values["lead_agency"]),
        partners=list(Agency.objects.filter(pk__in=values["partners"])),
        starts_on=values["starts_on"],
        due_on=values["due_on"],
        indicators=values["indicators"],
    )


def _save_action_page(
    request: ConcordRequest, found_plan: DeliveryPlan, action: Action | None
) -> HttpResponse:
    strategy = found_plan.strategy
    if action is None:
        initial: dict[str, Any] = {}
    else:
        initial = {
            "objective": str(action.objective_id),
            "reference": action.reference,
            "title": action.title,
            "description": action.description,
            "lead": str(action.lead_id),
            "lead_agency": str(action.lead_agency_id),
            "partners": [str(pk) for pk in action.partners.values_list("pk", flat=True)],
            "starts_on": action.starts_on,
            "due_on": action.due_on,
            "indicators": list(action.indicators.values_list("code", flat=True)),
        }
    form = _action_form(request, strategy, initial)
    if request.method == "POST" and form.is_valid():
        details = _details(strategy, form.cleaned_data)
        done = saved(
            form, lambda: services.save_action(request.membership, found_plan, action, details)
        )
        if done is not None:
            messages.success(request, "The action is saved")
            if _without_targets(done):
                return redirect("strategy:action-targets", action_id=done.pk)
            return redirect("strategy:action", action_id=done.pk)
    label = financial_year_label(found_plan.year)
    back = (
        reverse("strategy:plan", args=[found_plan.year])
        if action is None
        else reverse("strategy:action", args=[action.pk])
    )
    title = "Add an action" if action is None else "Change the action"
    return _form_page(request, form, title, "Save action", back, caption=f"Delivery plan {label}")


def _without_targets(action: Action) -> list[str]:
    codes = list(action.indicators.values_list("code", flat=True))
    have = set(StrategyTarget.objects.filter(code__in=codes).values_list("code", flat=True))
    return [code for code in codes if code not in have]


@rule_required("strategy.manage_plan")
def add_action(request: ConcordRequest, year: int) -> HttpResponse:
    strategy = _strategy_or_404()
    found = _plan_or_404(strategy, year)
    if not strategy.objectives.exists():
        messages.error(request, "Add the strategy's objectives before its actions")
        return redirect("strategy:home")
    return _save_action_page(request, found, None)


@rule_required("strategy.manage_plan")
def edit_action(request: ConcordRequest, action_id: UUID) -> HttpResponse:
    action = _action(request, action_id)
    return _save_action_page(request, action.plan, action)


@rule_required("strategy.set_targets")
def action_targets(request: ConcordRequest, action_id: UUID) -> HttpResponse:
    """The baseline and target of each linked indicator without one yet."""
    action = _action(request, action_id)
    missing = _without_targets(action)
    if not missing:
        return redirect("strategy:action", action_id=action.pk)
    form = TargetsForm(posted(request), indicators=[(code, get(code).title) for code in missing])
    if request.method == "POST" and form.is_valid():
        targets = form.targets()

        def save_all() -> int:
            for code, values in targets.items():
                try:
                    set_strategy_target(request.membership, get(code), **values)
                except ValidationError as error:
                    raise ValidationError(
                        {
                            f"{code}__{field}": problems
                            for field, problems in error.message_dict.items()
                        }
                    ) from None
            return len(targets)

        if saved(form, lambda: transaction.atomic(save_all)()) is not None:
            if targets:
                messages.success(request, "The baselines and targets are saved")
            return redirect("strategy:action", action_id=action.pk)
    context = {
        "title": "Baselines and targets",
        "form": form,
        "action": action,
        "groups": form.groups(),
    }
    return render(request, "strategy/targets.html", context, status=400 if form.errors else 200)


def _history(action: Action) -> list[dict[str, Any]]:
    """The actions this one was carried from, newest first, each with its updates."""
    earlier = []
    current = action.carried_from
    while current is not None:
        updates = current.updates.select_related("author").prefetch_related("evidence")
        earlier.append(
            {
                "action": current,
                "label": financial_year_label(current.plan.year),
                "status": presenters.status_tag(current.status),
                "updates": presenters.update_cards(updates),
            }
        )
        current = (
            Action.objects.select_related("plan", "carried_from")
            .filter(pk=current.carried_from_id)
            .first()
            if current.carried_from_id
            else None
        )
    return earlier


def action(request: ConcordRequest, action_id: UUID) -> HttpResponse:
    found = _action(request, action_id)
    codes = list(found.indicators.values_list("code", flat=True))
    targets = {t.code: t for t in StrategyTarget.objects.filter(code__in=codes)}
    updates = found.updates.select_related("author").prefetch_related("evidence")
    membership = request.membership
    facts = [
        ("Objective", str(found.objective)),
        ("Lead", f"{presenters.person(found.lead)}, {found.lead_agency.name}"),
        ("Partner agencies", ", ".join(sorted(a.name for a in found.partners.all())) or "None"),
        ("Start date", govuk_date(found.starts_on)),
        ("Due date", govuk_date(found.due_on)),
        ("Status", presenters.status_tag(found.status)),
    ]
    if found.description:
        facts.insert(1, ("Description", found.description))
    context = {
        "title": f"Action {found.reference}",
        "action": found,
        "label": financial_year_label(found.plan.year),
        "summary": summary_rows(facts),
        "indicator_rows": presenters.indicator_rows(codes, targets),
        "missing_targets": [code for code in codes if code not in targets],
        "updates": presenters.update_cards(updates),
        "history": _history(found),
        "may_manage": rules.test_rule("strategy.manage_plan", membership),
        "may_update": rules.test_rule("strategy.update_action", membership, found),
        "may_approve": rules.test_rule("strategy.approve_update", membership),
        "may_set_targets": rules.test_rule("strategy.set_targets", membership),
        "may_see_plan": rules.test_rule("strategy.view_plan", membership),
    }
    return render(request, "strategy/action.html", context)


def _uploaded(form: UpdateForm) -> list[services.EvidenceFile]:
    limit = settings.DOCUMENT_MAX_BYTES
    return [
        services.EvidenceFile(upload.name, upload.read(limit + 1))
        for upload in form.cleaned_data["evidence_files"]
    ]


def add_update(request: ConcordRequest, action_id: UUID) -> HttpResponse:
    found = _action(request, action_id, write=True)
    form = UpdateForm(
        posted(request),
        request.FILES or None,
        initial={"written_on": timezone.localdate(), "status": found.status},
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        files = _uploaded(form)

        def add() -> ActionUpdate:
            return services.add_update(
                request.membership,
                found,
                written_on=values["written_on"],
                status=values["status"],
                progress=values["progress"],
                files=files,
                links=values["links"],
            )

        update = saved(form, add, {"files": "evidence_files"})
        if update is not None:
            if update.state == "approved":
                messages.success(request, "The update is saved and the action's status is changed")
            else:
                messages.success(
                    request, "The update is sent to the partnership manager for approval"
                )
            return redirect("strategy:action", action_id=found.pk)
    return _form_page(
        request,
        form,
        "Add an update",
        "Save update",
        reverse("strategy:action", args=[found.pk]),
        caption=f"Action {found.reference}: {found.title}",
        upload=True,
        intro="The action's status changes when the partnership manager approves the update.",
    )


@rule_required("strategy.approve_update")
def approvals(request: ConcordRequest) -> HttpResponse:
    waiting = (
        ActionUpdate.objects.awaiting_approval()
        .select_related("action__plan", "author")
        .order_by("written_on", "created_at")
    )
    rows = [
        [
            {"text": govuk_date(u.written_on)},
            {"html": presenters.action_link(u.action)},
            {"text": presenters.person(u.author)},
            {"html": presenters.status_tag(u.action.status)},
            {"html": presenters.status_tag(u.status)},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Decide'
                    '<span class="govuk-visually-hidden"> on the update to {}</span></a>',
                    reverse("strategy:decide", args=[u.pk]),
                    u.action.reference,
                )
            },
        ]
        for u in waiting
    ]
    return render(
        request,
        "strategy/approvals.html",
        {"title": "Updates awaiting approval", "rows": rows, "subnav": _subnav(request)},
    )


@rule_required("strategy.approve_update")
def decide(request: ConcordRequest, update_id: UUID) -> HttpResponse:
    update = (
        ActionUpdate.objects.select_related("action__lead", "author").filter(pk=update_id).first()
    )
    if update is None:
        raise Http404
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if values["decision"] == "approve":
            done = saved(form, lambda: services.approve_update(request.membership, update))
            said = "The update is approved and the action's status is changed"
        else:
            done = saved(
                form, lambda: services.return_update(request.membership, update, values["reason"])
            )
            said = "The update is returned to the lead"
        if done is not None:
            messages.success(request, said)
            return redirect("strategy:approvals")
    context = {
        "title": "Decide on the update",
        "form": form,
        "update": presenters.update_cards([update])[0],
        "action": update.action,
        "current": presenters.status_tag(update.action.status),
        "awaiting": update.state == "awaiting_approval",
    }
    return render(request, "strategy/decide.html", context, status=400 if form.errors else 200)


def evidence(request: ConcordRequest, evidence_id: UUID) -> HttpResponse:
    item = UpdateEvidence.objects.select_related("update__action").filter(pk=evidence_id).first()
    if (
        item is None
        or item.link
        or not rules.test_rule("strategy.view_action", request.membership, item.update.action)
    ):
        raise Http404
    audit.record(
        "strategy.evidence_downloaded",
        actor=request.user,
        agency=request.membership.agency,
        target=item,
    )
    response = HttpResponse(bytes(item.content or b""), content_type=item.content_type)
    response["Content-Disposition"] = "attachment"
    return response


# Self-assessment -----------------------------------------------------------------------------


@rule_required("strategy.view_plan")
def assessment(request: ConcordRequest) -> HttpResponse:
    strategy = _strategy_or_404()
    last = min(plan_year(strategy), strategy.last_year)
    years = list(range(strategy.first_year, last + 1))
    objectives = list(strategy.objectives.all())
    found = SelfAssessment.objects.filter(objective__strategy=strategy)
    context = {
        "title": "Self-assessment",
        "strategy": strategy,
        "head": [{"text": "Objective"}, *({"text": financial_year_label(y)} for y in years)],
        "rows": presenters.assessment_grid(
            objectives,
            years,
            found,
            strategy.assessment_scale,
            rules.test_rule("strategy.manage_plan", request.membership),
        ),
        "scale": strategy.assessment_scale,
        "subnav": _subnav(request),
        "details": [
            {
                "objective": str(item.objective),
                "label": financial_year_label(item.year),
                "rating": strategy.assessment_scale[item.rating],
                "item": item,
            }
            for item in found.select_related("objective").order_by(
                "objective__position", "objective__reference", "-year"
            )
        ],
    }
    return render(request, "strategy/assessment.html", context)


@rule_required("strategy.manage_plan")
def assess(request: ConcordRequest, objective_id: UUID, year: int) -> HttpResponse:
    objective = Objective.objects.select_related("strategy").filter(pk=objective_id).first()
    if objective is None:
        raise Http404
    found = objective.assessments.filter(year=year).first()
    initial = (
        {"rating": found.rating, "reasons": found.reasons, "evidence": found.evidence}
        if found
        else {}
    )
    form = AssessmentForm(
        posted(request), initial=initial, scale=list(objective.strategy.assessment_scale)
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(
            form,
            lambda: services.record_assessment(request.membership, objective, year=year, **values),
        ):
            messages.success(request, "The self-assessment is saved")
            return redirect("strategy:assessment")
    title = f"Self-assessment {financial_year_label(year)}"
    return _form_page(
        request,
        form,
        title,
        "Save self-assessment",
        reverse("strategy:assessment"),
        caption=str(objective),
    )
