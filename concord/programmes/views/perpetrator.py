"""Perpetrator programme pages of a case: the programme record, one part at a time. The
case is reached through ``request.scope``, its record through the case; every write goes
through concord.programmes.services, then back to the programme page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.cases.models import Case
from concord.cases.scope import CasesScope
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.programmes import presenters, services
from concord.programmes.forms import (
    OnwardReferralsForm,
    PartnerSupportForm,
    ProgrammeAssessmentForm,
    ProgrammeChildrenAndNeedsForm,
    ProgrammeCompletionForm,
    ProgrammeForm,
    ProgrammeReferralForm,
    ProgrammeSessionsForm,
)
from concord.programmes.views.common import (
    WrongService,
    form_page,
    may_record,
    refusing_other_services,
)


@dataclass(frozen=True)
class Section:
    form: type[ProgrammeForm]
    record: Callable[..., Any]
    submit: str
    saved: str


SECTIONS: dict[str, Section] = {
    "referral": Section(
        ProgrammeReferralForm,
        services.record_programme_referral,
        "Save referral",
        "The date the referral was received is saved",
    ),
    "assessment": Section(
        ProgrammeAssessmentForm,
        services.record_programme_assessment,
        "Save assessment",
        "The assessment is saved",
    ),
    "sessions": Section(
        ProgrammeSessionsForm,
        services.record_programme_sessions,
        "Save sessions",
        "The sessions are saved",
    ),
    "completion": Section(
        ProgrammeCompletionForm,
        services.record_programme_completion,
        "Save",
        "How the programme ended is saved",
    ),
    "children-and-needs": Section(
        ProgrammeChildrenAndNeedsForm,
        services.record_programme_children_and_needs,
        "Save",
        "Children and needs are saved",
    ),
    "partner-support": Section(
        PartnerSupportForm,
        services.record_partner_support,
        "Save partner support",
        "Partner support is saved",
    ),
    "onward-referrals": Section(
        OnwardReferralsForm,
        services.record_onward_referrals,
        "Save referrals",
        "The onward referrals are saved",
    ),
}
TITLES = dict(presenters.PROGRAMME_SECTIONS)


def _programme_case(request: ConcordRequest[CasesScope], case_id: UUID) -> Case:
    case = request.scope.case(case_id)
    if not services.is_programme_case(case):
        raise WrongService(case, services.NOT_PROGRAMME_CASE)
    prefetch_related_objects([case], "programme_record")
    return case


@rule_required("programmes.view_records")
@refusing_other_services
def perpetrator(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    """Everything recorded about the perpetrator-programme work of one case."""
    case = _programme_case(request, case_id)
    can_record = may_record(request, case)
    return render(
        request,
        "programmes/perpetrator.html",
        {
            "title": f"Perpetrator programme: case {case.reference}",
            "case": case,
            "cards": presenters.programme_cards(case, can_change=can_record),
            "can_record": can_record,
        },
    )


@rule_required("programmes.record")
@refusing_other_services
def perpetrator_section(
    request: ConcordRequest[CasesScope], case_id: UUID, section: str
) -> HttpResponse:
    """Record or correct one part of the programme record (see SECTIONS)."""
    kind = SECTIONS.get(section)
    if kind is None:
        raise Http404
    case = _programme_case(request, case_id)
    record = presenters.programme_record_of(case)
    initial = kind.form.initial_from(record)
    if record is None:
        initial["referral_received_on"] = timezone.localtime(case.referred_at).date()
    form = kind.form(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: kind.record(request.user, case, **values)):
            messages.success(request, kind.saved)
            return redirect("programmes:perpetrator", case_id=case.pk)
    return form_page(request, case, form, TITLES[section], kind.submit, "programmes:perpetrator")
