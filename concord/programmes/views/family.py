"""Family service (0 to 19) pages of a case: the children and young people supported on
it, and for each their risk assessments, the concerns asked about and sessions attended.
The case is reached through ``request.scope``, its children through the case; every write
goes through concord.programmes.services, then back to the family page."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from concord.accounts.http import ConcordRequest
from concord.cases.models import Case
from concord.cases.scope import CasesScope
from concord.cases.views_children import adding_child
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.programmes import checks, presenters, services
from concord.programmes.forms import (
    ChildAttendanceForm,
    ChildFlagsForm,
    ChildRiskAssessmentForm,
)
from concord.programmes.models import CaseChild, children_of, family_relations
from concord.programmes.views.common import (
    WrongService,
    form_page,
    may_record,
    refusing_other_services,
)


def _family_case(request: ConcordRequest[CasesScope], case_id: UUID) -> Case:
    case = request.scope.case(case_id)
    if not services.is_family_case(case):
        raise WrongService(case, services.NOT_FAMILY_CASE)
    return case


def _child(request: ConcordRequest[CasesScope], case: Case, child_id: UUID) -> CaseChild:
    """One child on this case whom the user may see; 404 for any other."""
    child = (
        children_of(case)
        .visible_to(request.user)
        .select_related("person")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404
    return child


@rule_required("programmes.view_records")
@refusing_other_services
def family(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    """The children and young people supported on a family-service case."""
    case = _family_case(request, case_id)
    prefetch_related_objects([case], *family_relations(request.user))
    children = presenters.family_children(case)
    can_record = may_record(request, case)
    return render(
        request,
        "programmes/family.html",
        {
            "title": f"Family service: case {case.reference}",
            "case": case,
            "summary": presenters.family_summary(children),
            "cards": presenters.child_cards(
                case, children, today=timezone.localdate(), can_record=can_record
            ),
            "can_record": can_record,
        },
    )


@rule_required("programmes.record")
@refusing_other_services
@never_cache
def add_child(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    """Add a child or young person aged 0 to 19 (concord.cases.views_children)."""
    case = _family_case(request, case_id)
    adding = adding_child(
        request,
        case,
        max_age=checks.FAMILY_SERVICE_MAX_AGE,
        existing=lambda person, role: services.add_child(request.user, case, person, role=role),
        new=lambda details: services.add_new_child(request.user, case, **details),
    )
    if adding.child is not None:
        messages.success(request, f"{adding.child.person} is added to the case")
        return redirect("programmes:family", case_id=case.pk)
    return form_page(
        request,
        case,
        adding.form,
        "Add a child or young person",
        adding.submit,
        "programmes:family",
        template="cases/add_child.html",
        matches=adding.matches,
    )


@rule_required("programmes.record")
@refusing_other_services
def child_risk_assessment(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID
) -> HttpResponse:
    case = _family_case(request, case_id)
    child = _child(request, case, child_id)
    form = ChildRiskAssessmentForm(posted(request), initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        save = lambda: services.record_child_risk_assessment(request.user, child, **values)  # noqa: E731
        if saved(form, save):
            messages.success(request, f"The risk assessment for {child.person} is saved")
            return redirect("programmes:family", case_id=case.pk)
    caption = f"{child.person}, case {case.reference}"
    return form_page(
        request,
        case,
        form,
        "Child's risk assessment",
        "Save risk assessment",
        "programmes:family",
        caption=caption,
    )


@rule_required("programmes.record")
@refusing_other_services
def child_concerns(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID
) -> HttpResponse:
    """Self-harm, suicidal feelings, forced marriage and using violence at home."""
    case = _family_case(request, case_id)
    child = _child(request, case, child_id)
    form = ChildFlagsForm(posted(request), child=child)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_child_flags(request.user, child, **values)):
            messages.success(request, f"The concerns about {child.person} are saved")
            return redirect("programmes:family", case_id=case.pk)
    caption = f"{child.person}, case {case.reference}"
    return form_page(
        request, case, form, "Concerns", "Save concerns", "programmes:family", caption=caption
    )


@rule_required("programmes.record")
@refusing_other_services
def child_sessions(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID
) -> HttpResponse:
    """Group work, crèche or one-to-one sessions the child attended."""
    case = _family_case(request, case_id)
    child = _child(request, case, child_id)
    form = ChildAttendanceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        save = lambda: services.record_child_attendance(request.user, child, **values)  # noqa: E731
        if saved(form, save):
            messages.success(request, f"The sessions {child.person} attended are saved")
            return redirect("programmes:family", case_id=case.pk)
    caption = f"{child.person}, case {case.reference}"
    return form_page(
        request,
        case,
        form,
        "Sessions attended",
        "Save sessions",
        "programmes:family",
        caption=caption,
    )
