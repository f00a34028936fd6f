"""People pages. Every record is reached through ``request.scope``; every write goes through
concord.people.services; each form posts, then redirects to the person's record."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from concord.accounts.http import ConcordRequest
from concord.core import audit, once
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved, search_text
from concord.people import services
from concord.people.forms import (
    SENSITIVE_LABELS,
    AccessForm,
    AliasForm,
    ContactSafetyForm,
    NewPersonForm,
    PersonDetailsForm,
    RelateForm,
    RevealForm,
)
from concord.people.models import ContactSafety, Person
from concord.people.person_page import SECTIONS
from concord.people.presenters import (
    alias_names,
    contact_safety_rows,
    correction_rows,
    details_rows,
    history_rows,
    match_rows,
    person_rows,
    relationship_rows,
)
from concord.people.scope import PeopleScope

PAGE_SIZE = 50
SEARCH_LIMIT = 50
# How many people a search for someone to relate to offers.
RELATE_LIMIT = 20
REVEALED = "revealed_detail"

T = TypeVar("T")


def _to_record(person: Person, anchor: str = "") -> HttpResponse:
    return redirect(reverse("people:detail", args=[person.pk]) + anchor)


def _form_page(
    request: ConcordRequest[PeopleScope],
    form: Form,
    title: str,
    submit: str,
    person: Person,
    template: str = "accounts/form_page.html",
    **context: Any,
) -> HttpResponse:
    """The form's heading may name the person; the browser's title never does: it names
    the page (``page_title`` in ``context``)."""
    back_url = reverse("people:detail", args=[person.pk])
    context |= {"title": title, "form": form, "submit": submit, "back_url": back_url}
    return render(request, template, {"person": person, **context})


def _safety(person: Person) -> ContactSafety | None:
    return getattr(person, "contact_safety", None)


# Finding and adding people -------------------------------------------------------------------


@rule_required("people.view_person")
def person_list(request: ConcordRequest[PeopleScope]) -> HttpResponse:
    """All the agency's people, a page at a time; or, after a search, the first matches.
    Searches are posted, never put in the address, so names stay out of URLs and logs."""
    search = search_text(request)
    people = request.scope.browse_people(search)
    if search:
        page = Paginator(people, SEARCH_LIMIT).get_page(1)
    else:
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/list.html",
        {
            "title": "People",
            "rows": person_rows(page.object_list),
            "page": page,
            "search": search,
            "total": page.paginator.count,
            "shown": len(page.object_list),
        },
    )


@rule_required("people.view_person")
@never_cache
def new_person(request: ConcordRequest[PeopleScope]) -> HttpResponse:
    """Add a person, searching first: people already recorded who may be the same person
    are shown, and nothing is saved until the worker confirms this is someone new."""
    form = NewPersonForm(posted(request))
    matches: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = services.possible_duplicates(
            request.scope.people,
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            phone=data["phone"],
        )
        # Like the People search: the trail records that someone searched, never for whom.
        audit.record(
            "people.searched",
            actor=request.user,
            agency=request.scope.agency,
            object_type="people.person",
        )
        if matches and not data["checked_matches"]:
            if request.POST.get("matches_shown"):
                form.add_error(
                    "checked_matches", "Confirm that you have checked the possible matches"
                )
        else:
            person = saved(form, lambda: _record(request, form))
            if person:
                messages.success(request, f"{person} is added")
                return _to_record(person)
    return render(
        request,
        "people/new.html",
        {
            "title": "Add a person",
            "form": form,
            "matches": match_rows(matches),
            "back_url": reverse("people:list"),
        },
    )


@transaction.atomic
def _record(request: ConcordRequest[PeopleScope], form: NewPersonForm) -> Person:
    person = services.record_person(
        request.user, request.scope.agency, **form.names(), **form.details()
    )
    safety = form.contact_safety()
    if safety:
        services.set_contact_safety(request.user, person, **safety)
    return person


# One person ----------------------------------------------------------------------------------


@rule_required("people.view_person")
@never_cache
def person_detail(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    person = request.scope.person(person_id)
    revealed = once.take(request, REVEALED)
    if not revealed or revealed.get("person") != str(person.pk):
        revealed = None
    today = timezone.localdate()
    relationships = (
        person.relationships.filter(other__in=request.scope.people)
        .select_related("other")
        .order_by("kind", "other__family_name", "other__given_name")
    )
    return render(
        request,
        "people/detail.html",
        {
            "title": str(person),
            "page_title": "Person record",
            "person": person,
            "details": details_rows(person, today),
            "aliases": alias_names(person.aliases.all()),
            "relationships": relationship_rows(relationships),
            "contact_safety": contact_safety_rows(_safety(person), revealed),
            "reveal_form": RevealForm(),
            "can_see_history": rules.test_rule("people.view_person_history", request.membership),
            "can_restrict": rules.test_rule("people.restrict_person", request.membership),
            "named_workers": [w.full_name or w.email for w in person.named_workers.all()]
            if person.is_restricted
            else [],
            **SECTIONS.page(request, person).context(),
        },
    )


@rule_required("people.restrict_person")
@never_cache
def access(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    """Restrict a record to named workers, or open it to the agency again (managers)."""
    person = request.scope.person(person_id)
    form = AccessForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        restricted, workers = form.cleaned_data["restricted"], form.cleaned_data["named_workers"]

        def save() -> Person:
            return services.set_access(
                request.user, person, restricted=restricted, named_workers=workers
            )

        if saved(form, save) is not None:
            if request.scope.people.filter(pk=person.pk).exists():
                messages.success(request, "Who can see this record is saved")
                return _to_record(person)
            messages.success(
                request, "The record is now seen only by its named workers, and you are not one"
            )
            return redirect("people:list")
    return _form_page(
        request,
        form,
        f"Who can see the record of {person}",
        "Save",
        person,
        page_title="Who can see a person's record",
    )


@rule_required("people.view_person")
@never_cache
def reveal(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    """Show one hidden detail after the worker says why; the reveal is audited and the
    value is shown once, on the record page this redirects to."""
    person = request.scope.person(person_id)
    if request.method != "POST":
        return _to_record(person, "#contact-safety")
    if request.POST.get("field") not in SENSITIVE_LABELS:
        raise BadRequest("Not a hidden detail")
    form = RevealForm(request.POST)
    if form.is_valid():
        field, reason = form.cleaned_data["field"], form.cleaned_data["reason"]
        value = saved(form, lambda: services.reveal(request.user, person, field, reason))
        if value is not None:
            once.keep_for_next_page(
                request, REVEALED, {"person": str(person.pk), "field": field, "value": value}
            )
            return _to_record(person, "#contact-safety")
    label = form.field_label()
    return _form_page(
        request,
        form,
        f"Show the {label}",
        "Show",
        person,
        template="people/reveal.html",
        page_title=f"Show the {label} – Person record",
    )


@rule_required("people.view_person")
@never_cache
def edit_person(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    person = request.scope.person(person_id)
    form = PersonDetailsForm(posted(request), person=person)
    save = lambda: services.update_person(  # noqa: E731
        request.user, person, reason=form.cleaned_data["correction_reason"], **form.changes()
    )
    if request.method == "POST" and form.is_valid() and saved(form, save) is not None:
        messages.success(request, "The details are saved")
        return _to_record(person)
    return _form_page(
        request,
        form,
        f"Change the details of {person}",
        "Save details",
        person,
        page_title="Change a person's details",
    )


@rule_required("people.view_person")
@never_cache
def contact_safety(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    person = request.scope.person(person_id)
    form = ContactSafetyForm(posted(request), safety=_safety(person))
    if request.method == "POST" and form.is_valid():
        save = lambda: services.set_contact_safety(request.user, person, **form.changes())  # noqa: E731
        if saved(form, save):
            messages.success(request, "Contact safety is saved")
            return _to_record(person, "#contact-safety")
    return _form_page(
        request,
        form,
        f"Contact safety for {person}",
        "Save contact safety",
        person,
        template="people/contact_safety.html",
        sensitive=SENSITIVE_LABELS,
        page_title="Contact safety – Person record",
    )


@rule_required("people.view_person")
@never_cache
def add_alias(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    person = request.scope.person(person_id)
    form = AliasForm(posted(request))
    save = lambda: services.add_alias(request.user, person, form.cleaned_data["name"])  # noqa: E731
    if request.method == "POST" and form.is_valid() and saved(form, save) is not None:
        messages.success(request, "The other name is added")
        return _to_record(person, "#aliases")
    return _form_page(
        request,
        form,
        f"Add another name for {person}",
        "Add name",
        person,
        page_title="Add another name – Person record",
    )


@rule_required("people.view_person")
@never_cache
def relate(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    """Record how this person relates to another of the agency's people: search for them
    by name (posted, so names stay out of the address), choose one and the relationship."""
    person = request.scope.person(person_id)
    search = search_text(request)
    form, found_any = None, False
    if search:
        found = request.scope.browse_people(search).exclude(pk=person.pk)
        first = list(found.values_list("pk", flat=True)[:RELATE_LIMIT])
        people = request.scope.people.filter(pk__in=first)
        choosing = "kind" in request.POST
        form = RelateForm(request.POST if choosing else None, person=person, people=people)
        found_any = bool(first)
        if form.is_bound and form.is_valid():
            other, kind = form.cleaned_data["other"], form.cleaned_data["kind"]
            if saved(form, lambda: services.relate(request.user, person, other, kind)):
                messages.success(request, f"The relationship with {other} is saved")
                return _to_record(person, "#relationships")
    return render(
        request,
        "people/relate.html",
        {
            "title": f"Add a relationship for {person}",
            "page_title": "Add a relationship – Person record",
            "person": person,
            "search": search,
            "form": form,
            "found_any": found_any,
            "back_url": reverse("people:detail", args=[person.pk]),
        },
    )


@rule_required("people.view_person_history")
def person_history(request: ConcordRequest[PeopleScope], person_id: UUID) -> HttpResponse:
    person = request.scope.person_history(person_id)
    return render(
        request,
        "people/history.html",
        {
            "title": f"Who viewed or changed {person}",
            "page_title": "Who viewed or changed a person's record",
            "person": person,
            "rows": history_rows(person),
            "corrections": correction_rows(person),
        },
    )
