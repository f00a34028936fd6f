"""Sections that apps add to another app's page about one record.

A page about one record (a person, a case) shows what its own app keeps; each app above it
that keeps something about the record adds a section, registered from its own
``AppConfig.ready``, so the page's app names none of them::

    case_page.SECTIONS.register(CaseSection("risk_section", 30, "risk/case_section.html", build))

The page builds every section once (``Page.context``) and its template includes each
section's template in order of ``place``, lowest first; each template reads what its
``build`` returned under the section's name. A section that depends on another asks the
page for it (``page.section(name)``), which builds that one first if need be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest

R = TypeVar("R", bound=HttpRequest)  # the page's request, typed by the page's app
T = TypeVar("T")  # the record the page is about
S = TypeVar("S", bound="Section[Any, Any]")


@dataclass(frozen=True)
class Section(Generic[R, T]):
    """One app's part of a page: ``template``, shown at ``place``, reads what ``build``
    returns under ``name``."""

    name: str
    place: int
    template: str
    build: Callable[[Page[R, T]], Any]


class Sections(Generic[S]):
    """The sections registered for one kind of page."""

    def __init__(self) -> None:
        self._by_name: dict[str, S] = {}

    def register(self, section: S) -> None:
        """Add ``section`` to the page; registering a name again replaces it (``ready`` can
        run more than once in tests)."""
        self._by_name[section.name] = section

    def named(self, name: str) -> S | None:
        return self._by_name.get(name)

    def in_order(self) -> list[S]:
        """The sections top to bottom (by place; registration order within a place)."""
        return sorted(self._by_name.values(), key=lambda section: section.place)

    def page(self, request: HttpRequest, record: Any) -> Page[Any, Any]:
        return Page(self, request, record)


class Page(Generic[R, T]):
    """The sections of one request's page about ``record``, each built at most once."""

    def __init__(self, sections: Sections[Any], request: R, record: T) -> None:
        self.request = request
        self.record = record
        self._sections = sections
        self._built: dict[str, Any] = {}

    def section(self, name: str) -> Any:
        """What the section ``name`` shows, built when first asked for; None when no app
        registered it."""
        if name not in self._built:
            found = self._sections.named(name)
            self._built[name] = found.build(self) if found else None
        return self._built[name]

    def context(self) -> dict[str, Any]:
        """For the page's template: the sections' templates in order (``sections``), and
        what each shows under its name."""
        ordered = self._sections.in_order()
        shown = {section.name: self.section(section.name) for section in ordered}
        return {"sections": [section.template for section in ordered], **shown}
