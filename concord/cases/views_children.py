"""The children on a case, at any service: the case page's Children section and the pages
that add a child, record their needs and their support. The case is reached through
``request.scope``, a child through the case (restricted children only for their named
workers); every write goes through concord.cases.child_services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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

from concord.accounts.http import ConcordRequest
from concord.cases import child_services, lifecycle
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.forms_children import (
    AddChildForm,
    ChildNeedsForm,
    ChildSupportForm,
    EndChildSupportForm,
)
from concord.cases.models import Case, CaseChild, child_relations
from concord.cases.presenters_children import (
    candidate_label,
    child_cards,
    intake_count_note,
    match_label,
)
from concord.cases.scope import CasesScope
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.people.models import Person
from concord.people.services import possible_duplicates

# Relationships to the case's person that make someone a likely child on the case.
CHILD_KINDS = frozenset({"parent", "carer"})  # the case's person is their parent or carer


def children_of(case: Case) -> list[CaseChild]:
    """The children fetched with the case by ``child_relations``."""
    return list(case.children.all())


def may_record(request: ConcordRequest[CasesScope], case: Case) -> bool:
    return lifecycle.is_active(case.status) and rules.test_rule(
        "cases.work_on_case", request.membership
    )


def children_section(page: CasePage) -> dict[str, Any]:
    """Each child on the case with their age, role, needs and support, and the intake
    profile's count of children when it differs from those recorded."""
    case = page.record
    children = children_of(case)
    can_record = may_record(page.request, case)
    return {
        "cards": child_cards(children, today=timezone.localdate(), can_record=can_record),
        "note": intake_count_note(getattr(case, "intake_profile", None), len(children)),
        "can_record": can_record,
    }


CHILDREN_SECTION = CaseSection(
    "children_section",
    8,  # before the family service's section, which fetches more about the same children
    "cases/children_section.html",
    children_section,
    prefetch=lambda case, user: (child_relations(user),),
)


# Adding a child, here or at the family service -----------------------------------------------


@dataclass
class AddingChild:
    """Where the add-child form is: bound, with any possible matches shown, or done."""

    form: AddChildForm
    matches: list[tuple[str, str]] = field(default_factory=list)
    child: CaseChild | None = None

    @property
    def submit(self) -> str:
        return "Continue" if self.matches else "Add to the case"


def adding_child(
    request: ConcordRequest[CasesScope],
    case: Case,
    *,
    max_age: int,
    existing: Callable[[Person, str], CaseChild],
    new: Callable[[dict[str, Any]], CaseChild],
) -> AddingChild:
    """The add-child form: someone linked to the case's person, someone else already in
    the agency's records (searched for first, so nobody is recorded twice) or someone new.
    ``existing`` and ``new`` are the services that add them."""
    candidates = _candidates(request, case, max_age)
    choices = [(str(person.pk), label) for person, label in candidates]
    people: dict[str, Person] = {str(person.pk): person for person, _ in candidates}
    data = posted(request)
    adding = AddingChild(AddChildForm(data, candidates=choices))
    if data is None or not adding.form.is_valid():
        return adding
    ready = True
    if adding.form.chosen() is None:  # someone else: look for them in the records first
        found = _possible_matches(request, case, adding.form)
        if found:
            adding.matches = [(str(p.pk), match_label(p, m.reasons)) for p, m in found]
            people |= {str(person.pk): person for person, _ in found}
            shown = bool(data.get("matches_shown"))
            adding.form = AddChildForm(
                data, candidates=choices, matches=adding.matches, matches_shown=shown
            )
            ready = adding.form.is_valid() and shown
    if ready:
        form = adding.form
        chosen = form.chosen()
        add = (
            (lambda: new(form.new_child()))
            if chosen is None
            else (lambda: existing(people[chosen], form.cleaned_data["role"]))
        )
        adding.child = saved(form, add)
    return adding


def _on_case(request: ConcordRequest[CasesScope], case: Case) -> set[Any]:
    """The people on the case as children (restricted ones hidden from others are not
    offered either: adding them again is refused by the service)."""
    return set(request.scope.children_of(case).values_list("person_id", flat=True))


