"""Alerts and their evidence as table and summary rows. The evidence names what was done
and when; a record is linked only when the manager may open it, and named nowhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from concord.cases.models import Case
from concord.core.models import AuditEvent
from concord.core.presenters import govuk_date, govuk_datetime, summary_rows
from concord.oversight.models import Alert, BreakGlass

EVENT_LABELS = {
    "person.viewed": "Opened a person's record",
    "person.viewed_through_break_glass": "Opened a person's record through break-glass",
    "people.search_matched_restricted": "Searched for a name like a restricted record's",
    "person.sensitive_revealed": "Showed a hidden contact detail",
    "marac_referral.safe_contact_revealed": "Showed a MARAC referral's safe contact",
    "break_glass.granted": "Broke the glass on a person's record",
}
PERSON = "people.person"


def status_tag(alert: Alert) -> SafeString:
    colour, text = ("grey", "Acknowledged") if alert.acknowledged_at else ("red", "Open")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def alert_rows(alerts: Iterable[Alert]) -> list[list[dict[str, Any]]]:
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("oversight:alert", args=[alert.pk]),
                    govuk_datetime(alert.raised_at),
                )
            },
            {"text": alert.get_kind_display()},
            {"text": f"{alert.subject.full_name}, {alert.subject_agency.name}"},
            {"html": status_tag(alert)},
        ]
        for alert in alerts
    ]


def alert_summary(alert: Alert) -> list[dict[str, Any]]:
    facts: list[tuple[str, Any]] = [
        ("What happened", alert.get_kind_display()),
        ("Who", alert.subject.full_name),
        ("Acting for", alert.subject_agency.name),
        ("From", govuk_datetime(alert.first_event_at)),
        ("To", govuk_datetime(alert.last_event_at)),
        ("Status", status_tag(alert)),
    ]
    grant = alert.break_glass
    if grant is not None:
        facts += [
            ("Their reason", grant.get_reason_display()),
            ("Their explanation", grant.explanation),
            ("Access ends", govuk_datetime(grant.expires_at)),
        ]
    if alert.acknowledged_at:
        facts += [
            ("Acknowledged by", alert.acknowledged_by.full_name if alert.acknowledged_by else ""),
            ("Acknowledged", govuk_datetime(alert.acknowledged_at)),
            ("Note", alert.acknowledgement),
        ]
    return summary_rows(facts)


def evidence_rows(events: Iterable[AuditEvent], openable: set[str]) -> list[list[dict[str, Any]]]:
    """One row per audit event. Records are numbered in the order they first appear, so a
    record touched twice shows as such without being named; ``openable`` is the person ids
    the manager may open, which are linked."""
    numbers: dict[tuple[str, str], int] = {}
    rows = []
    for event in events:
        number = numbers.setdefault((event.object_type, event.object_id), len(numbers) + 1)
        rows.append(
            [
                {"text": govuk_datetime(event.occurred_at)},
                {"text": EVENT_LABELS.get(event.action, event.action)},
                _record_cell(event, number, openable),
            ]
        )
    return rows


def _record_cell(event: AuditEvent, number: int, openable: set[str]) -> dict[str, Any]:
    if event.object_type != PERSON:
        kind = "MARAC referral" if event.object_type.startswith("marac") else "Record"
        return {"text": f"{kind} {number}"}
    if event.object_id in openable:
        href = reverse("people:detail", args=[event.object_id])
        return {
            "html": format_html('<a class="govuk-link" href="{}">Open record {}</a>', href, number)
        }
    return {"text": f"Record {number} (you cannot open it)"}


def broken_glass_summary(grant: BreakGlass) -> list[dict[str, Any]]:
    person = grant.person
    return summary_rows(
        [
            ("Name", str(person)),
            ("Date of birth", govuk_date(person.date_of_birth) or "Not known"),
            ("Agency", person.agency.name),
            ("Your access ends", govuk_datetime(grant.expires_at)),
        ]
    )


def broken_glass_case_rows(cases: Iterable[Case]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": case.reference},
            {"text": case.service.name},
            {"text": case.get_status_display()},
            {"text": case.lead_professional.full_name if case.lead_professional else "None named"},
        ]
        for case in cases
    ]
