"""Linkage pages: runs (partnership analysts and linkage reviewers: counts and quality
only), the review queue, a pair side by side and a person's linked records (linkage
reviewers only: identifiers come out of the vault through ``vault.reveal``, audited)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from concord.accounts.http import ConcordRequest
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.linkage import presenters, services
from concord.linkage.forms import CalibrationForm, DecisionForm, QueueFilterForm, RunForm, SplitForm
from concord.linkage.models import (
    LinkageCalibration,
    LinkageRun,
    LinkChange,
    PartnershipPerson,
    ReviewPair,
)

RECENT_RUNS = 20
RECENT_CALIBRATIONS = 20


@rule_required("linkage.run")
def runs(request: ConcordRequest) -> HttpResponse:
    form = RunForm(posted(request), start=services.run_settings(LinkageCalibration.objects.first()))
    if request.method == "POST" and form.is_valid():

        def start() -> LinkageRun:
            return services.start_run(request.membership, **form.cleaned_data)

        started = saved(form, start)
        if started is not None:
            messages.success(request, "The run has started")
            return redirect("linkage:run", started.pk)
    recent = LinkageRun.objects.select_related("model", "calibration")[:RECENT_RUNS]
    waiting = ReviewPair.objects.filter(decision__isnull=True).count()
    context = {
        "title": "Record linkage",
        "form": form,
        "rows": presenters.run_rows(recent),
        "waiting": waiting,
        "may_review": rules.test_rule("linkage.review", request.membership),
        "may_calibrate": rules.test_rule("linkage.calibrate", request.membership),
    }
    return render(request, "linkage/runs.html", context)


@rule_required("linkage.calibrate")
def calibration(request: ConcordRequest) -> HttpResponse:
    """The curve from the reviewers' decisions and the analyst's choice of thresholds."""
    latest = LinkageCalibration.objects.select_related("chosen_by").first()
    found = services.current_curve()
    start = services.run_settings(latest)
    suggested = found.suggested
    initial = {**asdict(start)}
    if latest is None and suggested is not None and found.suggested_floor is not None:
        initial |= {"threshold": suggested.threshold, "review_floor": found.suggested_floor}
    form = CalibrationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():

        def choose() -> LinkageCalibration:
            return services.calibrate(request.membership, **form.cleaned_data)

        if saved(form, choose) is not None:
            messages.success(request, "The thresholds are saved: the next run uses them")
            return redirect("linkage:calibration")
    history = LinkageCalibration.objects.select_related("chosen_by")[:RECENT_CALIBRATIONS]
    context = {
        "title": "Calibrate the thresholds",
        "form": form,
        "curve": found,
        "in_use": start,
        "chart": presenters.curve_chart_of(found, start.threshold) if found.decisions else None,
        "rows": presenters.curve_rows(found),
        "history": presenters.calibration_rows(history),
    }
    return render(request, "linkage/calibration.html", context)


def _run_context(run_id: UUID) -> dict[str, Any]:
    run = get_object_or_404(
        LinkageRun.objects.select_related("model", "started_by", "calibration__chosen_by"),
        pk=run_id,
    )
    return {"title": f"Linkage run of {run.created_at:%-d %B %Y %H:%M}", "run": run} | (
        presenters.run_summary(run)
    )


@rule_required("linkage.run")
def run(request: ConcordRequest, run_id: UUID) -> HttpResponse:
    context = _run_context(run_id) | {
        "may_calibrate": rules.test_rule("linkage.calibrate", request.membership)
    }
    return render(request, "linkage/run.html", context)


@rule_required("linkage.run")
def run_progress(request: ConcordRequest, run_id: UUID) -> HttpResponse:
    """The part of the run page that changes while it runs, asked for every few seconds."""
    return render(request, "linkage/run_progress.html", _run_context(run_id))


@rule_required("linkage.review")
def review_queue(request: ConcordRequest) -> HttpResponse:
    waiting = ReviewPair.objects.filter(decision__isnull=True).select_related(
        "left__agency", "right__agency"
    )
    chosen = QueueFilterForm(request.GET or None)
    reason = chosen.cleaned_data["reason"] if chosen.is_valid() else ""
    if reason:
        waiting = waiting.filter(reason=reason)
    context = {
        "title": "Pairs to review",
        "rows": presenters.queue_rows(waiting),
        "filter": chosen,
        "reason": reason,
    }
    return render(request, "linkage/review_queue.html", context)


@rule_required("linkage.review")
def review_pair(request: ConcordRequest, pair_id: UUID) -> HttpResponse:
    pair = get_object_or_404(
        ReviewPair.objects.filter(decision__isnull=True).select_related(
            "left__agency", "right__agency"
        ),
        pk=pair_id,
    )
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def decide() -> Any:
            return services.decide(request.membership, pair, **form.cleaned_data)

        if saved(form, decide) is not None:
            messages.success(request, "Your decision is saved")
            following = ReviewPair.objects.filter(decision__isnull=True).first()
            if following is not None:
                return redirect("linkage:review-pair", following.pk)
            return redirect("linkage:review")
    context = {
        "title": "Are these the same person?",
        "form": form,
        "pair": pair,
        "comparison": presenters.side_by_side(request.membership, pair.left, pair.right),
    }
    return render(request, "linkage/review_pair.html", context)


@rule_required("linkage.review")
def person(request: ConcordRequest, number: int) -> HttpResponse:
    found = get_object_or_404(PartnershipPerson, number=number)
    links = list(found.links.select_related("identity__agency"))
    identities = [link.identity for link in links]
    form = SplitForm(
        posted(request), choices=[(str(i.key), presenters.record_label(i)) for i in identities]
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["identities"])

        def part() -> PartnershipPerson:
            leaving = [i for i in identities if str(i.key) in chosen]
            return services.split(request.membership, found, leaving)

        parted = saved(form, part)
        if parted is not None:
            messages.success(request, f"The records are split off as {parted.label}")
            return redirect("linkage:person", found.number)
    history = LinkChange.objects.filter(Q(old_person=found) | Q(new_person=found))
    history = history.select_related("old_person", "new_person", "changed_by")
    context = {
        "title": f"Person {found.label}",
        "person": found,
        "form": form,
        "records": presenters.linked_records(request.membership, identities),
        "history": presenters.history_rows(history),
    }
    return render(request, "linkage/person.html", context)
