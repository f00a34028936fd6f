"""Synthetic journeys through safe accommodation over three years, made as rows of the
import format (docs/data-dictionary/import-format.md) for the Part 4 return, the needs
assessment and their benchmarks. Pure Python; ``concord.synthetic.accommodation_loading``
puts them straight into the database.

A provider runs accommodation services of every type but second-stage (two refuges, a
specialist "by and for" refuge, dispersed accommodation, other emergency accommodation,
a sanctuary scheme); a partner agency runs second-stage flats. Each unit is filled one
household after another (a few days empty between them), so stays never overlap, and a
household never outgrows its unit's bed spaces: a mother with none to three children,
sometimes a father or another adult, now and then a man alone; specialist characteristics
and trans status at plausible shares. Some households move on from a refuge to the
partner's second-stage flats through an accepted referral: the same woman is then a
person at both agencies, as in Concord. Households the services could not take (unmet
need) come with the return's reasons.

Rows come a chunk of households at a time; the same seed gives the same rows. People's
rows also carry trans status (``gender_same_as_birth``), which the loader writes and the
people import file has no column for yet.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from concord.domain.stays import Span
from concord.synthetic.journeys import ETHNICITIES, Journeys, _weighted

#: Households a year at the provider's services (about a third at its sanctuary scheme).
SCALES = {"city": 300, "county": 3_000}
YEARS = 3
CHUNK_OF_HOUSEHOLDS = 2_000

PARTNER_SERVICE = "Synthetic move-on flats"
SANCTUARY_SERVICE = "Synthetic sanctuary scheme"
# (service name, accommodation type, funding, share of the unit-based households,
#  (shortest, longest) stay in days, share of units taking older boys)
UNIT_SERVICES = (
    ("Synthetic refuge North", "refuge", "part4_grant", 0.30, (14, 220), 0.3),
    ("Synthetic refuge South", "refuge", "part4_grant", 0.20, (14, 220), 0.3),
    ("Synthetic by-and-for refuge", "specialist_refuge", "part4_grant", 0.15, (21, 260), 0.2),
    ("Synthetic dispersed homes", "dispersed", "mixed", 0.20, (30, 300), 0.6),
    ("Synthetic emergency rooms", "other_emergency", "council_other", 0.15, (3, 45), 0.1),
)
REFUGES = ("refuge", "specialist_refuge")  # households may move on from these to the partner
SANCTUARY_SHARE = 0.35  # of all households: their own home made safe
SECOND_STAGE = ("second_stage", "housing_benefit", (90, 360))
SECOND_STAGE_UNITS = 12
TO_SECOND_STAGE = 0.12  # refuge households moving on who go to the partner's flats
UNMET_PER_HOUSEHOLD = 0.6  # households not taken, for each one placed
BED_SPACES = [(1, 0.15), (2, 0.3), (3, 0.3), (4, 0.2), (5, 0.05)]
CHILDREN = [(0, 0.35), (1, 0.3), (2, 0.22), (3, 0.13)]
MAN_ALONE = 0.05
SECOND_ADULT = 0.08
TRANS = 0.01
FROM_OUT_OF_AREA = 0.3
ENDS_WITH_DAYS_EMPTY = (1, 14)
CHARACTERISTICS = {
    "minoritised": 0.25,
    "disabled": 0.15,
    "mental_health": 0.4,
    "substance_use": 0.1,
    "lgbt_plus": 0.05,
    "no_recourse_to_public_funds": 0.06,
    "other_complex_needs": 0.08,
}
ADULT_SUPPORT = {
    "advocacy": 0.9,
    "prevention_advice": 0.5,
    "housing_related": 0.8,
    "counselling_therapy": 0.3,
}
CHILD_SUPPORT = {"childrens_support": 0.8, "counselling_therapy": 0.2}
LEAVING = [
    ("moved_on", 0.55),
    ("no_longer_needed", 0.1),
    ("evicted", 0.04),
    ("left", 0.1),
    ("returned_to_person_causing_harm", 0.08),
    ("moved_to_other_safe_accommodation", 0.08),
    ("other", 0.05),
]
DESTINATIONS = [
    ("social_tenancy", 0.4),
    ("private_tenancy", 0.15),
    ("own_home_made_safe", 0.1),
    ("family_or_friends", 0.12),
    ("supported_housing", 0.05),
    ("temporary_accommodation", 0.1),
    ("other", 0.03),
    ("not_known", 0.05),
]
UNMET_REASONS = [
    ("no_capacity", 0.45),
    ("needs_too_high", 0.12),
    ("risk_to_others", 0.06),
    ("no_recourse_to_public_funds", 0.1),
    ("out_of_area", 0.07),
    ("needs_not_met", 0.1),
    ("declined_by_person", 0.05),
    ("not_eligible", 0.03),
    ("other", 0.02),
]


@dataclass
class AccommodationChunk:
    """Rows for the provider's import files and the partner's, and the referrals from the
    provider's refuges to the partner's flats (``referrals.csv`` columns; ``to_service`` is
    the partner's, ``receiving_case_record_id`` a case of the partner's rows)."""

    provider: Journeys = field(default_factory=Journeys)
    partner: Journeys = field(default_factory=Journeys)
    referrals: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Unit:
    service: str
    label: str
    bed_spaces: int
    takes_older_boys: bool
    spans: list[Span] = field(default_factory=list)


def generate_accommodation(
    households_a_year: int,
    *,
    seed: int,
    until: date,
    chunk_size: int = CHUNK_OF_HOUSEHOLDS,
) -> Iterator[AccommodationChunk]:
    """About ``households_a_year`` households a year for the three years before ``until``,
    a chunk of households at a time (every stay of one unit in the same chunk, but for
    the partner's flats, whose stays come with the refuge households moving on)."""
    maker = _Maker(random.Random(seed), Faker(["en_GB", "en_IN"]), until)
    maker.faker.seed_instance(seed)
    first = maker.services()
    units = maker.units(households_a_year)
    chunk = first
    for unit in units:
        maker.fill(chunk, unit)
        if len(chunk.provider.rows["stays"]) >= chunk_size:
            yield chunk
            chunk = AccommodationChunk()
    sanctuary = round(households_a_year * YEARS * SANCTUARY_SHARE)
    for _ in range(sanctuary):
        maker.sanctuary(chunk)
        if len(chunk.provider.rows["stays"]) >= chunk_size:
            yield chunk
            chunk = AccommodationChunk()
    yield chunk


@dataclass
class _Maker:
    rng: random.Random
    faker: Faker
    until: date
    numbers: int = 0
    second_stage: list[_Unit] = field(default_factory=list)

    @property
    def start(self) -> date:
        return self.until - timedelta(days=365 * YEARS)

    def services(self) -> AccommodationChunk:
        chunk = AccommodationChunk()
        for name, kind, funding, *_ in UNIT_SERVICES:
            chunk.provider.rows["accommodation_services"].append(_service_row(name, kind, funding))
        chunk.provider.rows["accommodation_services"].append(
            {
                **_service_row(SANCTUARY_SERVICE, "sanctuary_scheme", "part4_grant"),
                "sanctuary_places": "40",
            }
        )
        kind, funding, _ = SECOND_STAGE
        chunk.partner.rows["accommodation_services"].append(
            _service_row(PARTNER_SERVICE, kind, funding)
        )
        for number in range(1, SECOND_STAGE_UNITS + 1):
            unit = _Unit(PARTNER_SERVICE, f"Flat {number}", self._beds(), True)
            self.second_stage.append(unit)
            chunk.partner.rows["accommodation_units"].append(self._unit_row(unit))
        return chunk

    def units(self, households_a_year: int) -> list[_Unit]:
        """Enough units for the unit-based share of the households, each unit's row in
        the chunk of its first stay."""
        placed = households_a_year * (1 - SANCTUARY_SHARE)
        units = []
        for name, _, _, share, (shortest, longest), older_boys in UNIT_SERVICES:
            turns_a_year = 365 / ((shortest + longest) / 2 + sum(ENDS_WITH_DAYS_EMPTY) / 2)
            count = max(1, round(placed * share / turns_a_year))
            units += [
                _Unit(name, f"Unit {number}", self._beds(), self.rng.random() < older_boys)
                for number in range(1, count + 1)
            ]
        return units

    def fill(self, chunk: AccommodationChunk, unit: _Unit) -> None:
        """The unit's row and its households, one after another from three years ago."""
        chunk.provider.rows["accommodation_units"].append(self._unit_row(unit))
        service = next(row for row in UNIT_SERVICES if row[0] == unit.service)
        shortest, longest = service[4]
        moved_in = self.start + timedelta(days=self.rng.randint(0, 30))
        while moved_in < self.until:
            moved_out = moved_in + timedelta(days=self.rng.randint(shortest, longest))
            ends = moved_out < self.until
            stay = Span(moved_in, moved_out if ends else None)
            self._household(chunk, chunk.provider, unit, stay, refuge=service[1] in REFUGES)
            self._unmet(chunk, unit.service, moved_in)
            if not ends:
                break
            moved_in = moved_out + timedelta(days=self.rng.randint(*ENDS_WITH_DAYS_EMPTY))

    def sanctuary(self, chunk: AccommodationChunk) -> None:
        moved_in = self.start + timedelta(days=self.rng.randint(0, 365 * YEARS - 1))
        moved_out = moved_in + timedelta(days=self.rng.randint(20, 180))
        stay = Span(moved_in, moved_out if moved_out < self.until else None)
        unit = _Unit(SANCTUARY_SERVICE, "", 6, True)
        self._household(chunk, chunk.provider, unit, stay, refuge=False)

    def _household(
        self,
        chunk: AccommodationChunk,
        rows: Journeys,
        unit: _Unit,
        stay: Span,
        *,
        refuge: bool,
        lead: dict[str, str] | None = None,
        members: list[tuple[dict[str, str], bool]] | None = None,
    ) -> None:
        """One household's stay at ``unit`` (label empty at a sanctuary scheme): its people
        (``members`` again when they move on to the partner), the lead adult's case, the
        members with their support, why they left and where to."""
        self.numbers += 1
        number = self.numbers
        if members is None:
            members = self._members(stay.moved_in_on, unit)
        ids = []
        for index, (person, is_child) in enumerate(members):
            person_id = f"AP{number:07d}-{index}"
            rows.rows["people"].append({**person, "record_id": person_id})
            ids.append((person_id, is_child, person))
        case_id = f"AC{number:07d}"
        rows.rows["cases"].append(self._case(case_id, ids[0][0], unit.service, stay))
        leaving, destination, onward = self._leaving(stay, refuge)
        rows.rows["stays"].append(
            {
                "record_id": f"AS{number:07d}",
                "case_record_id": case_id,
                "moved_in_on": stay.moved_in_on.isoformat(),
                "unit_label": unit.label,
                "moved_out_on": stay.moved_out_on.isoformat() if stay.moved_out_on else "",
                "leaving_reason": leaving,
                "move_on_destination": destination,
                "from_out_of_area": "yes" if self.rng.random() < FROM_OUT_OF_AREA else "no",
            }
        )
        unit.spans.append(stay)
        for index, (person_id, is_child, person) in enumerate(ids):
            self._member(rows, number, index, person_id, is_child, person, stay)
        if onward is not None:
            self._onward(chunk, case_id, onward, members)

    def _members(self, moved_in: date, unit: _Unit) -> list[tuple[dict[str, str], bool]]:
        if self.rng.random() < MAN_ALONE:
            return [(self._adult(moved_in, female=False), False)]
        family_name = self.faker.last_name()
        adults = [(self._adult(moved_in, female=True, family_name=family_name), False)]
        if self.rng.random() < SECOND_ADULT and unit.bed_spaces > 1:
            adults.append((self._adult(moved_in, female=self.rng.random() < 0.5), False))
        room = unit.bed_spaces - len(adults)
        count = min(room, int(_weighted(self.rng, [(str(n), w) for n, w in CHILDREN])))
        children = [
            (self._child(moved_in, family_name, unit.takes_older_boys), True) for _ in range(count)
        ]
        return adults + children

    def _adult(self, moved_in: date, *, female: bool, family_name: str = "") -> dict[str, str]:
        age = self.rng.choices(
            [self.rng.randint(16, 24), self.rng.randint(25, 59), self.rng.randint(60, 80)],
            weights=[0.15, 0.8, 0.05],
        )[0]
        trans = self.rng.random() < TRANS
        return {
            "given_name": self.faker.first_name_female()
            if female
            else self.faker.first_name_male(),
            "family_name": family_name or self.faker.last_name(),
            "date_of_birth": _born(moved_in, age, self.rng).isoformat(),
            "sex": "female" if female else "male",
            "gender_same_as_birth": "no" if trans else "yes",
            "ethnicity": _weighted(self.rng, ETHNICITIES),
            "roles": "victim_survivor",
        }

    def _child(self, moved_in: date, family_name: str, older_boys: bool) -> dict[str, str]:
        female = self.rng.random() < 0.5
        age = self.rng.randint(0, 17 if female or older_boys else 11)
        return {
            "given_name": self.faker.first_name_female()
            if female
            else self.faker.first_name_male(),
            "family_name": family_name,
            "date_of_birth": _born(moved_in, age, self.rng).isoformat(),
            "sex": "female" if female else "male",
            "ethnicity": _weighted(self.rng, ETHNICITIES),
            "roles": "child_young_person",
        }

    def _case(self, case_id: str, person_id: str, service: str, stay: Span) -> dict[str, str]:
        referred = stay.moved_in_on - timedelta(days=self.rng.randint(0, 5))
        ended = stay.moved_out_on
        return {
            "record_id": case_id,
            "person_record_id": person_id,
            "service": service,
            "referral_source": self.rng.choice(
                ["police", "self", "specialist_da_service", "housing", "health"]
            ),
            "method_of_access": self.rng.choice(["helpline_call", "professional_referral"]),
            "referred_at": f"{referred.isoformat()} 09:00",
            "status": "closed" if ended else "open",
            "status_reason": "support_completed" if ended else "",
            "opened_at": f"{stay.moved_in_on.isoformat()} 12:00",
            "ended_at": f"{ended.isoformat()} 16:00" if ended else "",
            "abuse_types": "physical;controlling_or_coercive",
            "worked_by_idva": "no",
        }

    def _member(
        self,
        rows: Journeys,
        number: int,
        index: int,
        person_id: str,
        is_child: bool,
        person: dict[str, str],
        stay: Span,
    ) -> None:
        stay_id = f"AS{number:07d}"
        characteristics = [] if is_child else self._characteristics(person, stay.moved_in_on)
        rows.rows["stay_members"].append(
            {
                "record_id": f"AM{number:07d}-{index}",
                "stay_record_id": stay_id,
                "person_record_id": person_id,
                "member": "child" if is_child else "adult",
                "characteristics": ";".join(characteristics),
            }
        )
        shares = dict(CHILD_SUPPORT if is_child else ADULT_SUPPORT)
        if characteristics and not is_child:
            shares["protected_characteristics"] = 0.5
        last = stay.moved_out_on or self.until
        for kind, share in shares.items():
            if self.rng.random() >= share:
                continue
            started = stay.moved_in_on + timedelta(
                days=self.rng.randint(0, min(14, (last - stay.moved_in_on).days))
            )
            rows.rows["stay_support"].append(
                {
                    "record_id": f"AH{number:07d}-{index}-{kind}",
                    "stay_record_id": stay_id,
                    "person_record_id": person_id,
                    "kind": kind,
                    "started_on": started.isoformat(),
                    "note": "",
                }
            )

    def _characteristics(self, person: dict[str, str], moved_in: date) -> list[str]:
        found = [code for code, share in CHARACTERISTICS.items() if self.rng.random() < share]
        age = (moved_in - date.fromisoformat(person["date_of_birth"])).days // 365
        found += ["older"] if age >= 60 else ["young"] if age < 25 else []
        found += ["male"] if person["sex"] == "male" else []
        trans = person.get("gender_same_as_birth") == "no"
        found += ["lgbt_plus"] if trans and "lgbt_plus" not in found else []
        return found

    def _leaving(self, stay: Span, refuge: bool) -> tuple[str, str, date | None]:
        """Why they left, where to, and the day they move into the partner's flats when
        they go there."""
        if stay.moved_out_on is None:
            return "", "", None
        reason = _weighted(self.rng, LEAVING)
        if reason != "moved_on":
            other = reason == "moved_to_other_safe_accommodation"
            return reason, "other_safe_accommodation" if other else "", None
        if refuge and self.rng.random() < TO_SECOND_STAGE:
            return reason, "other_safe_accommodation", stay.moved_out_on
        return reason, _weighted(self.rng, DESTINATIONS), None

    def _onward(
        self,
        chunk: AccommodationChunk,
        case_id: str,
        moved_in: date,
        members: list[tuple[dict[str, str], bool]],
    ) -> None:
        """The household referred on to the partner's flats and accepted, if a flat big
        enough is free from the day they leave the refuge."""
        kind_range = SECOND_STAGE[2]
        moved_out = moved_in + timedelta(days=self.rng.randint(*kind_range))
        stay = Span(moved_in, moved_out if moved_out < self.until else None)
        free = [
            unit
            for unit in self.second_stage
            if unit.bed_spaces >= len(members) and not any(stay.overlaps(s) for s in unit.spans)
        ]
        if not free:
            return
        self._household(chunk, chunk.partner, free[0], stay, refuge=False, members=members)
        chunk.referrals.append(
            {
                "record_id": f"AR{self.numbers:07d}",
                "case_record_id": case_id,
                "referred_at": f"{(moved_in - timedelta(days=14)).isoformat()} 10:00",
                "to_service": PARTNER_SERVICE,
                "summary": "Ready to move on from refuge; needs a second-stage flat",
                "consent_given_on": (moved_in - timedelta(days=14)).isoformat(),
                "status": "accepted",
                "decided_at": f"{(moved_in - timedelta(days=7)).isoformat()} 10:00",
                "receiving_case_record_id": f"AC{self.numbers:07d}",
            }
        )

    def _unmet(self, chunk: AccommodationChunk, service: str, around: date) -> None:
        while self.rng.random() < UNMET_PER_HOUSEHOLD / (1 + UNMET_PER_HOUSEHOLD):
            self.numbers += 1
            referred = min(around + timedelta(days=self.rng.randint(-30, 30)), self.until)
            adult = self._adult(around, female=self.rng.random() > MAN_ALONE)
            chunk.provider.rows["unmet_need"].append(
                {
                    "record_id": f"AN{self.numbers:07d}",
                    "service": service,
                    "referred_on": max(referred, self.start).isoformat(),
                    "reason": _weighted(self.rng, UNMET_REASONS),
                    "adults": "1",
                    "children": _weighted(self.rng, [(str(n), w) for n, w in CHILDREN]),
                    "characteristics": ";".join(self._characteristics(adult, around)),
                    "from_out_of_area": "yes" if self.rng.random() < FROM_OUT_OF_AREA else "no",
                }
            )

    def _beds(self) -> int:
        return int(_weighted(self.rng, [(str(n), w) for n, w in BED_SPACES]))

    def _unit_row(self, unit: _Unit) -> dict[str, str]:
        return {
            "record_id": f"AU-{unit.service}-{unit.label}",
            "service": unit.service,
            "label": unit.label,
            "bed_spaces": str(unit.bed_spaces),
            "accessible": "yes" if self.rng.random() < 0.15 else "no",
            "takes_older_boys": "yes" if unit.takes_older_boys else "no",
            "takes_pets": "yes" if self.rng.random() < 0.1 else "no",
            "groups": "",
        }


def _service_row(name: str, kind: str, funding: str) -> dict[str, str]:
    return {
        "record_id": f"AA-{name}",
        "service": name,
        "accommodation_type": kind,
        "funding_source": funding,
        "commissioned": "yes",
        "sanctuary_places": "",
    }


def _born(on: date, age: int, rng: random.Random) -> date:
    return on - timedelta(days=age * 365 + rng.randint(0, 364))
