"""What the training pages show: the session table, the totals and the CSV rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.core.presenters import govuk_date
from concord.domain.periods import financial_year_label, financial_year_of
from concord.training.models import SessionTotals, TrainingSession

CSV_HEADER = [
    "Date",
    "Financial year",
    "Kind",
    "Title",
    "Delivering agency",
    "Staff trained per agency",
    "Attendees",
    "Children and young people reached",
    "Reported knowing more",
    "Notes",
]


def _agencies(session: TrainingSession) -> str:
    """ "Haven: 12; Help Point: 3" (a number not recorded shows as "not recorded")."""
    return "; ".join(
        f"{row.agency.name}: {'not recorded' if row.staff is None else row.staff}"
        for row in session.staff_trained.all()
    )


def _more_knowledge(session: TrainingSession) -> str:
    if session.reported_more_knowledge is None:
        return "Not asked"
    return f"{session.reported_more_knowledge} of {session.attendees}"


def session_rows(
    sessions: Iterable[TrainingSession], *, can_edit: bool
) -> list[list[dict[str, Any]]]:
    rows = []
    for session in sessions:
        title: dict[str, Any] = {"text": session.title}
        if can_edit:
            title = {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("training:edit", args=[session.pk]),
                    session.title,
                )
            }
        rows.append(
            [
                {"text": govuk_date(session.held_on)},
                title,
                {"text": session.get_kind_display()},
                {"text": _agencies(session) or "None recorded"},
                {"text": str(session.attendees), "format": "numeric"},
                {"text": str(session.children_reached), "format": "numeric"},
                {"text": _more_knowledge(session), "format": "numeric"},
            ]
        )
    return rows


def totals_list(totals: SessionTotals) -> list[tuple[int, str]]:
    """The totals above the table, as (number, words)."""
    sessions = totals["sessions"]
    return [
        (sessions, "session" if sessions == 1 else "sessions"),
        (totals["attendees"], "people attending"),
        (totals["children_reached"], "children and young people reached"),
    ]


def staff_trained_rows(per_agency: list[tuple[str, int]]) -> list[list[dict[str, str]]]:
    return [
        [{"text": name}, {"text": str(staff), "format": "numeric"}] for name, staff in per_agency
    ]


def period_text(year: int | None) -> str:
    return f"Financial year {financial_year_label(year)}" if year is not None else "All years"


def csv_rows(sessions: Iterable[TrainingSession]) -> Iterable[list[object]]:
    for session in sessions:
        yield [
            session.held_on.isoformat(),
            financial_year_label(financial_year_of(session.held_on)),
            session.get_kind_display(),
            session.title,
            session.agency.name,
            _agencies(session),
            session.attendees,
            session.children_reached,
            "" if session.reported_more_knowledge is None else session.reported_more_knowledge,
            session.notes,
        ]
