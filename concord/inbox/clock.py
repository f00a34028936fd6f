"""The service-level clock of an online referral (DOMAIN §17, "time to first contact"): it
runs from when the form arrived until a worker first reaches the person. Pure Python, no
Django, so the rule is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum


class ClockState(Enum):
    DUE = "due"  # still within the target, no contact yet
    OVERDUE = "overdue"  # past the target, no contact yet
    MET = "met"  # first contact within the target
    MISSED = "missed"  # first contact, but after the target


@dataclass(frozen=True)
class ContactClock:
    state: ClockState
    elapsed: timedelta  # waiting so far, or the time it took to the first contact
    left: timedelta  # time left before the target (zero once past it or stopped)


def contact_clock(
    received_at: datetime,
    first_contact_at: datetime | None,
    now: datetime,
    target: timedelta,
) -> ContactClock:
    """Where the clock stands at ``now``: stopped at the first contact, if there was one."""
    stopped = first_contact_at is not None
    end = first_contact_at if first_contact_at is not None else now
    elapsed = max(end - received_at, timedelta(0))
    within = elapsed <= target
    if stopped:
        state = ClockState.MET if within else ClockState.MISSED
        return ContactClock(state, elapsed, timedelta(0))
    state = ClockState.DUE if within else ClockState.OVERDUE
    return ContactClock(state, elapsed, max(target - elapsed, timedelta(0)))


def hours_and_minutes(span: timedelta) -> str:
    """A span as a worker reads it: "3 days 4 hours", "5 hours 20 minutes", "12 minutes"."""
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    shown = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n][:2]
    return " ".join(shown) or "less than a minute"
