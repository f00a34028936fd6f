"""MARAC pages: referrals (views.referrals) and meetings (views.meetings). Every MARAC
record is reached through ``request.scope``; every write goes through
concord.marac.services; each form posts, then redirects."""

from __future__ import annotations

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render

from concord.accounts.http import ConcordRequest
from concord.marac.scope import MaracScope


def form_page(
    request: ConcordRequest[MaracScope],
    form: Form,
    title: str,
    submit: str,
    back_url: str,
    caption: str = "",
    page_title: str = "",
) -> HttpResponse:
    """``page_title`` for the browser when ``title`` names the victim (never in a title)."""
    context = {
        "page_title": page_title,
        "title": title,
        "form": form,
        "submit": submit,
        "back_url": back_url,
        "caption": caption,
    }
    return render(request, "marac/form_page.html", context)
