"""What the family-service and perpetrator-programme pages share: a service's
ValidationError shown in the form's error summary, the form page, and refusing a case at
another kind of service with a page that says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import rules
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.accounts.http import ConcordRequest
from concord.cases import lifecycle
from concord.cases.models import Case
from concord.cases.scope import CasesScope

T = TypeVar("T")


class WrongService(Exception):
    """The case is at another kind of service than the page is for."""

    def __init__(self, case: Case, message: str) -> None:
        super().__init__(message)
        self.case = case


def wrong_service(request: ConcordRequest[CasesScope], case: Case, message: str) -> HttpResponse:
    """Refused, saying why: the records asked for are not kept at this case's service."""
    context = {
        "title": "These records are not kept on this case",
        "case": case,
        "message": message,
    }
    return render(request, "programmes/wrong_service.html", context, status=404)


def form_page(
    request: ConcordRequest[CasesScope],
    case: Case,
    form: Form,
    heading: str,
    submit: str,
    back: str,
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
        "back_url": reverse(back, args=[case.pk]),
        "back_text": "Back to the family service record"
        if back == "programmes:family"
        else "Back to the programme record",
        **extra,
    }
    return render(request, template, context)


def may_record(request: ConcordRequest[CasesScope], case: Case) -> bool:
    return lifecycle.is_active(case.status) and rules.test_rule(
        "programmes.record", request.membership
    )


def refusing_other_services(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn WrongService into its page; the case has been found (and its read audited)."""

    def wrapped(
        request: ConcordRequest[CasesScope], case_id: UUID, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        try:
            return view(request, case_id, *args, **kwargs)
        except WrongService as refused:
            return wrong_service(request, refused.case, str(refused))

    wrapped.__doc__, wrapped.__name__ = view.__doc__, view.__name__
    return wrapped
