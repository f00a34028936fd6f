"""MARAC referrals, listings, hearings and actions in the chronology
(concord.core.chronology): two queries over all the cases, for the roles that may see
MARAC referrals, never a referral a must-not-receive list keeps from the user."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import rules

from concord.cases.models import Case
from concord.core.chronology import Entry, Kind, dated, register, timed
from concord.core.presenters import govuk_date
from concord.marac.lifecycle import ActionStatus
from concord.marac.models import AgendaItem, MaracAction, MaracReferral
from concord.marac.scope import MaracScope

MARAC = Kind("marac", "MARAC referrals and meetings", 30)


def marac_entries(scope: MaracScope, cases: Sequence[Case]) -> Iterator[Entry]:
    if not rules.test_rule("marac.view_referral", scope.membership):
        return
    referrals = list(
        scope.marac_referrals.filter(case__in=cases).select_related(
            "area", "referred_by", "agenda_item__meeting", "agenda_item__listed_by"
        )
    )
    for referral in referrals:
        yield from _referral_entries(referral)
    actions = MaracAction.objects.filter(item__referral__in=referrals).select_related(
        "item__referral", "agency", "assigned_by", "outcome_recorded_by"
    )
    for action in actions:
        yield from _action_entries(action)


def _referral_entries(referral: MaracReferral) -> Iterator[Entry]:
    case_id = referral.case_id
    repeat = "A repeat referral" if referral.is_repeat else ""
    yield dated(
        referral.referred_on, MARAC.code, f"Referred to {referral.area.name}",
        referral.referred_by, case_id, f"Score {referral.score}", repeat,
    )  # fmt: skip
    item: AgendaItem | None = getattr(referral, "agenda_item", None)
    if item is None:
        return
    meeting = f"Listed for the meeting of {govuk_date(item.meeting.meets_on)}"
    yield timed(item.created_at, MARAC.code, meeting, item.listed_by, case_id)
    if item.heard_at is not None:
        yield timed(
            item.heard_at, MARAC.code, "Heard at MARAC", referral.area.name, case_id,
            item.discussion_summary,
        )  # fmt: skip


def _action_entries(action: MaracAction) -> Iterator[Entry]:
    case_id = action.item.referral.case_id
    yield timed(
        action.created_at, MARAC.code, f"MARAC action for {action.agency.name}",
        action.assigned_by, case_id, action.description, f"Due {govuk_date(action.due_on)}",
    )  # fmt: skip
    if action.outcome_on is not None:
        done = "completed" if action.status == ActionStatus.COMPLETED else "not completed"
        yield dated(
            action.outcome_on, MARAC.code, f"MARAC action {done}", action.outcome_recorded_by,
            case_id, action.description, action.outcome_note,
        )  # fmt: skip


def register_kinds() -> None:
    register(MARAC, marac_entries)
