"""How online referrals read in the inbox: the clock to first contact as a GOV.UK tag, the
safety instructions first, everything sent in a summary list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.core.presenters import govuk_datetime, summary_rows
from concord.inbox import vocabulary as words
from concord.inbox.clock import ClockState, ContactClock, contact_clock, hours_and_minutes
from concord.inbox.models import OnlineReferral

TAG_COLOURS = {
    ClockState.DUE: ("Due", "govuk-tag--yellow"),
    ClockState.OVERDUE: ("Overdue", "govuk-tag--red"),
    ClockState.MET: ("Contacted in time", "govuk-tag--green"),
    ClockState.MISSED: ("Contacted late", "govuk-tag--orange"),
}


def target() -> timedelta:
    return timedelta(hours=settings.ONLINE_REFERRAL_CONTACT_HOURS)


def clock(referral: OnlineReferral, now: datetime | None = None) -> ContactClock:
    return contact_clock(
        referral.received_at, referral.first_contact_at, now or timezone.now(), target()
    )


def clock_tag(state: ClockState) -> str:
    text, colour = TAG_COLOURS[state]
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, text)


def clock_text(found: ContactClock) -> str:
    """Time waiting so far, or the time it took."""
    if found.state in {ClockState.MET, ClockState.MISSED}:
        return f"First contact after {hours_and_minutes(found.elapsed)}"
    return f"Waiting {hours_and_minutes(found.elapsed)}"


def referral_rows(referrals: Iterable[OnlineReferral]) -> list[list[dict[str, Any]]]:
    now = timezone.now()
    rows: list[list[dict[str, Any]]] = []
    for referral in referrals:
        found = clock(referral, now)
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("inbox:detail", args=[referral.pk]),
            referral.reference,
        )
        rows.append(
            [
                {"html": link},
                {"text": referral.get_kind_display()},
                {"text": govuk_datetime(referral.received_at)},
                {"text": clock_text(found)},
                {"html": clock_tag(found.state)},
            ]
        )
    return rows


def never_items(referral: OnlineReferral) -> list[str]:
    """What must never happen when the service tries to reach the person."""
    names = dict(words.NEVER)
    items = [names.get(code, code) for code in referral.never]
    if referral.never_other:
        items.append(referral.never_other)
    return items


def _yes_no(value: bool | None) -> str:
    return "Not said" if value is None else ("Yes" if value else "No")


def details(referral: OnlineReferral) -> list[dict[str, Any]]:
    """Everything the person sent about themselves and reaching them."""
    return summary_rows(
        [
            ("Reference", referral.reference),
            ("Kind", referral.get_kind_display()),
            ("Received", govuk_datetime(referral.received_at)),
            ("Name, or what to call them", referral.name),
            ("Family name", referral.family_name or "Not given"),
            ("Safe way to contact", referral.get_contact_method_display()),
            ("Phone", referral.phone or "Not given"),
            ("Email", referral.email or "Not given"),
            ("Safe times", referral.safe_times or "Not given"),
            ("In danger now", referral.get_danger_now_display()),
            ("Language", referral.language or "Not given"),
            ("Interpreter needed", _yes_no(referral.interpreter_needed)),
            ("Anything else", referral.more or "Nothing"),
        ]
    )


def decision(referral: OnlineReferral) -> list[dict[str, Any]]:
    facts: list[tuple[str, Any]] = [("Status", referral.get_status_display())]
    if referral.first_contact_at:
        facts.append(("First contact", govuk_datetime(referral.first_contact_at)))
    if referral.decided_at:
        who = referral.decided_by.get_full_name() if referral.decided_by else ""
        facts.append(("Decided", f"{govuk_datetime(referral.decided_at)} by {who}".strip()))
    if referral.close_reason:
        facts.append(("Why closed", referral.get_close_reason_display()))
    return summary_rows(facts)
