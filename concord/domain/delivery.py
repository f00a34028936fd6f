"""The words of the partnership's delivery plan and risk register (DOMAIN §15): an action's
status with its RAG colour and the text that says it (never colour alone), the states of an
update, the self-assessment's default scale and the low / medium / high levels a risk is
scored with. Django-free."""

from __future__ import annotations

from enum import StrEnum


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return ACTION_STATUS_LABELS[self]

    @property
    def rag(self) -> str:
        """ "green", "amber", "red", "blue" (complete) or "grey" (not started)."""
        return ACTION_RAG[self]

    @property
    def is_open(self) -> bool:
        return self is not ActionStatus.COMPLETE


ACTION_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.ON_TRACK: "On track",
    ActionStatus.AT_RISK: "At risk",
    ActionStatus.OFF_TRACK: "Off track",
    ActionStatus.COMPLETE: "Complete",
}
ACTION_RAG = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.ON_TRACK: "green",
    ActionStatus.AT_RISK: "amber",
    ActionStatus.OFF_TRACK: "red",
    ActionStatus.COMPLETE: "blue",
}
ACTION_STATUS_CHOICES = [(status.value, status.label) for status in ActionStatus]


class UpdateState(StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return UPDATE_STATE_LABELS[self]


UPDATE_STATE_LABELS = {
    UpdateState.AWAITING_APPROVAL: "Awaiting approval",
    UpdateState.APPROVED: "Approved",
    UpdateState.RETURNED: "Returned to the lead",
}
UPDATE_STATE_CHOICES = [(state.value, state.label) for state in UpdateState]

DEFAULT_ASSESSMENT_SCALE = ("Gap identified", "Working towards", "Some success", "Achieved")


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def weight(self) -> int:
        return LEVEL_WEIGHTS[self]


LEVEL_WEIGHTS = {Level.LOW: 1, Level.MEDIUM: 2, Level.HIGH: 3}
LEVEL_CHOICES = [(level.value, level.label) for level in Level]


def risk_score(likelihood: Level, impact: Level) -> int:
    """Likelihood × impact, 1 to 9."""
    return likelihood.weight * impact.weight
