"""Lifecycle of a quarterly return, as an explicit transition table (pure Python).

draft     -> submitted   (the provider submits; its figures are frozen)
submitted -> queried     (the contract monitoring officer asks a question)
submitted -> signed_off  (the contract monitoring officer accepts it)
queried   -> submitted   (the provider answers and resubmits)
signed_off: final
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from concord.core.lifecycle import Lifecycle, Status


class ReturnStatus(Status):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    QUERIED = "queried"
    SIGNED_OFF = "signed_off"


RETURN_TRANSITIONS: Mapping[ReturnStatus, frozenset[ReturnStatus]] = MappingProxyType(
    {
        ReturnStatus.DRAFT: frozenset({ReturnStatus.SUBMITTED}),
        ReturnStatus.SUBMITTED: frozenset({ReturnStatus.QUERIED, ReturnStatus.SIGNED_OFF}),
        ReturnStatus.QUERIED: frozenset({ReturnStatus.SUBMITTED}),
        ReturnStatus.SIGNED_OFF: frozenset(),
    }
)
RETURN_LIFECYCLE = Lifecycle(
    ReturnStatus,
    RETURN_TRANSITIONS,
    already="The return is already {current}",
    cannot="The return is {current}: it cannot be {target}",
    final_is_already=True,
)
# The provider may change its figures and narrative only while the return is with it.
EDITABLE = frozenset({ReturnStatus.DRAFT, ReturnStatus.QUERIED})

RETURN_STATUS_CHOICES = tuple((status.value, status.label) for status in ReturnStatus)


check_transition = RETURN_LIFECYCLE.check
