"""The home page: what the signed-in role's work starts from."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from concord.accounts.home import home_sections, role_grant_notices
from concord.accounts.http import ConcordRequest


def home(request: ConcordRequest) -> HttpResponse:
    membership = request.membership
    return render(
        request,
        "accounts/home.html",
        {
            "title": "Home",
            "sections": home_sections(membership),
            "notices": role_grant_notices(membership),
        },
    )
