"""The information-sharing agreements register: the list, an agreement with its
signatories, and the forms to add or change an agreement, record a signature and a
withdrawal. Read by those who see the partnership's data; kept by the partnership manager
and partnership analysts (ADR 0029). The agreements are the partnership's, not an
agency's: they carry no agency scope."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date
from concord.submissions import agreements
from concord.submissions import presenters_agreements as present
from concord.submissions.forms_agreements import AgreementForm, SignatoryForm, WithdrawForm
from concord.submissions.models import SharingAgreement, Signatory


def _agreement(agreement_id: UUID) -> SharingAgreement:
    found = SharingAgreement.objects.filter(pk=agreement_id).first()
    if found is None:
        raise Http404
    return found


@rule_required("submissions.view_agreements")
def agreement_list(request: ConcordRequest) -> HttpResponse:
    today = timezone.localdate()
    found = SharingAgreement.objects.prefetch_related("signatories__agency")
    context = {
        "title": "Information-sharing agreements",
        "rows": present.agreement_rows(found, today),
        "can_keep": rules.test_rule("submissions.keep_agreements", request.membership),
    }
    return render(request, "submissions/agreements/list.html", context)


@rule_required("submissions.view_agreements")
def agreement_page(request: ConcordRequest, agreement_id: UUID) -> HttpResponse:
    agreement = _agreement(agreement_id)
    today = timezone.localdate()
    can_keep = rules.test_rule("submissions.keep_agreements", request.membership)
    signatories = agreement.signatories.select_related("agency")
    context = {
        "title": agreement.title,
        "agreement": agreement,
        "kinds": present.kinds_text(agreement),
        "state": present.state_html(agreement, today),
        "starts": govuk_date(agreement.starts_on),
        "review": govuk_date(agreement.review_on),
        "ends": govuk_date(agreement.ends_on) if agreement.ends_on else "No end date",
        "rows": present.signatory_rows(signatories, can_keep=can_keep),
        "can_keep": can_keep,
    }
    return render(request, "submissions/agreements/agreement.html", context)


def _agreement_form(request: ConcordRequest, agreement: SharingAgreement | None) -> HttpResponse:
    initial = AgreementForm.initial_for(agreement) if agreement else None
    form = AgreementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> SharingAgreement:
            return agreements.save_agreement(request.membership, agreement, **form.cleaned_data)

        done = saved(form, save)
        if done is not None:
            messages.success(request, f"The agreement “{done.title}” is saved")
            return redirect("submissions:agreement", done.pk)
    back = (
        reverse("submissions:agreement", args=[agreement.pk])
        if agreement
        else reverse("submissions:agreements")
    )
    context: dict[str, Any] = {
        "title": f"Change {agreement.title}" if agreement else "Add an agreement",
        "caption": "Information-sharing agreements",
        "form": form,
        "submit": "Save the agreement",
        "back_url": back,
    }
    return render(request, "core/form_page.html", context)


@rule_required("submissions.keep_agreements")
def new_agreement(request: ConcordRequest) -> HttpResponse:
    return _agreement_form(request, None)


@rule_required("submissions.keep_agreements")
def edit_agreement(request: ConcordRequest, agreement_id: UUID) -> HttpResponse:
    return _agreement_form(request, _agreement(agreement_id))


@rule_required("submissions.keep_agreements")
def add_signatory(request: ConcordRequest, agreement_id: UUID) -> HttpResponse:
    agreement = _agreement(agreement_id)
    today = timezone.localdate()
    form = SignatoryForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def sign() -> Signatory:
            return agreements.add_signatory(
                request.membership, agreement, today=today, **form.cleaned_data
            )

        done = saved(form, sign)
        if done is not None:
            messages.success(request, f"{done.agency.name}'s signature is recorded")
            return redirect("submissions:agreement", agreement.pk)
    context = {
        "title": "Record a signature",
        "caption": agreement.title,
        "form": form,
        "submit": "Record the signature",
        "back_url": reverse("submissions:agreement", args=[agreement.pk]),
    }
    return render(request, "core/form_page.html", context)


@rule_required("submissions.keep_agreements")
def withdraw(request: ConcordRequest, signatory_id: UUID) -> HttpResponse:
    signatory = Signatory.objects.select_related("agency", "agreement").filter(pk=signatory_id)
    found = signatory.first()
    if found is None:
        raise Http404
    today = timezone.localdate()
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def withdrawn() -> Signatory:
            return agreements.withdraw_signatory(
                request.membership, found, today=today, **form.cleaned_data
            )

        if saved(form, withdrawn) is not None:
            messages.success(request, f"{found.agency.name}'s withdrawal is recorded")
            return redirect("submissions:agreement", found.agreement_id)
    context = {
        "title": f"Record {found.agency.name}'s withdrawal",
        "caption": found.agreement.title,
        "intro": "From this date the agency's submissions are no longer covered by the agreement.",
        "form": form,
        "submit": "Record the withdrawal",
        "back_url": reverse("submissions:agreement", args=[found.agreement_id]),
    }
    return render(request, "core/form_page.html", context)
