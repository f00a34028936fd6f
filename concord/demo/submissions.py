"""The demo police force's partnership data: a file of incidents, of court outcomes and of
protection orders for each of the last four quarters that have ended, sent as a data
officer would send them and checked the way every file is (concord.submissions.services).
The people are synthetic (concord.synthetic.identities), some on several rows with the
differences agencies make, so that linkage and the partnership report have work to do.
The files follow the current schema version (3): some people's addresses are recorded, some
with their UPRN, a few people have other names, and a victim in a refuge has her address
withheld (and no postcode), as the force would send them.

Idempotent: a quarter's file of a kind that was sent before is not sent again.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from concord.accounts.models import Membership
from concord.domain.periods import Quarter
from concord.submissions import services
from concord.submissions.models import Submission
from concord.submissions.schema import (
    COURT_OUTCOME,
    COURT_OUTCOMES,
    CURRENT,
    INCIDENT,
    OPTIONAL_IDENTIFIERS,
    PROTECTION_ORDER,
    SUCCESSFUL_COURT_OUTCOMES,
)
from concord.synthetic.identities import generate_identities

QUARTERS = 4
#: Rows per quarter's file of each kind.
ROWS = {INCIDENT: 60, COURT_OUTCOME: 16, PROTECTION_ORDER: 8}
REPEATS = 0.3  # incidents the force flags as repeats
NOT_KNOWN = 0.1  # incidents without a repeat flag
CONVICTIONS = 0.75  # court outcomes that are convictions
SEX_CODES = {"F": "female", "M": "male"}
REFUGE = 0.1  # victims in a refuge: their address withheld
ADDRESSED = 0.6  # people whose address the force recorded
UPRNS = 0.5  # addressed people whose address also has its UPRN
OTHER_NAMES = 0.12  # people with another name on record
ESTIMATED_DOB = 0.05  # people whose date of birth is an estimate
#: Streets and the towns about Leicester they are given in; house numbers are drawn.
STREETS = (
    ("Narborough Road", "Leicester"),
    ("Belgrave Gate", "Leicester"),
    ("Melton Road", "Leicester"),
    ("Evington Road", "Leicester"),
    ("Saffron Lane", "Leicester"),
    ("Humberstone Road", "Leicester"),
    ("Blaby Road", "Wigston"),
    ("Leicester Road", "Oadby"),
)
#: Names a person may be known by beside their own: a family name before marriage, a name
#: they go by.
OTHER_NAMES_GIVEN = ("Begum", "Patel", "Smith", "Nowak", "Ali", "Shaz", "Jess", "Kay")


def send_demo_files(officer: Membership) -> None:
    """The files of the last ``QUARTERS`` quarters not sent before, each checked at once."""
    newest = services.last_quarter()
    for back in range(QUARTERS):
        quarter = newest.shifted(-back)
        for kind in ROWS:
            if not Submission.objects.filter(
                agency=officer.agency, kind=kind, period_first=quarter.first
            ).exists():
                _send(officer, quarter, kind, seed=quarter.year * 10 + quarter.number)


def _send(officer: Membership, quarter: Quarter, kind: str, seed: int) -> None:
    received = Path(settings.DATA_DIR) / "submissions"
    received.mkdir(parents=True, exist_ok=True)
    path = received / f"demo-{kind}-{quarter}.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CURRENT.names))
        writer.writeheader()
        writer.writerows(_rows(officer.agency.slug, quarter, kind, seed))
    submission = Submission.objects.create(
        agency=officer.agency,
        submitted_by=officer.user,
        kind=kind,
        period_first=quarter.first,
        period_last=quarter.last,
        filename=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        file=path.name,
    )
    services.process_submission(submission)


def _rows(agency: str, quarter: Quarter, kind: str, seed: int) -> Iterator[dict[str, str]]:
    rng = random.Random(f"{seed}-{kind}")  # noqa: S311 - reproducible demo data, no secret
    people = generate_identities(ROWS[kind] * 2, seed=seed)
    days = (quarter.last - quarter.first).days + 1
    for number in range(ROWS[kind]):
        victim, harmer = next(people), next(people)
        yield {
            "schema_version": CURRENT.version,
            "agency": agency,
            "record_id": f"{kind[:3].upper()}-{quarter}-{number}",
            "kind": kind,
            "occurred_on": (quarter.first + timedelta(days=rng.randrange(days))).isoformat(),
            **_identifiers("victim", victim, seed),
            **_identifiers("harmer", harmer, seed),
            "relationship": rng.choice(["current_partner", "ex_partner", "family_member"]),
            "abuse_types": "physical;controlling_or_coercive",
            "area": rng.choice(["LE1", "LE2", "LE3", "LE4", "LE5"]),
            **_kind_columns(rng, kind),
        }


def _identifiers(role: str, person: dict[str, str], seed: int) -> dict[str, str]:
    found = {
        f"{role}_{name}": person[name]
        for name in ("given_name", "family_name", "dob", "postcode", "phone")
    }
    found[f"{role}_sex"] = SEX_CODES.get(person["sex"], "")
    return found | {
        f"{role}_{name}": value for name, value in _more_identifiers(role, person, seed).items()
    }


def _more_identifiers(role: str, person: dict[str, str], seed: int) -> dict[str, str]:
    """Version 3's identifiers of one person, drawn from the person (not the record), so
    that every record of them in a file carries the same address, UPRN and other names."""
    rng = random.Random(f"{seed}-{person['person_id']}")  # noqa: S311 - demo data, no secret
    found = dict.fromkeys(OPTIONAL_IDENTIFIERS, "")
    if rng.random() < OTHER_NAMES:
        found["other_names"] = rng.choice(OTHER_NAMES_GIVEN)
    if person["dob"] and rng.random() < ESTIMATED_DOB:
        found["dob_estimated"] = "yes"
    if role == "victim" and rng.random() < REFUGE:
        return found | {"address_withheld": "yes", "postcode": ""}
    if rng.random() < ADDRESSED:
        street, town = rng.choice(STREETS)
        found |= {"address_line_1": f"{rng.randrange(1, 240)} {street}", "town": town}
        if rng.random() < UPRNS:
            found["uprn"] = str(rng.randrange(10**9, 10**10))
    return found


def _kind_columns(rng: random.Random, kind: str) -> dict[str, str]:
    if kind == COURT_OUTCOME:
        unsuccessful = [code for code, _ in COURT_OUTCOMES if code not in SUCCESSFUL_COURT_OUTCOMES]
        pool = SUCCESSFUL_COURT_OUTCOMES if rng.random() < CONVICTIONS else unsuccessful
        return {"court_outcome": rng.choice(list(pool))}
    if kind == PROTECTION_ORDER:
        return {"order_type": rng.choice(["dvpn", "dvpo", "non_molestation", "restraining"])}
    draw = rng.random()
    repeat = "not_known" if draw < NOT_KNOWN else "yes" if draw < NOT_KNOWN + REPEATS else "no"
    return {
        "repeat": repeat,
        "children_present": rng.choice(["yes", "no", "not_known"]),
        "outcome": rng.choice(["arrest", "charge", "no_further_action", "advice_given"]),
    }
