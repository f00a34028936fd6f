"""Reading a served page in tests as a person would read it."""

from __future__ import annotations

import re


def named(html: str, *names: str) -> set[str]:
    """The names that appear in a page as words of their own: a page's random form tokens
    may hold a name's letters ("…Jash0c…"), never as a word."""
    return {name for name in names if re.search(rf"\b{re.escape(name)}\b", html)}
