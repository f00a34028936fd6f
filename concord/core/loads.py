"""Long loads: code that writes many records in a row for one agency (an import) says so,
so that work reacting to each change can take the changes a few seconds at a time instead of
one by one, and hears when the load stops.

The indicators' kept figures use it (concord.indicators.signals): a change made by a load is
counted within a few seconds rather than at once, so that pages showing figures are not
recomputed after every chunk of an import while many people read them; when the load stops
(finished, failed or taken over), every figure of its agency is brought up to date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

from django.dispatch import Signal

_loading: ContextVar[bool] = ContextVar("concord_loading", default=False)

# Sent with ``agency_id`` when a load stops, whatever the reason.
load_stopped = Signal()


@contextmanager
def load(agency_id: UUID) -> Iterator[None]:
    """The records written inside are part of a long load for ``agency_id``."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
        load_stopped.send(sender=load, agency_id=agency_id)


def loading() -> bool:
    """Whether the records written now are part of a long load."""
    return _loading.get()
