"""Search-before-create: find people already recorded who may be the one being added.
Names are compared by sound (metaphone), so Mohammed, Muhammad and Mohamed match; dates of
birth also match with day and month swapped. Pure Python, no Django."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import jellyfish


def name_keys(name: str) -> str:
    """Space-separated sound keys for each part of a name ("Kaur Singh" -> "KR SN")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z]+", plain.lower())
    return " ".join(jellyfish.metaphone(part) for part in parts if jellyfish.metaphone(part))


def phone_digits(phone: str) -> str:
    """Digits of a UK phone number in national form: +44 7700 900123 -> 07700900123."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def swapped_day_month(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


@dataclass(frozen=True)
class Candidate:
    given_keys: str
    family_keys: str
    date_of_birth: date | None
    phone: str


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[str, ...]


def compare(sought: Candidate, found: Candidate) -> Match:
    """How alike two people look, with the reasons in words a worker can check."""
    reasons: list[str] = []
    score = 0
    if _share_a_key(sought.family_keys, found.family_keys):
        score, reasons = score + 2, [*reasons, "family name sounds the same"]
    if _share_a_key(sought.given_keys, found.given_keys):
        score, reasons = score + 2, [*reasons, "given name sounds the same"]
    if sought.date_of_birth and found.date_of_birth:
        if sought.date_of_birth == found.date_of_birth:
            score, reasons = score + 3, [*reasons, "same date of birth"]
        elif swapped_day_month(sought.date_of_birth) == found.date_of_birth:
            score, reasons = score + 2, [*reasons, "date of birth with day and month swapped"]
    if sought.phone and sought.phone == found.phone:
        score, reasons = score + 3, [*reasons, "same phone number"]
    return Match(score, tuple(reasons))


def _share_a_key(left: str, right: str) -> bool:
    return bool(set(left.split()) & set(right.split()))


# A possible match needs more than a shared sound-alike name alone.
POSSIBLE_MATCH_SCORE = 4


def sounds_like_full_name(words: str, given_keys: str, family_keys: str) -> bool:
    """Whether ``words`` (a search, or a staff member's full name) contain a name that sounds
    like the given name and another that sounds like the family name whose sound keys
    are given: "Jayne Smyth" for Jane Smith. A family name alone is not enough."""
    keys = name_keys(words).split()
    given, family = set(given_keys.split()), set(family_keys.split())
    return any(
        key in given and other in family
        for position, key in enumerate(keys)
        for other in keys[:position] + keys[position + 1 :]
    )
