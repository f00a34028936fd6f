"""Scoring a risk checklist and deciding the MARAC criteria (DOMAIN §3). Pure Python: no
Django, so the rules are tested on their own and read the same everywhere.

- An answer is yes, no or don't know. A question not asked has no answer at all: it is
  never counted as no, and an assessment is complete only when every question is answered.
- The score is the number of yes answers; the level (band) follows from the thresholds.
- Professional judgement may raise the level, never lower it, and needs the concerns
  written down.
- MARAC criteria, any one of which is enough: visible high risk (score at or above the
  high threshold), professional judgement (a judgement that raised the level to high),
  potential escalation (enough incidents within the window) and repeat (decided by the
  MARAC's own register, given here as a flag).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont_know"

    @property
    def label(self) -> str:
        return ANSWER_LABELS[self]


ANSWER_LABELS = {Answer.YES: "Yes", Answer.NO: "No", Answer.DONT_KNOW: "Don't know"}


class Level(StrEnum):
    """Risk levels, lowest first: their order is the order of this class."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Level).index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Criterion(StrEnum):
    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self]


CRITERION_LABELS = {
    Criterion.VISIBLE_HIGH_RISK: "Visible high risk",
    Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
    Criterion.POTENTIAL_ESCALATION: "Potential escalation",
    Criterion.REPEAT: "Repeat",
}


class JudgementError(ValueError):
    """A professional judgement that would lower or keep the level, or gives no concerns."""


@dataclass(frozen=True)
class Thresholds:
    """The lowest score of each band above standard (defaults: medium 10-13, high 14+)."""

    medium_from: int = 10
    high_from: int = 14

    def __post_init__(self) -> None:
        if not 0 < self.medium_from < self.high_from:
            raise ValueError("Thresholds must satisfy 0 < medium_from < high_from")


@dataclass(frozen=True)
class EscalationRule:
    """Potential escalation: at least ``incidents`` incidents on dates no more than
    ``window_days`` days before the day assessed (that day included); with
    ``police_only``, only incidents reported to the police count."""

    incidents: int = 3
    window_days: int = 365
    police_only: bool = False

    def __post_init__(self) -> None:
        if self.incidents < 1 or self.window_days < 1:
            raise ValueError("An escalation rule needs at least one incident and one day")


@dataclass(frozen=True)
class Incident:
    occurred_on: date
    reported_to_police: bool


def _answer(value: Answer | str) -> Answer:
    try:
        return Answer(value)
    except ValueError:
        raise ValueError(f"Not an answer: {value!r}") from None


def score(answers: Mapping[str, Answer | str]) -> int:
    """The number of yes answers. A question not asked is simply absent."""
    return sum(1 for value in answers.values() if _answer(value) is Answer.YES)


def band(points: int, thresholds: Thresholds) -> Level:
    if points < 0:
        raise ValueError("A score cannot be negative")
    if points >= thresholds.high_from:
        return Level.HIGH
    if points >= thresholds.medium_from:
        return Level.MEDIUM
    return Level.STANDARD


def unanswered(codes: Sequence[str], answers: Mapping[str, Answer | str]) -> list[str]:
    """The questions (in checklist order) with no answer yet."""
    return [code for code in codes if code not in answers]


def judged_level(current: Level, proposed: Level, concerns: str) -> Level:
    """The level a professional judgement sets: only above the current one, with concerns."""
    if not concerns.strip():
        raise JudgementError("Write down the concerns behind the judgement")
    if proposed.rank <= current.rank:
        raise JudgementError(
            f"Professional judgement can only raise the level above {current.label.lower()}"
        )
    return proposed


def incidents_in_window(incidents: Iterable[Incident], as_of: date, rule: EscalationRule) -> int:
    """Incidents that count towards escalation on ``as_of``: none after it, none more than
    the window's days before it."""
    return sum(
        1
        for incident in incidents
        if 0 <= (as_of - incident.occurred_on).days <= rule.window_days
        and (incident.reported_to_police or not rule.police_only)
    )


def escalating(incidents: Iterable[Incident], as_of: date, rule: EscalationRule) -> bool:
    return incidents_in_window(incidents, as_of, rule) >= rule.incidents


def marac_criteria(
    *,
    points: int | None,
    judged: Level | None,
    incidents: Iterable[Incident],
    as_of: date,
    thresholds: Thresholds,
    rule: EscalationRule,
    repeat: bool = False,
) -> list[Criterion]:
    """The MARAC criteria met, in a fixed order. ``points`` is the latest finished
    assessment's score (None when there is none); ``judged`` the level a professional
    judgement set on it; ``repeat`` comes from the MARAC register."""
    met = {
        Criterion.VISIBLE_HIGH_RISK: points is not None and points >= thresholds.high_from,
        Criterion.PROFESSIONAL_JUDGEMENT: judged is Level.HIGH,
        Criterion.POTENTIAL_ESCALATION: escalating(incidents, as_of, rule),
        Criterion.REPEAT: repeat,
    }
    return [criterion for criterion in Criterion if met[criterion]]
