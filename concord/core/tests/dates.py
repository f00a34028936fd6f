"""Posting a date as the GOV.UK date input sends it: NAME-day, NAME-month and NAME-year."""

from __future__ import annotations

import re
from datetime import date


def date_parts(name: str, value: date | str) -> dict[str, str]:
    """The three boxes of a date field as a form posts them. A string is split as written
    (YYYY-MM-DD), so an impossible date such as 2026-02-31 can be posted too."""
    if isinstance(value, date):
        year, month, day = str(value.year), str(value.month), str(value.day)
    else:
        year, month, day = [*value.split("-"), "", "", ""][:3] if value else ("", "", "")
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def date_shown(page: str, name: str, value: date) -> bool:
    """Whether the page's date input NAME shows the date in its three boxes."""
    return all(
        re.search(rf'name="{key}"[^>]*value="{shown}"', page)
        for key, shown in date_parts(name, value).items()
    )
