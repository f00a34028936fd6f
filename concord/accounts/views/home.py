"""The home page (the day's work of the signed-in role: each app's panels, through
concord.core.home_panels) and the user's own account page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from concord.accounts.home import home_sections, role_grant_notices
from concord.accounts.http import ConcordRequest
from concord.core.home_panels import PANELS


def home(request: ConcordRequest) -> HttpResponse:
    membership = request.membership
    return render(
        request,
        "accounts/home.html",
        {
            "title": "Home",
            "panels": PANELS.shown_to(request),
            "sections": home_sections(membership),
            "notices": role_grant_notices(membership),
        },
    )


def account(request: ConcordRequest) -> HttpResponse:
    """Who is signed in, in which role, and the settings that are theirs alone."""
    return render(request, "accounts/account.html", {"title": "Your account"})
