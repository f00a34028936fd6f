"""Whether a case's incidents make it a MARAC repeat, for the risk part of the case page.

The repeat rule is MARAC's (DOMAIN §4) and MARAC sits above risk (ADR 0010), so risk does
not import it: the marac app registers its rule here when it starts (``MaracConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

# (the case's last MARAC referral, the days its incidents happened, today) -> a repeat?
RepeatRule = Callable[[date, Iterable[date], date], bool]

_rule: RepeatRule | None = None


def register(rule: RepeatRule) -> None:
    global _rule  # one rule for the process, set once at start-up
    _rule = rule


def is_repeat(last_referred_on: date | None, incidents_on: Iterable[date], today: date) -> bool:
    """True when the case was referred to MARAC and an incident since makes it a repeat."""
    if last_referred_on is None:
        return False
    if _rule is None:
        raise RuntimeError("No MARAC repeat rule: the marac app registers it when it starts")
    return _rule(last_referred_on, incidents_on, today)
