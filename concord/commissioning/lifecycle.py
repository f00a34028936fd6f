"""Lifecycle of a quarterly return, as an explicit transition table (pure Python).

draft     -> submitted   (the provider submits; its figures are frozen)
submitted -> queried     (the contract monitoring officer asks a question)
submitted -> signed_off  (the contract monitoring officer accepts it)
queried   -> submitted   (the provider answers and resubmits)
signed_off: final
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class ReturnStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    QUERIED = "queried"
    SIGNED_OFF = "signed_off"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


RETURN_TRANSITIONS: Mapping[ReturnStatus, frozenset[ReturnStatus]] = MappingProxyType(
    {
        ReturnStatus.DRAFT: frozenset({ReturnStatus.SUBMITTED}),
        ReturnStatus.SUBMITTED: frozenset({ReturnStatus.QUERIED, ReturnStatus.SIGNED_OFF}),
        ReturnStatus.QUERIED: frozenset({ReturnStatus.SUBMITTED}),
        ReturnStatus.SIGNED_OFF: frozenset(),
    }
)
# The provider may change its figures and narrative only while the return is with it.
EDITABLE = frozenset({ReturnStatus.DRAFT, ReturnStatus.QUERIED})

RETURN_STATUS_CHOICES = tuple((status.value, status.label) for status in ReturnStatus)


class IllegalTransition(ValueError):
    def __init__(self, current: ReturnStatus, target: ReturnStatus) -> None:
        if current == target or not RETURN_TRANSITIONS[current]:
            message = f"The return is already {current.label.lower()}"
        else:
            message = f"The return is {current.label.lower()}: it cannot be {target.label.lower()}"
        super().__init__(message)


def check_transition(current: ReturnStatus | str, target: ReturnStatus | str) -> None:
    current, target = ReturnStatus(current), ReturnStatus(target)
    if target not in RETURN_TRANSITIONS[current]:
        raise IllegalTransition(current, target)
