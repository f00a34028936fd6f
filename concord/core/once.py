"""A value shown once, on the page a form redirects to (post/redirect/get), so that
reloading that page neither repeats the action nor shows the value again."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

PREFIX = "concord_once_"


def keep_for_next_page(request: HttpRequest, name: str, value: Any) -> None:
    request.session[PREFIX + name] = value


def take(request: HttpRequest, name: str) -> Any:
    return request.session.pop(PREFIX + name, None)
