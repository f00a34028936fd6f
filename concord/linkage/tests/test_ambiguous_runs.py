"""A run never links automatically a record that could be either of two people of one
household: its pairs are held and queued for review as household pairs."""

from __future__ import annotations

import pytest

from concord.linkage import engine, households
from concord.linkage.models import ReviewPair
from concord.linkage.tests.helpers import FakeScored, FixedScores, person_of, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother_daughter_and_undated(monkeypatch, settings, five):
    """a and e are a mother and daughter (held: age gap); d, with no date of birth, scores
    0.99 with both; b is a's other record."""
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 0
    monkeypatch.setattr(engine, "train", lambda records, **options: '{"fixed": true}')
    table = {("a", "b"): 0.99, ("a", "d"): 0.995, ("d", "e"): 0.995, ("a", "e"): 0.97}
    pairs = FixedScores(five, table).pairs
    a, e = str(five[0].key), str(five[4].key)

    def score(records, model_json, **options):
        found = FakeScored(pairs)
        found.held = {(min(a, e), max(a, e)): "age_gap"}
        return found

    def rules_for(records):
        undated = str(five[3].key)
        return households.Rules(
            apart=lambda first, second: None,
            blind=lambda record_id, first, second, reason: record_id == undated,
            contradicts=lambda members: False,
        )

    monkeypatch.setattr(engine, "score", score)
    monkeypatch.setattr(households, "rules_for", rules_for)


def test_a_record_that_could_be_either_is_linked_to_neither_and_reviewed(
    analyst, five, mother_daughter_and_undated
):
    a, b, _, d, e = five

    done = run(analyst)

    assert person_of(a) == person_of(b)
    assert len({person_of(a), person_of(d), person_of(e)}) == 3
    reasons = {
        frozenset((str(p.left_id), str(p.right_id))): p.reason for p in ReviewPair.objects.all()
    }
    household = ReviewPair.Reason.HOUSEHOLD
    assert reasons == {
        frozenset((str(a.key), str(e.key))): household,
        frozenset((str(a.key), str(d.key))): household,
        frozenset((str(d.key), str(e.key))): household,
    }
    assert done.held_pairs == 3
