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
from enum import StrEnum
from types import MappingProxyType


class MaracStatus(StrEnum):
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


class ActionStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


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

MARAC_STATUS_CHOICES = tuple((s.value, s.label) for s in MaracStatus)
ACTION_STATUS_CHOICES = tuple((s.value, s.label) for s in ActionStatus)


class IllegalTransition(ValueError):
    def __init__(self, what: str, current: str, target: str, *, final: bool) -> None:
        if final or current == target:
            message = f"The {what} is already {current}"
        else:
            message = f"The {what} is {current}: it cannot become {target}"
        super().__init__(message)


def check_marac_transition(current: MaracStatus | str, target: MaracStatus | str) -> None:
    current, target = MaracStatus(current), MaracStatus(target)
    if target not in MARAC_TRANSITIONS[current]:
        final = not MARAC_TRANSITIONS[current]
        raise IllegalTransition("case", current.label.lower(), target.label.lower(), final=final)


def check_action_transition(current: ActionStatus | str, target: ActionStatus | str) -> None:
    current, target = ActionStatus(current), ActionStatus(target)
    if target not in ACTION_TRANSITIONS[current]:
        final = not ACTION_TRANSITIONS[current]
        raise IllegalTransition("action", current.label.lower(), target.label.lower(), final=final)
