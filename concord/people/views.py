"""People pages. Every record is reached through ``request.scope``."""

from __future__ import annotations

from uuid import UUID

import rules
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from concord.core.decorators import rule_required
from concord.core.forms import search_text
from concord.core.http import ConcordRequest
from concord.people.presenters import history_rows, person_rows

PAGE_SIZE = 50
SEARCH_LIMIT = 50


@rule_required("people.view_person")
def person_list(request: ConcordRequest) -> HttpResponse:
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


def person_detail(request: ConcordRequest, person_id: UUID) -> HttpResponse:
    person = request.scope.person(person_id)
    can_see_history = rules.test_rule("people.view_person_history", request.membership)
    return render(
        request,
        "people/detail.html",
        {"title": str(person), "person": person, "can_see_history": can_see_history},
    )


def person_history(request: ConcordRequest, person_id: UUID) -> HttpResponse:
    person = request.scope.person_history(person_id)
    return render(
        request,
        "people/history.html",
        {
            "title": f"Who viewed or changed {person}",
            "person": person,
            "rows": history_rows(person),
        },
    )
