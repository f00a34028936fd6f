"""Linkage pages: runs (partnership analysts and linkage reviewers: counts and quality
only), the review queue, a pair side by side and a person's linked records (linkage
reviewers only: identifiers come out of the vault through ``vault.reveal``, audited)."""

from __future__ import annotations

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
from concord.linkage.forms import DecisionForm, RunForm, SplitForm
from concord.linkage.models import LinkageRun, LinkChange, PartnershipPerson, ReviewPair

RECENT_RUNS = 20


@rule_required("linkage.run")
def runs(request: ConcordRequest) -> HttpResponse:
    form = RunForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def start() -> LinkageRun:
            return services.start_run(request.membership, **form.cleaned_data)

        started = saved(form, start)
        if started is not None:
            messages.success(request, "The run has started")
            return redirect("linkage:run", started.pk)
    recent = LinkageRun.objects.select_related("model")[:RECENT_RUNS]
    waiting = ReviewPair.objects.filter(decision__isnull=True).count()
    context = {
        "title": "Record linkage",
        "form": form,
        "rows": presenters.run_rows(recent),
        "waiting": waiting,
        "may_review": rules.test_rule("linkage.review", request.membership),
    }
    return render(request, "linkage/runs.html", context)


def _run_context(run_id: UUID) -> dict[str, Any]:
    run = get_object_or_404(LinkageRun.objects.select_related("model", "started_by"), pk=run_id)
    return {"title": f"Linkage run of {run.created_at:%-d %B %Y %H:%M}", "run": run} | (
        presenters.run_summary(run)
    )


@rule_required("linkage.run")
def run(request: ConcordRequest, run_id: UUID) -> HttpResponse:
    return render(request, "linkage/run.html", _run_context(run_id))


@rule_required("linkage.run")
def run_progress(request: ConcordRequest, run_id: UUID) -> HttpResponse:
    """The part of the run page that changes while it runs, asked for every few seconds."""
    return render(request, "linkage/run_progress.html", _run_context(run_id))


@rule_required("linkage.review")
def review_queue(request: ConcordRequest) -> HttpResponse:
    waiting = ReviewPair.objects.filter(decision__isnull=True).select_related(
        "left__agency", "right__agency"
    )
    return render(
        request,
        "linkage/review_queue.html",
        {"title": "Pairs to review", "rows": presenters.queue_rows(waiting)},
    )


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
