"""Sections other apps add to a page (concord.core.page_sections): shown by place, each
built once even when another section reads it, a name registered again replaced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import RequestFactory

from concord.core.page_sections import Page, Section, Sections


def _page(sections: Sections[Section[Any, str]]) -> Page[Any, Any]:
    return sections.page(RequestFactory().get("/"), "the record")


def _shows(what: str) -> Callable[[Page[Any, str]], str]:
    return lambda page: what


def test_sections_show_by_place_then_in_the_order_registered() -> None:
    sections: Sections[Section[Any, str]] = Sections()
    for name, place in (("later", 20), ("first", 10), ("second", 10)):
        sections.register(Section(name, place, f"{name}.html", _shows(f"{name} section")))

    context = _page(sections).context()

    assert context["sections"] == ["first.html", "second.html", "later.html"]
    assert (context["first"], context["later"]) == ("first section", "later section")


def test_a_section_another_reads_is_built_once() -> None:
    built: list[str] = []

    def reader(page: Page[Any, str]) -> str:
        return f"{page.record} and {page.section('read')}"

    def read(page: Page[Any, str]) -> str:
        built.append("read")
        return "what it read"

    sections: Sections[Section[Any, str]] = Sections()
    sections.register(Section("reader", 10, "reader.html", reader))
    sections.register(Section("read", 20, "read.html", read))

    context = _page(sections).context()

    assert context["reader"] == "the record and what it read"
    assert built == ["read"]


def test_a_section_no_app_registered_is_none() -> None:
    assert _page(Sections()).section("missing") is None


def test_registering_a_name_again_replaces_the_section() -> None:
    sections: Sections[Section[Any, str]] = Sections()
    sections.register(Section("part", 10, "old.html", lambda page: "old"))
    sections.register(Section("part", 30, "new.html", lambda page: "new"))

    assert _page(sections).context() == {"sections": ["new.html"], "part": "new"}
