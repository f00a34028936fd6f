"""Values every page needs: the CSP nonce, the navigation for the current role, whether
background work has stopped, and when the idle timeout warns."""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from concord.core import alerts as alerts_panel
from concord.core import heartbeat
from concord.core.middleware import CAN_SWITCH_ROLE, idle_seconds_left
from concord.core.presenters import background_work_stopped

# (rule that must pass, or None for everyone; url name; link text)
NAVIGATION: list[tuple[str | None, str, str]] = [
    (None, "home", "Home"),
    ("cases.view_case", "cases:caseload", "Cases"),
    ("cases.import_records", "cases:imports", "Imports"),
    ("people.view_person", "people:list", "People"),
    ("referrals.receive_referral", "referrals:inbox", "Referrals"),
    ("accommodation.view_vacancies", "accommodation:vacancies", "Vacancies"),
    ("helpline.see_menu_link", "helpline:list", "Helpline calls"),
    ("inbox.see_menu_link", "inbox:list", "Online referrals"),
    ("voice.see_menu_link", "voice:start", "Feedback and complaints"),
    ("marac.view_referral", "marac:home", "MARAC"),
    ("training.view_session", "training:list", "Training"),
    ("commissioning.view_contract", "commissioning:list", "Contracts"),
    ("commissioning.view_funding", "commissioning:funding", "Grants and spend"),
    ("indicators.view_figures", "reporting:quarterly", "Reports"),
    ("board.view_board", "board:home", "Board"),
    ("dhr.view_summary", "dhr:list", "Homicide reviews"),
    ("reporting.view_board_pack", "reporting:board-packs", "Board pack"),
    ("strategy.view_plan", "strategy:home", "Strategy"),
    ("submissions.view", "submissions:list", "Data submissions"),
    ("linkage.run", "linkage:runs", "Linkage"),
    ("oversight.view_alerts", "oversight:alerts", "Alerts"),
    ("dataprotection.review_retention", "dataprotection:retention", "Data protection"),
    ("accounts.manage_users", "accounts:users", "Users"),
    ("accounts.manage_agencies", "accounts:agencies", "Agencies"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_items": [], "membership": None}
    links = [
        (reverse(url_name), text)
        for rule_name, url_name, text in NAVIGATION
        if rule_name is None or rules.test_rule(rule_name, membership)
    ]
    current = _current_item(request.path, [href for href, _ in links])
    items = [{"href": href, "text": text, "active": href == current} for href, text in links]
    return {
        "nav_items": items,
        "membership": membership,
        "can_switch_role": getattr(request, "session", {}).get(CAN_SWITCH_ROLE, False),
    }


def _current_item(path: str, hrefs: list[str]) -> str | None:
    """The navigation item the page is under: the longest address the path starts with
    (Grants and spend at /contracts/funding/, not Contracts at /contracts/)."""
    under = [href for href in hrefs if path == href or (href != "/" and path.startswith(href))]
    return max(under, key=len, default=None)


def page(request: HttpRequest) -> dict[str, Any]:
    """Values the GOV.UK page template reads: the CSP nonce for its one inline script."""
    nonce = getattr(request, "csp_nonce", None)
    return {"cspNonce": str(nonce) if nonce is not None else "", "assetPath": "/assets"}


def background_work(request: HttpRequest) -> dict[str, Any]:
    """The banner for those who can chase whoever runs Concord, when the worker has not
    reported for CONCORD_WORKER_STALE_MINUTES. Costs no query while the worker is well
    (``heartbeat.last_seen`` reads a shared cache)."""
    membership = getattr(request, "membership", None)
    if (
        membership is None
        or not heartbeat.worker_needed()
        or not rules.test_rule("core.see_background_work", membership)
    ):
        return {"background_work_stopped": ""}
    seen = heartbeat.last_seen()
    if not heartbeat.is_stale(seen):
        return {"background_work_stopped": ""}
    return {"background_work_stopped": background_work_stopped(seen)}


def alerts(request: HttpRequest) -> dict[str, Any]:
    """The alerts panel of the person the page is about, built once per request when a
    template asks for it (ADR 0017)."""
    scope = getattr(request, "scope", None)
    person = getattr(scope, "about", None)
    if person is None:
        return {}
    cached = getattr(request, "_alerts_panel", None)
    if cached is None:
        cached = alerts_panel.panel(person, scope, scope.about_shared_by)  # type: ignore[arg-type, union-attr]
        request._alerts_panel = cached  # type: ignore[attr-defined]
    return {"alerts": cached}


def idle_timeout(request: HttpRequest) -> dict[str, Any]:
    """For a signed-in page: what the timeout warning's script needs (the server's count of
    the time left, when to warn, where to ask)."""
    if getattr(request, "membership", None) is None:
        return {"idle_timeout": None}
    return {
        "idle_timeout": {
            "seconds_left": max(0, int(idle_seconds_left(request))),
            "warn_seconds": int(settings.IDLE_WARNING.total_seconds()),
            "status_url": reverse("session-status"),
            "draft_url": reverse("draft"),
        }
    }
