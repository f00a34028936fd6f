"""Lifecycles as explicit transition tables (STYLE.md: lifecycles are explicit), in pure
Python.

An app names its statuses as a ``Status`` and declares its table as a ``Lifecycle``, with
the words a person reads when a move is not allowed. The lifecycle says whether a move is
allowed, raises ``IllegalTransition`` when it is not, and lists the moves allowed next.
Rules beyond the table (a reason required, the side that may act) stay with the app;
recording who made a transition and when is the job of the service that asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar


class Status(StrEnum):
    """A status stored by its value and shown by its label: "not_engaged" is "Not engaged"."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


S = TypeVar("S", bound=Status)


class IllegalTransition(ValueError):
    """A record cannot move from its current status to the one asked for."""

    def __init__(self, message: str, current: Status, target: Status) -> None:
        self.current = current
        self.target = target
        super().__init__(message)


@dataclass(frozen=True)
class Lifecycle(Generic[S]):
    """Which status may follow which, and how a refusal is worded.

    ``already`` is said when the move is to the status the record has (and, with
    ``final_is_already``, whenever the record's status is final), ``cannot`` otherwise;
    ``{current}`` and ``{target}`` stand for the statuses' labels in lower case.
    """

    statuses: type[S]
    table: Mapping[S, frozenset[S]]
    already: str
    cannot: str
    final_is_already: bool = False

    def __post_init__(self) -> None:
        if set(self.table) != set(self.statuses):
            raise ValueError(f"The {self.statuses.__name__} table needs a row for every status")

    def status(self, value: S | str) -> S:
        """The status for a stored value; an unknown value raises ``ValueError``."""
        return self.statuses(value)

    def check(self, current: S | str, target: S | str) -> None:
        """Raise ``IllegalTransition`` unless a record may move from ``current`` to
        ``target``."""
        current, target = self.status(current), self.status(target)
        if target in self.table[current]:
            return
        if current == target or (self.final_is_already and self.is_final(current)):
            message = self.already.format(current=current.label.lower())
        else:
            message = self.cannot.format(current=current.label.lower(), target=target.label.lower())
        raise IllegalTransition(message, current, target)

    def allowed_next(self, current: S | str) -> list[S]:
        """Statuses that may follow ``current``, in declaration order so buttons keep their
        places."""
        allowed = self.table[self.status(current)]
        return [status for status in self.statuses if status in allowed]

    def is_final(self, status: S | str) -> bool:
        return not self.table[self.status(status)]
