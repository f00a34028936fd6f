"""Helpers of the linkage tests: identities in the vault, and a scorer with fixed pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from concord.linkage import engine, services
from concord.linkage.models import LinkageRun, PersonLink, RunStatus
from concord.submissions import vault
from concord.submissions.models import Identity

IDENTIFIERS = ("given_name", "family_name", "dob", "sex", "postcode", "phone")


def identity(agency, record_id: str, **identifiers: str) -> Identity:
    return Identity.objects.create(
        agency=agency,
        kind="incident",
        record_id=record_id,
        role="victim",
        sealed=vault.seal_identifiers(vault.Identifiers(**identifiers)),
    )


class FixedScores:
    """A stand-in for the engine's scorer: the pairs of a table, by record id."""

    def __init__(self, identities: list[Identity], scores: Mapping[tuple[str, str], float]):
        key = {i.record_id: str(i.key) for i in identities}
        self.pairs: list[tuple[str, str, float]] = []
        for (a, b), probability in scores.items():
            left, right = sorted((key[a], key[b]))
            self.pairs.append((left, right, probability))

    def __call__(self, records: Iterable[Any], model_json: str, **options: Any) -> engine.Scored:
        return FakeScored(self.pairs)


class FakeScored(engine.Scored):
    def __init__(self, pairs: list[tuple[str, str, float]]) -> None:
        super().__init__(pairs=pairs, candidates=len(pairs), seconds=0.0)

    def blocked_among(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        scored = {(a, b) for a, b, _ in self.pairs}
        return {pair for pair in pairs if pair in scored}


def run(membership, **options) -> LinkageRun:
    started = services.start_run(membership, **options)
    started.refresh_from_db()
    assert started.status == RunStatus.DONE, started.problem
    return started


def person_of(found: Identity) -> str:
    return PersonLink.objects.get(identity_id=found.key).person.label
