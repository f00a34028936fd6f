"""What MARAC pages show. ``summary_rows`` is the MARAC summary, all that representatives
of other agencies ever see of a case: the victim, the people causing harm, the children
and the risk, never the referring agency's case record nor the victim's safe contact."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from concord.core.presenters import govuk_date
from concord.marac.lifecycle import ActionStatus, MaracStatus
from concord.marac.models import AgendaItem, MaracAction, MaracMeeting, MaracReferral, Research
from concord.marac.vocabulary import CRITERIA, FEELS_SAFER

STATUS_COLOURS = {
    MaracStatus.REFERRED: "blue",
    MaracStatus.LISTED: "purple",
    MaracStatus.HEARD: "green",
}
ACTION_COLOURS = {
    ActionStatus.OPEN: "blue",
    ActionStatus.COMPLETED: "green",
    ActionStatus.NOT_COMPLETED: "red",
}
HIDDEN = "Hidden"
# The agenda as a spreadsheet: the MARAC summary of each case, one row each.
AGENDA_HEADER = (
    "Victim",
    "Date of birth",
    "Age when referred",
    "People causing harm",
    "Children in the household",
    "Score",
    "Criteria",
    "Repeat",
    "Referred by",
    "Referred on",
)


def _tag(text: str, colour: str) -> SafeString:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def _link(href: str, text: str, hidden: str = "") -> SafeString:
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
            href,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def _row(key: str, value: str | SafeString) -> dict[str, Any]:
    content = {"html" if isinstance(value, SafeString) else "text": value}
    return {"key": {"text": key}, "value": content}


def status_tag(referral: MaracReferral) -> SafeString:
    status = referral.status_enum
    return _tag(status.label, STATUS_COLOURS[status])


def action_tag(action: MaracAction) -> SafeString:
    status = action.status_enum
    return _tag(status.label, ACTION_COLOURS[status])


def born(day: Any) -> str:
    return f"born {govuk_date(day)}" if day else "date of birth not known"


def victim(referral: MaracReferral) -> str:
    return (
        f"{referral.victim_name}, {born(referral.date_of_birth)} "
        f"(aged {referral.age_when_referred} when referred)"
    )


def people_causing_harm(referral: MaracReferral) -> list[str]:
    """Reads ``people_causing_harm``: prefetch it when showing many referrals."""
    return [f"{p}, {born(p.date_of_birth)}" for p in referral.people_causing_harm.all()]


def children(referral: MaracReferral) -> str:
    if not referral.children_count:
        return "None in the household"
    return f"{referral.children_count}: {referral.children_details}"


def criteria(referral: MaracReferral) -> list[str]:
    labels = dict(CRITERIA)
    return [labels[code] for code in referral.criteria if code in labels]


def repeat(referral: MaracReferral) -> str:
    if not referral.is_repeat:
        return "No"
    return f"Yes: the case was referred before on {govuk_date(referral.previous_referred_on)}"


def _lines(lines: Iterable[str]) -> SafeString:
    items = [format_html("<li>{}</li>", line) for line in lines]
    return format_html('<ul class="govuk-list">{}</ul>', SafeString("".join(items)))


def summary_rows(referral: MaracReferral) -> list[dict[str, Any]]:
    """The MARAC summary of a case."""
    return [
        _row("Victim", victim(referral)),
        _row("People causing harm", _lines(people_causing_harm(referral))),
        _row("Children", children(referral)),
        _row("Risk checklist score", str(referral.score)),
        _row("Criteria met", _lines(criteria(referral))),
        _row("Summary of the risk", referral.risk_summary),
        _row("Who the victim fears", referral.victim_fears),
        _row("Repeat", repeat(referral)),
        _row("Referred by", f"{referral.agency.name}, on {govuk_date(referral.referred_on)}"),
    ]


def consent(referral: MaracReferral) -> str:
    if referral.victim_consented:
        return "The victim knows of the referral and consented"
    knows = "knows of" if referral.victim_knows else "does not know of"
    return f"The victim {knows} the referral and did not consent: {referral.no_consent_reason}"


def referral_rows(
    referral: MaracReferral, *, safe_contact: str | None, case_url: str
) -> list[dict[str, Any]]:
    """What the referring agency and the MARAC's coordinators see besides the summary.
    ``safe_contact`` is the revealed value, or None while it is hidden."""
    rows = [
        _row("Status", status_tag(referral)),
        _row("MARAC", referral.area.name),
        _row("Referring officer", str(referral.referred_by)),
        _row("Consent", consent(referral)),
        _row("Safe contact", safe_contact if safe_contact is not None else HIDDEN),
    ]
    if case_url:
        rows.insert(2, _row("Case", _link(case_url, "Go to the case")))
    if referral.followed_up_on:
        feels = dict(FEELS_SAFER)[referral.feels_safer]
        rows.append(
            _row(
                "Feels safer after MARAC", f"{feels} (asked {govuk_date(referral.followed_up_on)})"
            )
        )
    return rows


def latest_status_text(referral: MaracReferral) -> str:
    """The case's latest MARAC referral in a sentence, for the case page's risk part."""
    status = MaracStatus(referral.status).label.lower()
    return f"Referred to {referral.area.name} on {govuk_date(referral.referred_on)}: {status}"


def referral_table_rows(referrals: Iterable[MaracReferral]) -> list[list[dict[str, Any]]]:
    """Referrals in a table: victim, MARAC, date, repeat, status."""
    return [
        [
            {"html": _link(reverse("marac:referral", args=[r.pk]), r.victim_name)},
            {"text": r.area.name},
            {"text": r.agency.name},
            {"text": govuk_date(r.referred_on)},
            {"text": "Yes" if r.is_repeat else "No"},
            {"html": status_tag(r)},
        ]
        for r in referrals
    ]


def meeting_rows(meetings: Iterable[MaracMeeting]) -> list[list[dict[str, Any]]]:
    """Meetings in a table; each has ``cases`` annotated."""
    return [
        [
            {"html": _link(reverse("marac:meeting", args=[m.pk]), govuk_date(m.meets_on))},
            {"text": m.area.name},
            {"text": str(getattr(m, "cases", 0)), "format": "numeric"},
        ]
        for m in meetings
    ]


def meeting_place_rows(meeting: MaracMeeting) -> list[dict[str, Any]]:
    """When and where the meeting is, as summary-list rows."""
    starts = f"{meeting.starts_at:%H:%M}" if meeting.starts_at else "Not set"
    rows = [("Date", govuk_date(meeting.meets_on)), ("Time", starts)]
    rows.append(("Venue", meeting.venue or "Not set"))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def agenda_rows(items: Iterable[AgendaItem]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for item in items:
        referral = item.referral
        rows.append(
            [
                {"html": _link(reverse("marac:item", args=[item.pk]), referral.victim_name)},
                {"text": ", ".join(str(p) for p in referral.people_causing_harm.all())},
                {"text": referral.agency.name},
                {"text": str(referral.score), "format": "numeric"},
                {"text": "Yes" if referral.is_repeat else "No"},
                {"html": status_tag(referral)},
            ]
        )
    return rows


def agenda_export_rows(items: Iterable[AgendaItem]) -> Iterable[list[object]]:
    for item in items:
        referral = item.referral
        yield [
            referral.victim_name,
            referral.date_of_birth.isoformat() if referral.date_of_birth else "",
            referral.age_when_referred,
            "; ".join(people_causing_harm(referral)),
            referral.children_count,
            referral.score,
            "; ".join(criteria(referral)),
            repeat(referral),
            referral.agency.name,
            referral.referred_on.isoformat(),
        ]


def research_rows(research: Iterable[Research]) -> list[dict[str, Any]]:
    return [_row(r.agency.name, f"{r.findings} ({r.recorded_by})") for r in research]


def action_rows(
    actions: Iterable[MaracAction], *, outcome_agency_id: object = None
) -> list[list[dict[str, Any]]]:
    """The action plan; an open action of ``outcome_agency_id`` links to its outcome form."""
    rows: list[list[dict[str, Any]]] = []
    for action in actions:
        outcome: dict[str, Any] = {"text": ""}
        if action.outcome_on:
            outcome = {"text": f"{govuk_date(action.outcome_on)} {action.outcome_note}".strip()}
        elif action.agency_id == outcome_agency_id:
            href = reverse("marac:action-outcome", args=[action.pk])
            outcome = {"html": _link(href, "Record outcome", f"of: {action.description}")}
        rows.append(
            [
                {"text": action.agency.name},
                {"text": action.description},
                {"text": govuk_date(action.due_on)},
                {"html": action_tag(action)},
                outcome,
            ]
        )
    return rows


def open_action_rows(actions: Iterable[MaracAction]) -> list[list[dict[str, Any]]]:
    """Open actions of the representative's agency, with the case each belongs to."""
    return [
        [
            {
                "html": _link(
                    reverse("marac:item", args=[action.item_id]), action.item.referral.victim_name
                )
            },
            {"text": action.description},
            {"text": govuk_date(action.due_on)},
            {
                "html": _link(
                    reverse("marac:action-outcome", args=[action.pk]),
                    "Record outcome",
                    f"of: {action.description}",
                )
            },
        ]
        for action in actions
    ]
