"""Homicide review pages. Outside the panel: the list, with the counts of deaths and the
progress of recommendations only. Inside it: a review's page and its forms, each review
reached through ``request.scope.review`` (404 off the user's panels, every read audited);
every write goes through concord.dhr.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.dhr import presenters, services
from concord.dhr.figures import deaths_by_year, progress_by_reference, rule_for
from concord.dhr.forms import (
    AgencyReportForm,
    CompletionForm,
    ConfirmForm,
    DecisionForm,
    HomeOfficeForm,
    NotifyForm,
    PanelMemberForm,
    ReceivedForm,
    RecommendationForm,
    RevealNamesForm,
)
from concord.dhr.models import Decision, Review
from concord.dhr.scope import ReviewsScope

Request = ConcordRequest[ReviewsScope]


@rule_required("dhr.view_list")
def review_list(request: Request) -> HttpResponse:
    """Counts and progress for the roles that watch the partnership; the user's own
    reviews, with links, for panel members."""
    today = timezone.localdate()
    context: dict[str, Any] = {
        "title": "Domestic homicide reviews",
        "can_notify": rules.test_rule("dhr.notify", request.membership),
        "own_rows": presenters.own_review_rows(list(request.scope.panel_reviews)),
        "sees_summary": rules.test_rule("dhr.view_summary", request.membership),
    }
    if context["sees_summary"]:
        rule = rule_for(request.user, disclosure_rule())
        context |= {
            "death_rows": presenters.death_rows(deaths_by_year(Review.objects.all(), today), rule),
            "death_head": presenters.DEATH_HEAD,
            "disclosure_note": presenters.disclosure_note(rule),
            "progress_rows": presenters.progress_rows(progress_by_reference(today)),
            "progress_head": presenters.PROGRESS_HEAD,
        }
        audit.record("dhr.summary_viewed", actor=request.user, agency=request.membership.agency)
    return render(request, "dhr/list.html", context)


@rule_required("dhr.notify")
def notify(request: Request) -> HttpResponse:
    form = NotifyForm(posted(request), initial={"notified_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        review = saved(form, lambda: services.notify_death(request.membership, **values))
        if review is not None:
            messages.success(
                request, f"The death is notified as {review.reference}. You are on its panel"
            )
            return redirect("dhr:review", review_id=review.pk)
    context = {
        "title": "Notify a death",
        "intro": "A death of a person aged 16 or over that appears to have resulted from "
        "violence, abuse or neglect by a relative, partner or member of the same household. "
        "Only the review's panel will see this record.",
        "form": form,
        "submit": "Notify the death",
        "back_url": reverse("dhr:list"),
    }
    return render(request, "core/form_page.html", context)


@rule_required("dhr.open_review")
def review_page(request: Request, review_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    today = timezone.localdate()
    panel = list(review.panel.all())
    reports = list(review.reports.all())
    recommendations = list(review.recommendations.select_related("owner_agency"))
    context = {
        "title": presenters.review_title(review),
        "review": review,
        "rows": presenters.review_rows(review, reverse("dhr:names", args=[review.pk])),
        "decision_rows": presenters.decision_rows(review),
        "home_office_rows": presenters.home_office_rows(review),
        "panel_rows": presenters.panel_rows(panel, review, can_remove=len(panel) > 1),
        "report_rows": presenters.report_rows(reports, review),
        "recommendation_rows": presenters.recommendation_rows(recommendations, review, today),
        "held": review.is_held,
        "decided": review.decision != Decision.PENDING,
        "may_decide": review.submitted_on is None,
    }
    return render(request, "dhr/review.html", context)


@rule_required("dhr.open_review")
@never_cache
def reveal_names(request: Request, review_id: UUID) -> HttpResponse:
    """The names, for a panel member who says why (audited); shown on this response only,
    never kept for another page."""
    review = request.scope.review(review_id)
    form = RevealNamesForm(posted(request))
    names = None
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        names = saved(form, lambda: services.reveal_names(request.user, review, reason))
    context = {
        "title": f"Names: {presenters.review_title(review)}",
        "review": review,
        "form": form,
        "names": names,
        "back_url": reverse("dhr:review", args=[review.pk]),
    }
    return render(request, "dhr/names.html", context)


def _review_form(
    request: Request,
    review: Review,
    form: Form,
    *,
    heading: str,
    submit: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
    intro: str = "",
) -> HttpResponse:
    """A form about one review: on a valid post the service saves it and the review's page
    says so; otherwise the form again, with the error summary."""
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: save(values)) is not None:
            messages.success(request, done)
            return redirect("dhr:review", review_id=review.pk)
    context = {
        "title": heading,
        "caption": presenters.review_title(review),
        "form": form,
        "submit": submit,
        "back_url": reverse("dhr:review", args=[review.pk]),
        **({"intro": intro} if intro else {}),
    }
    return render(request, "core/form_page.html", context, status=400 if form.errors else 200)


@rule_required("dhr.open_review")
def decide(request: Request, review_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    initial = {
        "decision": review.decision if review.decision != Decision.PENDING else None,
        "decided_on": review.decided_on,
        "reasons": review.decision_reasons,
    }
    return _review_form(
        request,
        review,
        DecisionForm(posted(request), initial=initial),
        heading="Decide whether to hold a review",
        submit="Save the decision",
        save=lambda values: services.record_decision(request.user, review, **values),
        done="The decision is saved",
    )


@rule_required("dhr.open_review")
def home_office(request: Request, review_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    initial = {"submitted_on": review.submitted_on, "published_on": review.published_on}
    return _review_form(
        request,
        review,
        HomeOfficeForm(posted(request), initial=initial),
        heading="Submission to the Home Office and publication",
        submit="Save the dates",
        save=lambda values: services.record_home_office_dates(request.user, review, **values),
        done="The dates are saved",
    )


@rule_required("dhr.open_review")
def add_member(request: Request, review_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)

    def save(values: dict[str, Any]) -> object:
        user = values.pop("email")
        return services.add_panel_member(request.user, review, user=user, **values)

    return _review_form(
        request,
        review,
        PanelMemberForm(posted(request)),
        heading="Add a panel member",
        submit="Add to the panel",
        save=save,
        done="The panel member is added",
        intro="A member with a Concord account can open this review and everything in it.",
    )


@rule_required("dhr.open_review")
def remove_member(request: Request, review_id: UUID, member_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    member = request.scope.panel_member(review, member_id)
    return _review_form(
        request,
        review,
        ConfirmForm(posted(request)),
        heading=f"Remove {member.name} from the panel",
        submit="Remove from the panel",
        save=lambda _values: services.remove_panel_member(request.user, member),
        done=f"{member.name} is no longer on the panel",
        intro="If they have a Concord account, they will no longer be able to open this review.",
    )


@rule_required("dhr.open_review")
def add_report(request: Request, review_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    return _review_form(
        request,
        review,
        AgencyReportForm(posted(request), initial={"requested_on": timezone.localdate()}),
        heading="Request a chronology or agency report",
        submit="Save the request",
        save=lambda values: services.request_agency_report(request.user, review, **values),
        done="The request is saved",
    )


@rule_required("dhr.open_review")
def report_received(request: Request, review_id: UUID, report_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    report = request.scope.agency_report(review, report_id)
    return _review_form(
        request,
        review,
        ReceivedForm(posted(request), initial={"received_on": timezone.localdate()}),
        heading=f"{report.get_kind_display()} from {report.organisation} received",
        submit="Save",
        save=lambda values: services.record_report_received(request.user, report, **values),
        done=f"The {report.get_kind_display().lower()} from {report.organisation} is received",
    )


@rule_required("dhr.open_review")
def add_recommendation(request: Request, review_id: UUID) -> HttpResponse:
    review = request.scope.review(review_id)
    taken = review.recommendations.order_by("-number").values_list("number", flat=True).first()
    return _review_form(
        request,
        review,
        RecommendationForm(posted(request), initial={"number": (taken or 0) + 1}),
        heading="Add a recommendation",
        submit="Add the recommendation",
        save=lambda values: services.add_recommendation(request.user, review, **values),
        done="The recommendation is added",
    )


@rule_required("dhr.open_review")
def complete(request: Request, review_id: UUID, number: int) -> HttpResponse:
    review = request.scope.review(review_id)
    recommendation = request.scope.recommendation(review, number)
    return _review_form(
        request,
        review,
        CompletionForm(posted(request), initial={"completed_on": timezone.localdate()}),
        heading=f"Complete recommendation {recommendation.number}",
        submit="Mark as complete",
        save=lambda values: services.complete_recommendation(
            request.user, recommendation, **values
        ),
        done=f"Recommendation {recommendation.number} is complete",
        intro=recommendation.text,
    )