def _candidates(
    request: ConcordRequest[CasesScope], case: Case, max_age: int
) -> list[tuple[Person, str]]:
    """People the worker may mean, without searching: the case's person if they are a
    child or young person, and the case's person's children, the people they care for and
    their other young relatives (as far as the user may see them), none known to be over
    ``max_age``, less those already on the case."""
    on_case = _on_case(request, case)
    found: list[tuple[Person, str]] = []
    if case.person.is_child_young_person and case.person_id not in on_case:
        found.append((case.person, candidate_label(case.person, None, case)))
    relationships = (
        case.person.relationships.filter(other__in=request.scope.people)
        .select_related("other")
        .order_by("other__family_name", "other__given_name")
    )
    seen = on_case | {person.pk for person, _ in found}
    today = timezone.localdate()
    for relationship in relationships:
        other = relationship.other
        age = other.age_on(today)
        young = age is not None and age <= max_age
        likely = young or other.is_child_young_person or relationship.kind in CHILD_KINDS
        if likely and (age is None or young) and other.pk not in seen:
            seen.add(other.pk)
            found.append((other, candidate_label(other, relationship, case)))
    return found


def _possible_matches(
    request: ConcordRequest[CasesScope], case: Case, form: AddChildForm
) -> list[Any]:
    """People already recorded who may be the child being added, less those on the case.
    Like the People search, the trail records that someone searched, never for whom."""
    data = form.cleaned_data
    on_case = _on_case(request, case)
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


# Pages -----------------------------------------------------------------------------------


def _page(
    request: ConcordRequest[CasesScope],
    case: Case,
    form: Form,
    heading: str,
    submit: str,
    *,
    caption: str = "",
    template: str = "cases/captioned_form.html",
    **extra: Any,
) -> HttpResponse:
    context = {
        "title": f"{heading}: case {case.reference}",
        "heading": heading,
        "caption": caption or f"{case.person}, case {case.reference}",
        "case": case,
        "form": form,
        "submit": submit,
        "back_url": reverse("cases:detail", args=[case.pk]),
        "back_text": f"Back to case {case.reference}",
        **extra,
    }
    return render(request, template, context)


def _done(request: ConcordRequest[CasesScope], case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#children")


@rule_required("cases.work_on_case")
@never_cache
def add_child(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    """Add a child or young person under 18 to a case at any service."""
    case = request.scope.case(case_id)
    actor = request.user
    adding = adding_child(
        request,
        case,
        max_age=child_services.CHILD_MAX_AGE,
        existing=lambda person, role: child_services.add_child(actor, case, person, role=role),
        new=lambda details: child_services.add_new_child(actor, case, **details),
    )
    if adding.child is not None:
        return _done(request, case, f"{adding.child.person} is added to the case")
    return _page(
        request,
        case,
        adding.form,
        "Add a child or young person",
        adding.submit,
        template="cases/add_child.html",
        matches=adding.matches,
    )


@rule_required("cases.work_on_case")
def child_needs(request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    child = request.scope.case_child(case, child_id)
    form = ChildNeedsForm(posted(request), initial={"needs": child.needs})
    if request.method == "POST" and form.is_valid():
        needs = form.cleaned_data["needs"]
        if saved(form, lambda: child_services.record_child_needs(request.user, child, needs=needs)):
            return _done(request, case, f"The needs of {child.person} are saved")
    caption = f"{child.person}, case {case.reference}"
    return _page(request, case, form, "A child's needs", "Save needs", caption=caption)


@rule_required("cases.work_on_case")
def add_child_support(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID
) -> HttpResponse:
    case = request.scope.case(case_id)
    child = request.scope.case_child(case, child_id)
    form = ChildSupportForm(posted(request), initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        save = lambda: child_services.start_child_support(request.user, child, **values)  # noqa: E731
        if saved(form, save):
            return _done(request, case, f"The support for {child.person} is saved")
    caption = f"{child.person}, case {case.reference}"
    return _page(request, case, form, "Support for a child", "Save support", caption=caption)


@rule_required("cases.work_on_case")
def end_child_support(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID, support_id: UUID
) -> HttpResponse:
    case = request.scope.case(case_id)
    child = request.scope.case_child(case, child_id)
    support = request.scope.child_support(child, support_id)
    form = EndChildSupportForm(posted(request), initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ended_on = form.cleaned_data["ended_on"]
        save = lambda: child_services.end_child_support(request.user, support, ended_on=ended_on)  # noqa: E731
        if saved(form, save):
            return _done(request, case, f"The support for {child.person} has ended")
    caption = f"{child.person}: {support.get_kind_display().lower()}, case {case.reference}"
    return _page(request, case, form, "End a child's support", "End support", caption=caption)
