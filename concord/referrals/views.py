"""Referral and consent pages. Cases, people, referrals and consents are reached only
through ``request.scope``; every write goes through concord.referrals.services; each form
posts, then redirects. The receiving side sees the referral's own fields, nothing more."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.cases import lifecycle as case_lifecycle
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.models import Case
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date
from concord.people.services import possible_duplicates
from concord.referrals import presenters, services
from concord.referrals.forms import (
    AcceptForm,
    ConsentForm,
    DeclineForm,
    ReferralForm,
    WithdrawConsentForm,
)
from concord.referrals.lifecycle import ReferralStatus, Side
from concord.referrals.models import OWN_REFERRAL, Referral, ReferralQuerySet
from concord.referrals.scope import ReferralsScope
from concord.referrals.vocabulary import REFERRAL_PURPOSE

PAGE_SIZE = 25
T = TypeVar("T")
# The inbox's tabs: received referrals by status, and the ones this agency sent.
TABS = (
    (ReferralStatus.PENDING.value, "Waiting"),
    (ReferralStatus.ACCEPTED.value, "Accepted"),
    (ReferralStatus.DECLINED.value, "Declined"),
    (ReferralStatus.WITHDRAWN.value, "Withdrawn"),
    ("sent", "Sent by your agency"),
)
INBOX_RELATIONS = ("agency", "referring_service", "lead_professional", "to_service")
# Service errors named by the model's fields, shown against the form's own fields.
REFERRAL_FIELDS = {
    "consent": "basis",
    "given_on": "consent_given_on",
    "expires_on": "consent_expires_on",
}


def _form_page(
    request: ConcordRequest[ReferralsScope],
    form: Form,
    title: str,
    submit: str,
    back_url: str,
    page_title: str = "",
) -> HttpResponse:
    """``page_title`` for the browser when ``title`` names the person (never in a title)."""
    context = {"title": title, "form": form, "submit": submit, "back_url": back_url}
    context["page_title"] = page_title
    return render(request, "accounts/form_page.html", context)


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


# On the case page ----------------------------------------------------------------------------


def case_section(page: CasePage) -> dict[str, Any]:
    """The referrals and consents part of a case page, in a fixed number of queries:
    referrals made from the case, the referral the case came from, the person's consents."""
    request, case = page.request, page.record
    scope = request.scope.narrowed_to(ReferralsScope)
    sent = scope.referrals.filter(case=case).select_related("to_service", "receiving_agency")
    received = (
        scope.inbox.filter(created_case=case)
        .select_related("agency", "referring_service", "lead_professional")
        .first()
    )
    consents = scope.consents.for_person(case.person_id).prefetch_related("agencies")
    may_refer = rules.test_rule("referrals.make_referral", request.membership)
    return {
        "sent": presenters.sent_rows(sent),
        "received": presenters.received_text(received) if received else "",
        "received_url": reverse("referrals:detail", args=[received.pk]) if received else "",
        "consents": presenters.consent_rows(consents, timezone.localdate(), case.pk),
        "can_refer": may_refer and case_lifecycle.is_active(case.status),
        "refer_url": reverse("referrals:refer", args=[case.pk]),
        "consent_url": reverse("referrals:record-consent", args=[case.pk]),
    }


CASE_SECTION = CaseSection("referral_section", 50, "referrals/case_section.html", case_section)


# Inbox ---------------------------------------------------------------------------------------


@rule_required("referrals.receive_referral")
def inbox(request: ConcordRequest[ReferralsScope]) -> HttpResponse:
    """Referrals waiting for, accepted or declined by the user's services (all the
    agency's services when the user is not limited to some), and those the agency sent."""
    show = request.GET.get("show", ReferralStatus.PENDING.value)
    if show not in dict(TABS):
        show = ReferralStatus.PENDING.value
    received = request.scope.inbox
    services = list(request.membership.services.all())
    if services:
        received = received.filter(to_service__in=services)
    referrals: ReferralQuerySet
    if show == "sent":
        referrals = request.scope.referrals.select_related(*INBOX_RELATIONS, "receiving_agency")
    else:
        referrals = received.with_status(show).select_related(*INBOX_RELATIONS, "receiving_agency")
    counts = dict(received.order_by().values_list("status").annotate(n=Count("pk")))
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(
        "referrals.inbox_viewed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="referrals.referral",
    )
    tabs = [
        {
            "href": f"?show={value}",
            "text": label if value == "sent" else f"{label} ({counts.get(value, 0)})",
            "current": value == show,
        }
        for value, label in TABS
    ]
    return render(
        request,
        "referrals/inbox.html",
        {
            "title": "Referrals",
            "heading": dict(TABS)[show],
            "tabs": tabs,
            "show": show,
            "cards": [presenters.inbox_card(r, sent=show == "sent") for r in page.object_list],
            "page": page,
            "services": ", ".join(service.name for service in services),
        },
    )


