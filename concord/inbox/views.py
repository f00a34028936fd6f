"""The help point's inbox of online referrals: the list with its clock to first contact,
a referral's page (an audited read), and the worker's acts on it: record the first contact,
accept into a person and case, close without one. Reached through ``request.scope``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.inbox import presenters, professional, services
from concord.inbox import vocabulary as words
from concord.inbox.forms import AcceptForm, CloseForm, FirstContactForm, InboxFilterForm
from concord.inbox.models import OnlineReferral
from concord.inbox.scope import InboxScope

PAGE_SIZE = 50


def _filtered(request: ConcordRequest[InboxScope], chosen: dict[str, str]) -> QuerySet[Any]:
    referrals = request.scope.online_referrals.filter(status=chosen["status"])
    if chosen["kind"]:
        referrals = referrals.filter(kind=chosen["kind"])
    # New referrals oldest first (the longest waiting on top); decided ones newest first.
    order = "received_at" if chosen["status"] == words.NEW else "-received_at"
    return referrals.order_by(order)


@rule_required("inbox.view")
def referral_list(request: ConcordRequest[InboxScope]) -> HttpResponse:
    form = InboxFilterForm(request.GET)
    chosen = form.chosen()
    page = Paginator(_filtered(request, chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(
        "online_referrals.listed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="inbox.onlinereferral",
    )
    return render(
        request,
        "inbox/list.html",
        {
            "title": "Online referrals",
            "form": form,
            "rows": presenters.referral_rows(page.object_list),
            "page": page,
            "query": f"status={chosen['status']}&kind={chosen['kind']}",
            "target_hours": presenters.target().total_seconds() // 3600,
        },
    )


def _detail_context(referral: OnlineReferral) -> dict[str, Any]:
    found = presenters.clock(referral)
    case_url = reverse("cases:detail", args=[referral.case_id]) if referral.case_id else ""
    return {
        "title": f"Online referral {referral.reference}",
        "referral": referral,
        "never": presenters.never_items(referral),
        "danger_now": referral.danger_now == "yes",
        "summary": presenters.details(referral),
        "decision": presenters.decision(referral),
        "clock_tag": presenters.clock_tag(found.state),
        "clock_text": presenters.clock_text(found),
        "is_new": referral.status == words.NEW,
        "case_url": case_url,
        "back_url": reverse("inbox:list"),
        "professional": (
            professional.professional_details(referral)
            if referral.kind == words.PROFESSIONAL
            else None
        ),
    }


@rule_required("inbox.view")
def referral_detail(request: ConcordRequest[InboxScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.online_referral(referral_id)
    return render(request, "inbox/detail.html", _detail_context(referral))


def _form_page(
    request: ConcordRequest[InboxScope],
    referral: OnlineReferral,
    form: Any,
    *,
    title: str,
    intro: str,
    submit: str,
) -> HttpResponse:
    return render(
        request,
        "core/form_page.html",
        {
            "title": title,
            "caption": f"Online referral {referral.reference}",
            "intro": intro,
            "form": form,
            "submit": submit,
            "back_url": reverse("inbox:detail", args=[referral.pk]),
        },
    )


@rule_required("inbox.view")
def first_contact(request: ConcordRequest[InboxScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.online_referral(referral_id)
    now = timezone.localtime()
    form = FirstContactForm(
        posted(request), initial={"on": now.date(), "at": now.strftime("%H:%M")}
    )
    if request.method == "POST" and form.is_valid():
        when = form.when("on", "at")
        done = saved(
            form,
            lambda: services.record_first_contact(request.user, referral, occurred_at=when),
            fields={"occurred_at": "on"},
        )
        if done:
            messages.success(request, "The first contact is recorded")
            return redirect("inbox:detail", referral_id=referral.pk)
    return _form_page(
        request,
        referral,
        form,
        title="Record the first contact",
        intro="When someone from the service first reached the person. This stops the clock.",
        submit="Record first contact",
    )


@rule_required("inbox.view")
def accept(request: ConcordRequest[InboxScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.online_referral(referral_id)
    form = AcceptForm(posted(request), initial={"given_name": referral.name})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        case = saved(form, lambda: services.accept(request.user, referral, **values))
        if case:
            messages.success(request, f"Case {case.reference} is open, led by you")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(
        request,
        referral,
        form,
        title="Accept into a person and case",
        intro=(
            f"A person is recorded and a case opens at {referral.service.name}, led by you, "
            "with what they told us about contacting them safely."
        ),
        submit="Accept and open case",
    )


@rule_required("inbox.view")
def close(request: ConcordRequest[InboxScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.online_referral(referral_id)
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["close_reason"]
        if saved(form, lambda: services.close(request.user, referral, reason=reason)):
            messages.success(request, "The referral is closed without a case")
            return redirect("inbox:list")
    return _form_page(
        request,
        referral,
        form,
        title="Close without a case",
        intro="No person or case is recorded. The referral stays in the inbox as closed.",
        submit="Close referral",
    )
