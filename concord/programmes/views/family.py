"""Family service (0 to 19) pages of a case: the children and young people supported on
it, and for each their risk assessments, the concerns asked about and sessions attended.
The case is reached through ``request.scope``, its children through the case; every write
goes through concord.programmes.services, then back to the family page."""

from __future__ import annotations

from typing import Any
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
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.people.models import Person
from concord.people.services import possible_duplicates
from concord.programmes import checks, presenters, services
from concord.programmes.forms import (
    AddChildForm,
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

# Relationships to the case's person that make someone a likely child on a family case.
CHILD_KINDS = frozenset({"parent", "carer"})  # the case's person is their parent or carer


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


def _candidates(request: ConcordRequest[CasesScope], case: Case) -> list[tuple[Person, str]]:
    """People the worker may mean, without searching: the case's person if they are a
    child or young person, and the case's person's children, the people they care for
    and their other young relatives (as far as the user may see them), none known to be
    over 19, less those already on the case."""
    on_case = set(children_of(case).values_list("person_id", flat=True))
    found: list[tuple[Person, str]] = []
    if case.person.is_child_young_person and case.person_id not in on_case:
        found.append((case.person, presenters.candidate_label(case.person, None, case)))
    relationships = (
        case.person.relationships.filter(other__in=request.scope.people)
        .select_related("other")
        .order_by("other__family_name", "other__given_name")
    )
    seen = set(on_case) | {person.pk for person, _ in found}
    today = timezone.localdate()
    for relationship in relationships:
        other = relationship.other
        age = other.age_on(today)
        young = age is not None and age <= checks.FAMILY_SERVICE_MAX_AGE
        likely = young or other.is_child_young_person or relationship.kind in CHILD_KINDS
        if likely and (age is None or young) and other.pk not in seen:
            seen.add(other.pk)
            found.append((other, presenters.candidate_label(other, relationship, case)))
    return found


@rule_required("programmes.record")
@refusing_other_services
@never_cache
def add_child(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    """Add a child or young person: someone linked to the case's person, or someone else,
    searching the agency's records first so that nobody is recorded twice."""
    case = _family_case(request, case_id)
    candidates = _candidates(request, case)
    choices = [(str(person.pk), label) for person, label in candidates]
    people: dict[str, Person] = {str(person.pk): person for person, _ in candidates}
    data = posted(request)
    form = AddChildForm(data, candidates=choices)
    matches: list[tuple[str, str]] = []
    if data is not None and form.is_valid():
        ready = True
        if form.chosen() is None:  # someone else: look for them in the records first
            found = _possible_matches(request, case, form)
            if found:
                matches = [(str(p.pk), presenters.match_label(p, m.reasons)) for p, m in found]
                people |= {str(person.pk): person for person, _ in found}
                shown = bool(data.get("matches_shown"))
                form = AddChildForm(data, candidates=choices, matches=matches, matches_shown=shown)
                ready = form.is_valid() and shown
        child = saved(form, lambda: _add(request, case, form, people)) if ready else None
        if child is not None:
            messages.success(request, f"{child.person} is added to the case")
            return redirect("programmes:family", case_id=case.pk)
    return form_page(
        request,
        case,
        form,
        "Add a child or young person",
        "Add to the case" if not matches else "Continue",
        "programmes:family",
        template="programmes/add_child.html",
        matches=matches,
    )


def _add(
    request: ConcordRequest[CasesScope], case: Case, form: AddChildForm, people: dict[str, Person]
) -> CaseChild:
    chosen = form.chosen()
    if chosen is None:
        return services.add_new_child(request.user, case, **form.new_child())
    return services.add_child(request.user, case, people[chosen], role=form.cleaned_data["role"])


def _possible_matches(
    request: ConcordRequest[CasesScope], case: Case, form: AddChildForm
) -> list[Any]:
    """People already recorded who may be the child being added, less those on the case.
    Like the People search, the trail records that someone searched, never for whom."""
    data = form.cleaned_data
    on_case = set(children_of(case).values_list("person_id", flat=True))
    audit.record(
        "people.searched",
        actor=request.user,
        agency=request.scope.agency,
        object_type="people.person",
    )
    found = possible_duplicates(
        request.scope.people,
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
    )
    return [(person, match) for person, match in found if person.pk not in on_case]


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
