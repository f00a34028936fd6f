"""Synthetic journeys through a help point, made as rows of the import format
(docs/data-dictionary/import-format.md). The same rows become files for the real import
(``write_files``) or go straight into the database (``concord.synthetic.loading``).
Proportions follow DOMAIN.md §7 (the SAFE intake profile of April–June 2013, engagement
and feeling-safer outcomes): most cases are offered support at the assessment (IDVA support
when an IDVA takes a high-risk case), about three in four accept. Journeys come a chunk of
people at a time, so national scale never sits in memory whole. Pure Python."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from faker import Faker

from concord.cases.importing import OFFER_COLUMNS, kinds

# Share of intake assessments answering yes (DOMAIN §7 worked example, 273 assessments).
INTAKE_YES = {
    "mental_health": 90 / 273,
    "suicide_threatened_or_attempted": 62 / 273,
    "self_harm": 35 / 273,
    "community_care_payments": 6 / 273,
    "forced_marriage_risk": 9 / 273,
    "honour_based_abuse_risk": 29 / 273,
    "multiple_perpetrators": 47 / 273,
    "high_risk_at_intake": 154 / 273,
    "marac_threshold_at_intake": 80 / 273,
    "has_children": 0.6,
}
NOT_KNOWN_SHARE = 0.05  # items not answered, so completeness is visible in reports
OFFERED = 0.92  # help point cases offered support; the rest read "not recorded"
# The answers to an offer: most accept, some decline or cannot be reached.
ANSWERS = [("accepted", 0.76), ("declined", 0.14), ("not_contactable", 0.10)]
ENGAGES = 0.70  # cases with no offer recorded that were still opened and worked
IDVA_WHEN_HIGH_RISK = 0.85  # high-risk cases an IDVA takes (and offers IDVA support)
FEELS_SAFER = 0.80  # closed cases whose exit review says safer (the Mayor's target)
OUT_OF_HOURS_CONTACTS = 0.25
# Nine contacts this far apart end within the 45 days a referral is at least before ``until``.
MAX_DAYS_BETWEEN_CONTACTS = 4

SCALES = {"city": 400, "county": 4_000, "national": 400_000}

ETHNICITIES = [
    ("white_english_welsh_scottish_ni_british", 0.55),
    ("asian_indian", 0.2),
    ("asian_pakistani", 0.04),
    ("black_african", 0.04),
    ("black_caribbean", 0.02),
    ("mixed_white_black_caribbean", 0.02),
    ("white_other", 0.05),
    ("other_any", 0.02),
    ("prefer_not_to_say", 0.02),
    ("not_known", 0.04),
]


CHUNK_OF_PEOPLE = 5_000


@dataclass
class Journeys:
    """Rows for each import file, keyed by file kind."""

    rows: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {kind.name: [] for kind in kinds()}
    )

    def extend(self, other: Journeys) -> None:
        for kind, rows in other.rows.items():
            self.rows[kind].extend(rows)


def write_files(chunks: Iterable[Journeys], directory: Path) -> dict[str, int]:
    """Write the chunks as one import file per kind; returns the rows written per kind."""
    directory.mkdir(parents=True, exist_ok=True)
    every_kind = kinds()
    counts = dict.fromkeys((kind.name for kind in every_kind), 0)
    with ExitStack() as files:
        writers: dict[str, csv.DictWriter[str]] = {}
        for kind in every_kind:
            out = files.enter_context(
                open(directory / f"{kind.name}.csv", "w", newline="", encoding="utf-8")
            )
            writers[kind.name] = csv.DictWriter(out, fieldnames=kind.columns)
            writers[kind.name].writeheader()
        for chunk in chunks:
            for name, rows in chunk.rows.items():
                writers[name].writerows(rows)
                counts[name] += len(rows)
    return counts


def generate(people: int, *, service: str, seed: int, until: date) -> Journeys:
    """``people`` journeys referred over the year before ``until``."""
    journeys = Journeys()
    for chunk in generate_chunks(people, service=service, seed=seed, until=until):
        journeys.extend(chunk)
    return journeys


def generate_chunks(
    people: int,
    *,
    service: str,
    seed: int,
    until: date,
    chunk_size: int = CHUNK_OF_PEOPLE,
    contact_factor: int = 1,
) -> Iterator[Journeys]:
    """The journeys of ``generate``, ``chunk_size`` people at a time: the chunks joined
    are exactly what ``generate`` makes with the same arguments.

    ``contact_factor`` multiplies the contacts of an engaged journey (about four a case
    at 1, about ten at 3, as benchmarks want), spacing them closer so they still end
    before ``until``."""
    if contact_factor < 1:
        raise ValueError("contact_factor must be 1 or more")
    rng = random.Random(seed)
    faker = Faker(["en_GB", "en_IN"])
    faker.seed_instance(seed)
    for first in range(1, people + 1, chunk_size):
        chunk = Journeys()
        for number in range(first, min(first + chunk_size, people + 1)):
            _journey(chunk, rng, faker, number, service, until, contact_factor)
        yield chunk


def _journey(
    journeys: Journeys,
    rng: random.Random,
    faker: Faker,
    number: int,
    service: str,
    until: date,
    contact_factor: int = 1,
) -> None:
    person_id, case_id = f"P{number:07d}", f"C{number:07d}"
    female = rng.random() < 0.9
    journeys.rows["people"].append(
        {
            "record_id": person_id,
            "given_name": faker.first_name_female() if female else faker.first_name_male(),
            "family_name": faker.last_name(),
            "date_of_birth": faker.date_of_birth(minimum_age=16, maximum_age=75).isoformat(),
            "sex": "female" if female else "male",
            "ethnicity": _weighted(rng, ETHNICITIES),
            "roles": "victim_survivor",
        }
    )
    referred = datetime.combine(until, datetime.min.time()) - timedelta(
        days=rng.randint(45, 365), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
    )
    assessed = (referred + timedelta(days=rng.randint(0, 3))).date()
    answers = {item: _yes_no(rng, share) for item, share in INTAKE_YES.items()}
    idva = answers["high_risk_at_intake"] == "yes" and rng.random() < IDVA_WHEN_HIGH_RISK
    offer = _offer(rng, assessed, idva)
    engaged = offer["offer_answer"] == "accepted" if offer else rng.random() < ENGAGES
    closed = engaged and rng.random() < 0.6
    status = "closed" if closed else "open" if engaged else "not_engaged"
    count = 1 + rng.randint(1, 8) * engaged * contact_factor
    contacts = list(_contacts(rng, referred, count, MAX_DAYS_BETWEEN_CONTACTS // contact_factor))
    moments = sorted(contact["occurred_at"] for contact in contacts)
    journeys.rows["cases"].append(
        {
            "record_id": case_id,
            "person_record_id": person_id,
            "service": service,
            "referral_source": rng.choice(
                ["police", "self", "health", "housing", "family_or_friend"]
            ),
            "method_of_access": rng.choice(
                ["helpline_call", "professional_referral", "text", "drop_in"]
            ),
            "referred_at": f"{referred:%Y-%m-%d %H:%M}",
            "status": status,
            "status_reason": "support_completed" if closed else "disengaged" if not engaged else "",
            # opened at the first contact; closed or not engaged after the last
            "opened_at": moments[0] if engaged else "",
            "ended_at": moments[-1] if status != "open" else "",
            "abuse_types": ";".join(
                rng.sample(
                    ["physical", "controlling_or_coercive", "economic", "psychological_emotional"],
                    2,
                )
            ),
            "worked_by_idva": "yes" if idva else "no",
            **(offer or dict.fromkeys(OFFER_COLUMNS, "")),
        }
    )
    for index, contact in enumerate(contacts):
        record_id = f"K{number:07d}-{index}"
        journeys.rows["contacts"].append(
            {"record_id": record_id, "case_record_id": case_id, **contact}
        )
    journeys.rows["intake_profiles"].append(
        {
            "record_id": f"I{number:07d}",
            "case_record_id": case_id,
            "assessed_on": assessed.isoformat(),
            **answers,
        }
    )
    if engaged:
        journeys.rows["safety_plans"].append(
            {
                "record_id": f"S{number:07d}",
                "case_record_id": case_id,
                "created_on": (assessed + timedelta(days=rng.randint(0, 7))).isoformat(),
                "areas": ";".join(
                    rng.sample(["safe_places", "escape_bag", "digital_safety", "children"], 2)
                ),
            }
        )
    if closed:
        journeys.rows["exit_reviews"].append(
            {
                "record_id": f"E{number:07d}",
                "case_record_id": case_id,
                "reviewed_on": (assessed + timedelta(days=14)).isoformat(),
                "feels_safer": "yes"
                if rng.random() < FEELS_SAFER
                else rng.choice(["no", "not_answered"]),
                "abuse_change": rng.choice(["stopped", "reduced", "continued", "not_known"]),
                "wellbeing_at_intake": str(rng.randint(1, 5)),
                "wellbeing_at_exit": str(rng.randint(4, 9)),
                **_scores(rng, "safety"),
            }
        )


def _offer(rng: random.Random, assessed: date, idva: bool) -> dict[str, str] | None:
    """The offer of support made at the assessment, answered within a week; None for the
    cases whose offer was never recorded."""
    if rng.random() >= OFFERED:
        return None
    answer = _weighted(rng, ANSWERS)
    return {
        "offer_kind": "idva" if idva else rng.choice(["casework"] * 8 + ["outreach", "group"]),
        "offered_on": assessed.isoformat(),
        "offer_answer": answer,
        "offer_answered_on": (assessed + timedelta(days=rng.randint(0, 7))).isoformat(),
    }


def _scores(rng: random.Random, scale: str) -> dict[str, str]:
    """A scale's scores at intake and exit (0 to 10), both left empty in some reviews so
    that the share improved has a not-known count."""
    if rng.random() < NOT_KNOWN_SHARE:
        return {f"{scale}_at_intake": "", f"{scale}_at_exit": ""}
    return {
        f"{scale}_at_intake": str(rng.randint(1, 6)),
        f"{scale}_at_exit": str(rng.randint(3, 10)),
    }


def _contacts(
    rng: random.Random, referred: datetime, count: int, most_days_between: int
) -> Iterator[dict[str, str]]:
    moment = referred
    for _ in range(count):
        moment += timedelta(days=rng.randint(0, most_days_between), hours=rng.randint(1, 6))
        if rng.random() < OUT_OF_HOURS_CONTACTS:
            moment = moment.replace(hour=rng.choice([7, 18, 20, 22]))
        else:
            moment = moment.replace(hour=rng.randint(9, 16))
        if moment < referred:  # never before the referral
            moment += timedelta(days=1)
        yield {
            "channel": rng.choice(["call", "text", "web_chat", "home_visit", "advocacy"]),
            "initiated_by": rng.choice(["victim", "professional"]),
            "occurred_at": f"{moment:%Y-%m-%d %H:%M}",
            "duration_minutes": str(rng.randint(5, 90)),
        }


def _yes_no(rng: random.Random, share: float) -> str:
    if rng.random() < NOT_KNOWN_SHARE:
        return "not_known"
    return "yes" if rng.random() < share else "no"


def _weighted(rng: random.Random, choices: list[tuple[str, float]]) -> str:
    codes = [code for code, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(codes, weights=weights)[0]