# One referral --------------------------------------------------------------------------------


def referral_detail(request: ConcordRequest[ReferralsScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.referral(referral_id)
    sides = referral.sides_of(request.membership.agency_id)
    next_steps = referral.next_steps_for(request.membership)
    referring = Side.REFERRING in sides
    created_case_url = ""
    if Side.RECEIVING in sides and referral.created_case_id:
        created_case_url = reverse("cases:detail", args=[referral.created_case_id])
    return render(
        request,
        "referrals/detail.html",
        {
            "title": f"Referral for {referral.person_name}",
            "page_title": f"Referral to {referral.destination}",
            "referral": referral,
            "shared": presenters.shared_rows(referral),
            "decision": presenters.decision_rows(referral),
            "can_accept": ReferralStatus.ACCEPTED in next_steps,
            "can_decline": ReferralStatus.DECLINED in next_steps,
            "can_withdraw": ReferralStatus.WITHDRAWN in next_steps,
            "own_referral": referral.status == ReferralStatus.PENDING
            and Side.RECEIVING in sides
            and referral.made_by(request.user.pk),
            "case_url": reverse("cases:detail", args=[referral.case_id]) if referring else "",
            "created_case_url": created_case_url,
            "back_url": reverse("cases:detail", args=[referral.case_id])
            if referring
            else reverse("referrals:inbox"),
        },
    )


@rule_required("referrals.make_referral")
def refer(request: ConcordRequest[ReferralsScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    consents = (
        request.scope.consents.for_person(case.person_id)
        .for_purpose(REFERRAL_PURPOSE)
        .valid_on(timezone.localdate())
        .prefetch_related("agencies")
    )
    children = request.scope.children_of(case)
    form = ReferralForm(posted(request), case=case, consents=consents, children=children)
    if request.method == "POST" and form.is_valid():
        referral = saved(form, lambda: _refer(request, case, form), REFERRAL_FIELDS)
        if referral:
            if referral.status == ReferralStatus.SENT:
                messages.success(request, f"The referral to {referral.destination} is recorded")
            else:
                messages.success(
                    request,
                    f"The referral is in the inbox of {referral.destination}, "
                    f"{referral.receiving_agency}",
                )
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request,
        "referrals/refer.html",
        {
            "title": f"Refer {case.person}",
            "page_title": f"Refer to another service – Case {case.reference}",
            "case": case,
            "form": form,
            "service_groups": form.service_groups(),
            "radios": presenters.radios,
            "back_url": _case_url(case),
        },
    )


def _refer(request: ConcordRequest[ReferralsScope], case: Case, form: ReferralForm) -> Referral:
    """Record consent given now (when asked) and make the referral, together or not at all."""
    destination = form.destination_values()
    with transaction.atomic():
        consent = form.chosen_consent()
        if form.records_consent_now:
            service = destination["to_service"]
            consent = services.record_consent(
                request.user,
                case.person,
                purpose=REFERRAL_PURPOSE,
                given=True,
                given_on=form.cleaned_data["consent_given_on"],
                expires_on=form.cleaned_data["consent_expires_on"],
                agencies=[service.agency] if service else [],
                outside_agency=destination["outside_agency"],
            )
        return services.make_referral(
            request.user,
            case,
            summary=form.cleaned_data["summary"],
            consent=consent,
            to_service=destination["to_service"],
            outside_agency=destination["outside_agency"],
            **form.safeguarding_values(),
            children=form.chosen_children(),
        )


def _own_referral(request: ConcordRequest[ReferralsScope], referral: Referral) -> HttpResponse:
    """Nobody decides a referral they sent: back to the referral, saying why."""
    messages.error(request, OWN_REFERRAL)
    return redirect("referrals:detail", referral_id=referral.pk)


@rule_required("referrals.receive_referral")
def accept(request: ConcordRequest[ReferralsScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.received_referral(referral_id)
    if referral.status != ReferralStatus.PENDING:
        messages.error(request, f"This referral is already {referral.status}")
        return redirect("referrals:detail", referral_id=referral.pk)
    if referral.made_by(request.user.pk):
        return _own_referral(request, referral)
    matches = []
    if referral.agency_id != request.membership.agency_id:
        matches = possible_duplicates(
            request.scope.people,
            given_name=referral.given_name,
            family_name=referral.family_name,
            date_of_birth=referral.date_of_birth,
        )
    restricted = referral.person_restricted and referral.agency_id != request.membership.agency_id
    form = AcceptForm(
        posted(request), matches=matches, restricted_for=request.membership if restricted else None
    )
    if request.method == "POST" and form.is_valid():
        case = saved(
            form,
            lambda: services.accept_referral(
                request.membership,
                referral,
                person=form.chosen_person(),
                named_workers=form.named_workers(),
            ),
        )
        if case:
            messages.success(
                request,
                f"You accepted the referral. Case {case.reference} is open and you are its "
                "lead professional",
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "referrals/accept.html",
        {
            "title": f"Accept the referral for {referral.person_name}",
            "page_title": f"Accept a referral to {referral.destination}",
            "referral": referral,
            "form": form,
            "shared": presenters.shared_rows(referral),
            "back_url": reverse("referrals:detail", args=[referral.pk]),
        },
    )


@rule_required("referrals.receive_referral")
def decline(request: ConcordRequest[ReferralsScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.received_referral(referral_id)
    if referral.made_by(request.user.pk):
        return _own_referral(request, referral)
    form = DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if saved(
            form, lambda: services.decline_referral(request.membership, referral, reason=reason)
        ):
            messages.success(request, f"You declined the referral for {referral.person_name}")
            return redirect("referrals:detail", referral_id=referral.pk)
    title = f"Decline the referral for {referral.person_name}"
    back = reverse("referrals:detail", args=[referral.pk])
    page_title = f"Decline a referral to {referral.destination}"
    return _form_page(request, form, title, "Decline referral", back, page_title)


@rule_required("referrals.make_referral")
def withdraw(request: ConcordRequest[ReferralsScope], referral_id: UUID) -> HttpResponse:
    """The referring agency takes back a waiting referral: a button on the referral page."""
    referral = request.scope.sent_referral(referral_id)
    if request.method == "POST":
        form = Form(request.POST)
        if saved(form, lambda: services.withdraw_referral(request.membership, referral)):
            messages.success(request, f"The referral to {referral.destination} is withdrawn")
        else:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect("referrals:detail", referral_id=referral.pk)


# Consent -------------------------------------------------------------------------------------


@rule_required("referrals.record_consent")
def record_consent(request: ConcordRequest[ReferralsScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    form = ConsentForm(posted(request), initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if saved(form, lambda: services.record_consent(request.user, case.person, **values)):
            messages.success(request, "The consent is recorded")
            return redirect("cases:detail", case_id=case.pk)
    title = f"Record consent for {case.person}"
    page_title = f"Record consent – Case {case.reference}"
    return _form_page(request, form, title, "Save consent", _case_url(case), page_title)


def _withdrawn_message(waiting: int) -> str:
    if not waiting:
        return "The consent is recorded as withdrawn"
    referrals = (
        "referral waiting on it is" if waiting == 1 else f"{waiting} referrals waiting on it are"
    )
    return f"The consent is recorded as withdrawn. The {referrals} withdrawn too"


@rule_required("referrals.record_consent")
def withdraw_consent(
    request: ConcordRequest[ReferralsScope], case_id: UUID, consent_id: UUID
) -> HttpResponse:
    case = request.scope.case(case_id)
    consent = request.scope.consent(consent_id)
    if consent.person_id != case.person_id:
        raise Http404
    form = WithdrawConsentForm(posted(request), initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["withdrawn_on"]
        waiting = consent.referrals.with_status(ReferralStatus.PENDING).count()
        if saved(form, lambda: services.withdraw_consent(request.user, consent, withdrawn_on=day)):
            messages.success(request, _withdrawn_message(waiting))
            return redirect("cases:detail", case_id=case.pk)
    title = f"Withdraw consent given on {govuk_date(consent.given_on)}"
    return _form_page(request, form, title, "Withdraw consent", _case_url(case))
