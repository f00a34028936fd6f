"""The delivery plan's part of the board pack (concord.reporting): the year's RAG summary and
its exceptions, the off-track and at-risk actions with why. Words and counts only: no lead's
name, nothing about a person."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from concord.core.pack_parts import PackTable
from concord.core.presenters import govuk_date
from concord.domain.delivery import ActionStatus
from concord.domain.periods import financial_year_label
from concord.strategy.models import Action, ActionUpdate

# Off track first, then at risk.
EXCEPTIONS = (ActionStatus.OFF_TRACK, ActionStatus.AT_RISK)


def delivery_tables(year: int, on: date) -> list[PackTable]:
    """The plan of ``year`` with each action's status as approved when the pack is made;
    "why" is the latest approved update written by ``on``."""
    actions = Action.objects.filter(plan__year=year)
    label = financial_year_label(year)
    counts = dict(actions.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    summary = PackTable(
        title=f"Delivery plan {label}: actions by status",
        headers=("Status", "Actions"),
        rows=tuple((s.label, str(counts.get(s, 0))) for s in ActionStatus) if counts else (),
        empty=f"There is no delivery plan for {label}, or it has no actions.",
    )
    exceptions = sorted(
        actions.filter(status__in=EXCEPTIONS).select_related("lead_agency"),
        key=lambda action: (EXCEPTIONS.index(action.status_enum), action.reference),
    )
    why = _latest_progress(exceptions, on)
    rows = tuple(
        (
            action.reference,
            action.title,
            action.lead_agency.name,
            govuk_date(action.due_on),
            action.status_enum.label,
            why.get(action.pk, ""),
        )
        for action in exceptions
    )
    return [
        summary,
        PackTable(
            title=f"Delivery plan {label}: exceptions",
            headers=("Reference", "Action", "Lead agency", "Due", "Status", "Why"),
            rows=rows,
            empty="No action is off track or at risk.",
            notes=(
                "Off-track actions first, then those at risk. Why: the latest approved update.",
            ),
        ),
    ]


def _latest_progress(actions: list[Action], on: date) -> dict[object, str]:
    """Each action's latest approved update's progress written by ``on`` (one query)."""
    approved = (
        ActionUpdate.objects.approved()
        .filter(action__in=actions, written_on__lte=on)
        .order_by("action_id", "written_on", "created_at")
        .values_list("action_id", "progress")
    )
    return dict(approved)  # the last of each action's wins
