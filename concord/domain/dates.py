"""Dates as partner agencies and workers write them in files. Pure Python: no Django.

One list of formats, so every reader of a file (case imports, partnership submissions,
record linkage) accepts the same dates and reads them the same way.
"""

from __future__ import annotations

from datetime import date, datetime

#: The formats a date in a file may take: ISO first, then the UK's day/month/year.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
#: How the formats are described to the people who write the files.
DATE_HINT = "YYYY-MM-DD or DD/MM/YYYY"


def parse_date(text: str) -> date | None:
    """The date ``text`` holds in one of DATE_FORMATS (spaces around it ignored), else None."""
    cleaned = text.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def iso_date(text: str | None) -> str | None:
    """The date ``text`` holds (as parse_date reads it) written YYYY-MM-DD, else None."""
    day = parse_date(text or "")
    return day.isoformat() if day else None
