"""Lifecycles of a MARAC referral and of an action, as explicit transition tables (pure
Python).

MARAC referral:
    referred -> listed   (the coordinator puts it on a meeting's agenda)
    listed   -> heard    (the meeting discussed it and recorded the discussion)
    heard: final. Moving a listed case to another meeting is not a change of status.

Action from a MARAC's action plan:
    open -> completed | not_completed   (recorded by the assigned agency's representative)
    completed, not_completed: final
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from concord.core.lifecycle import Lifecycle, Status


class MaracStatus(Status):
    REFERRED = "referred"
    LISTED = "listed"
    HEARD = "heard"

    @property
    def label(self) -> str:
        return MARAC_LABELS[self]


MARAC_LABELS = {
    MaracStatus.REFERRED: "Waiting for an agenda",
    MaracStatus.LISTED: "On an agenda",
    MaracStatus.HEARD: "Heard",
}


class ActionStatus(Status):
    OPEN = "open"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


MARAC_TRANSITIONS: Mapping[MaracStatus, frozenset[MaracStatus]] = MappingProxyType(
    {
        MaracStatus.REFERRED: frozenset({MaracStatus.LISTED}),
        MaracStatus.LISTED: frozenset({MaracStatus.HEARD}),
        MaracStatus.HEARD: frozenset(),
    }
)
ACTION_TRANSITIONS: Mapping[ActionStatus, frozenset[ActionStatus]] = MappingProxyType(
    {
        ActionStatus.OPEN: frozenset({ActionStatus.COMPLETED, ActionStatus.NOT_COMPLETED}),
        ActionStatus.COMPLETED: frozenset(),
        ActionStatus.NOT_COMPLETED: frozenset(),
    }
)

MARAC_LIFECYCLE = Lifecycle(
    MaracStatus,
    MARAC_TRANSITIONS,
    already="The case is already {current}",
    cannot="The case is {current}: it cannot become {target}",
    final_is_already=True,
)
ACTION_LIFECYCLE = Lifecycle(
    ActionStatus,
    ACTION_TRANSITIONS,
    already="The action is already {current}",
    cannot="The action is {current}: it cannot become {target}",
    final_is_already=True,
)

MARAC_STATUS_CHOICES = tuple((s.value, s.label) for s in MaracStatus)
ACTION_STATUS_CHOICES = tuple((s.value, s.label) for s in ActionStatus)


check_marac_transition = MARAC_LIFECYCLE.check
check_action_transition = ACTION_LIFECYCLE.check
