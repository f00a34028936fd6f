"""The alerts panel that follows a person (ADR 0017): on every page about a person or one
of their cases, a short summary of what every worker must know before acting.

Core keeps the mechanism and names no app. Each app registers from its ``AppConfig.ready``:

- **facts** (``FACTS.register``): given the records of one person (the viewing agency's
  own and any shared with it) and the viewer, the app's lines of the panel, read live;
- **sharing** (``SHARING.register``): given the viewing agency's record of a person, the
  records of the same person at other agencies whose facts are shared with it, and why
  (an accepted referral, a MARAC listing), within the consent and scope rules.

A scope lookup of one person or case notes the page's person (``ScopeBase.about``); the
``alerts`` context processor builds the panel for it once per page, and audits each view of
another agency's shared record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.db.models import Model
from django.utils import timezone

from concord.core import audit


class Viewer(Protocol):
    """The scope asking: who, and for which agency."""

    @property
    def user(self) -> Any: ...

    @property
    def membership(self) -> Any: ...

    @property
    def agency(self) -> Model: ...


@dataclass(frozen=True)
class Record:
    """One agency's record of the person: the viewer's own, or one shared with it."""

    person: Model
    agency_name: str = ""
    via: str = ""  # why it is shared; empty for the viewer's own record

    @property
    def is_shared(self) -> bool:
        return bool(self.via)


@dataclass(frozen=True)
class Fact:
    """One line of the panel: ``key`` and ``value`` as words; ``warning`` lines start with
    the word "Warning" (never colour alone); ``source`` names the sharing agency."""

    place: int
    key: str
    value: str
    warning: bool = False
    source: str = ""
    details: tuple[str, ...] = field(default_factory=tuple)


FactsOf = Callable[[Sequence[Record], Viewer, date], list[Fact]]
SharedWith = Callable[[Model, Viewer, date], list[Record]]


class Registry:
    """Functions registered by name; registering a name again replaces it (``ready`` can
    run more than once in tests)."""

    def __init__(self) -> None:
        self._by_name: dict[str, Any] = {}

    def register(self, name: str, function: Any) -> None:
        self._by_name[name] = function

    def all(self) -> list[Any]:
        return list(self._by_name.values())


FACTS = Registry()
SHARING = Registry()


@dataclass(frozen=True)
class Panel:
    facts: list[Fact]
    shared_by: list[str]  # "Haven Domestic Abuse Services (accepted referral)", …


def records_of(person: Model, viewer: Viewer, today: date) -> list[Record]:
    """The viewer's own record of the person first, then the records shared with it."""
    found = [Record(person)]
    for shared_with in SHARING.all():
        found.extend(shared_with(person, viewer, today))
    return found


def panel(person: Model, viewer: Viewer, shared_by: tuple[str, str] | None = None) -> Panel:
    """The panel for ``person``: the viewer's own record, with what other agencies share;
    or, with ``shared_by`` (agency, why), another agency's record shared with the viewer.
    Each view of a shared record is audited."""
    today = timezone.localdate()
    if shared_by is None:
        records = records_of(person, viewer, today)
    else:
        records = [Record(person, *shared_by)]
    for record in (r for r in records if r.is_shared):
        audit.record(
            "alerts.shared_viewed",
            actor=viewer.user,
            agency=viewer.agency,
            target=record.person,
            reason=record.via,
        )
    facts = [fact for facts_of in FACTS.all() for fact in facts_of(records, viewer, today)]
    facts.sort(key=lambda fact: fact.place)
    sharing = sorted({f"{r.agency_name} ({r.via})" for r in records if r.is_shared})
    return Panel(facts, sharing)
