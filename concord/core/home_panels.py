"""Panels of the home page: each app adds the part of a role's day's work it keeps.

An app registers its panels from its ``AppConfig.ready``::

    home_panels.PANELS.register(HomePanel("my_tasks", 10, "cases.view_case",
                                          "cases/home_tasks.html", build))

The home page shows, in order of ``place``, each panel whose ``rule`` (a `rules` permission)
the signed-in membership passes; its template reads what ``build(request)`` returned as
``panel``. Core names no app: the home page's app (accounts) sits below those that keep the
work, so they come to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    name: str
    place: int
    rule: str
    template: str
    build: Callable[[Any], Any]


class HomePanels:
    def __init__(self) -> None:
        self._by_name: dict[str, HomePanel] = {}

    def register(self, panel: HomePanel) -> None:
        """Add a panel; registering a name again replaces it (``ready`` may run twice)."""
        self._by_name[panel.name] = panel

    def shown_to(self, request: HttpRequest) -> list[dict[str, Any]]:
        """The panels the request's membership may see, top to bottom, each built once."""
        membership = getattr(request, "membership", None)
        ordered = sorted(self._by_name.values(), key=lambda panel: panel.place)
        return [
            {"name": panel.name, "template": panel.template, "data": panel.build(request)}
            for panel in ordered
            if rules.test_rule(panel.rule, membership)
        ]


PANELS = HomePanels()
