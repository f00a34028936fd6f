"""Data-protection pages: a service manager's review of people due for anonymising, and a
subject access request export. Records are reached only through ``request.scope``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from concord.accounts.http import ConcordRequest
from concord.core.decorators import rule_required
from concord.core.forms import posted
from concord.core.presenters import govuk_date
from concord.dataprotection import retention, subject_access
from concord.dataprotection.forms import DecisionForm, SubjectAccessForm
from concord.dataprotection.models import RetentionReview
from concord.dataprotection.scope import DataProtectionScope
from concord.people.person_page import PersonPage, PersonSection

Request = ConcordRequest[DataProtectionScope]


def _choice(review: RetentionReview) -> tuple[str, str]:
    return str(review.pk), f"{review.person}, listed {govuk_date(review.listed_on)}"


@rule_required("dataprotection.review_retention")
def retention_reviews(request: Request) -> HttpResponse:
    due = list(request.scope.reviews_due())
    form = DecisionForm(posted(request), choices=[_choice(review) for review in due])
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        decided = retention.decide(
            request.user,
            request.scope.agency,
            request.scope.reviews_due(form.cleaned_data["reviews"]),
            approve=approve,
            reason=form.cleaned_data["reason"].strip(),
        )
        verb = "approved for anonymising" if approve else "held"
        messages.success(request, f"{decided} {'person' if decided == 1 else 'people'} {verb}")
        return redirect("dataprotection:retention")
    return render(
        request,
        "dataprotection/retention.html",
        {"title": "Records due for anonymising", "form": form, "due": due},
    )


def _access_context(request: Request, person_id: UUID) -> dict[str, Any]:
    person = request.scope.subject_access_person(person_id)
    form = SubjectAccessForm(request.GET or None)
    include = form.is_valid() and form.cleaned_data["include_third_parties"]
    access = subject_access.gather(person, include_third_parties=include)
    return {
        "title": f"Subject access request: {person}",
        "page_title": "Subject access request",
        "person": person,
        "agency": request.scope.agency,
        "form": form,
        "access": access,
        "include": include,
        "made_on": govuk_date(timezone.localdate()),
        "download_url": reverse("dataprotection:subject-access-download", args=[person.pk])
        + ("?include_third_parties=on" if include else ""),
    }


@rule_required("dataprotection.export_subject_access")
@never_cache
def subject_access_page(request: Request, person_id: UUID) -> HttpResponse:
    return render(
        request, "dataprotection/subject_access.html", _access_context(request, person_id)
    )


@rule_required("dataprotection.export_subject_access")
@never_cache
def subject_access_download(request: Request, person_id: UUID) -> HttpResponse:
    context = _access_context(request, person_id)
    response = HttpResponse(
        subject_access.bundle(context["access"], context), content_type="application/zip"
    )
    filename = f"subject-access-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _person_links(page: PersonPage) -> dict[str, str] | None:
    """The link to a subject access export, on the person's page for those who may."""
    if not rules.test_rule("dataprotection.export_subject_access", page.request.membership):
        return None
    return {"url": reverse("dataprotection:subject-access", args=[page.record.pk])}


PERSON_SECTION = PersonSection(
    "data_protection_section", 90, "dataprotection/person_section.html", _person_links
)
