"""What the board's pages share: the sub-navigation, the one-form page, lookups that
answer 404 for an unknown id."""

from __future__ import annotations

from typing import Any, TypeVar

import rules
from django import forms
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.accounts.http import ConcordRequest

M = TypeVar("M", bound=Model)

TABS = (
    ("board:home", "Members"),
    ("board:meetings", "Meetings"),
    ("board:actions", "Actions"),
    ("board:reports", "Annual reports"),
)


def tabs(current: str) -> list[dict[str, Any]]:
    return [
        {"href": reverse(name), "text": text, "current": name == current} for name, text in TABS
    ]


def may_keep(request: ConcordRequest[Any]) -> bool:
    return bool(rules.test_rule("board.manage_board", request.membership))


def found(queryset: QuerySet[M], pk: Any) -> M:
    """The record, or 404."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def form_page(
    request: ConcordRequest[Any],
    form: forms.Form,
    *,
    title: str,
    submit: str,
    back_url: str,
    caption: str = "Local Partnership Board",
    **extra: Any,
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "submit": submit,
        "back_url": back_url,
        "caption": caption,
        **extra,
    }
    return render(request, "core/form_page.html", context)
