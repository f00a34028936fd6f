"""The Jinja2 environment for Concord's pages: our templates plus the GOV.UK Frontend macros."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from concord.core import presenters
from concord.core.forms import error_summary, govuk_field


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def exit_page_url() -> str:
    """Where "Exit this page" goes (core/public_base.html): read at each page, not once."""
    return str(settings.EXIT_PAGE_URL)


def environment(**options: Any) -> Environment:
    app_loader = options.pop("loader")
    env = Environment(  # noqa: S701 - Django's backend passes autoescape=True in options
        loader=ChoiceLoader(
            [
                app_loader,
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        **options,
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "exit_page_url": exit_page_url,
            "get_messages": get_messages,
            "govuk_field": govuk_field,
            "govuk_error_summary": error_summary,
        }
    )
    env.filters.update(presenters.FILTERS)
    return env
