"""The victims' voice part of the board pack (concord.core.pack_parts): the survivor
involvement activities held in the pack's period and what changed as a result. It names no
one: the register holds no names."""

from __future__ import annotations

from datetime import date

from concord.core.pack_parts import PackTable
from concord.core.presenters import govuk_date
from concord.voice.models import InvolvementActivity

HEADERS = ("Date", "Activity", "Kind", "Survivors involved", "What changed", "Status")


def involvement_tables(first: date, last: date) -> list[PackTable]:
    activities = InvolvementActivity.objects.filter(held_on__range=(first, last)).order_by(
        "held_on", "title"
    )
    rows = tuple(
        (
            govuk_date(activity.held_on),
            activity.title,
            activity.get_kind_display(),
            str(activity.survivors_involved),
            activity.what_changed or "Nothing recorded yet",
            activity.get_change_status_display(),
        )
        for activity in activities
    )
    return [
        PackTable(
            title="Survivor involvement: you said, we did",
            headers=HEADERS,
            rows=rows,
            empty="No survivor involvement activity was held in the period.",
            notes=("Numbers of survivors only: the register keeps no names.",),
        )
    ]
