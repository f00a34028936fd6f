"""A run never links automatically a record that could be either of two people of one
household: its pairs are held and queued for review as household pairs. Nor a record
lacking a date of birth without the person's own evidence (CONCORD_LINKAGE_REQUIRE_EVIDENCE)."""

from __future__ import annotations

import pytest

from concord.linkage import engine, households
from concord.linkage.models import ReviewPair
from concord.linkage.tests.helpers import FakeScored, FixedScores, identity, person_of, run

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
            unproven=lambda first, second: False,
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


LANDLINE, MOBILE = "0116 249 6000", "07700 900123"


@pytest.fixture
def mother_and_an_undated_namesake(monkeypatch, settings, agency_a, agency_b):
    """Aisha Khan, born 1975, twice; and an Aisha Khan with no date of birth at the same
    home, who may be her or the daughter named after her (whose records the partnership
    has never seen). Each pair scores 0.995."""
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 0
    monkeypatch.setattr(engine, "train", lambda records, **options: '{"fixed": true}')
    aisha = {"given_name": "Aisha", "family_name": "Khan", "postcode": "LE1 6FT", "sex": "F"}
    people = [
        identity(agency_a, "mum", dob="1975-06-11", phone=MOBILE, **aisha),
        identity(agency_b, "mum2", dob="11/06/1975", phone=LANDLINE, **aisha),
    ]
    scores = {("mum", "mum2"): 0.995, ("mum", "undated"): 0.995, ("mum2", "undated"): 0.995}

    def records(phone):
        undated = identity(agency_b, "undated", dob="", phone=phone, **aisha)
        monkeypatch.setattr(engine, "score", FixedScores([*people, undated], scores))
        return [*people, undated]

    return records


def test_an_undated_record_without_the_persons_own_evidence_is_reviewed_not_linked(
    analyst, mother_and_an_undated_namesake
):
    mum, mum2, undated = mother_and_an_undated_namesake(LANDLINE)

    done = run(analyst)

    assert person_of(mum) == person_of(mum2) != person_of(undated)
    queued = {
        frozenset((str(p.left_id), str(p.right_id))): p.reason for p in ReviewPair.objects.all()
    }
    assert queued == {
        frozenset((str(mum.key), str(undated.key))): ReviewPair.Reason.HOUSEHOLD,
        frozenset((str(mum2.key), str(undated.key))): ReviewPair.Reason.HOUSEHOLD,
    }
    assert done.held_pairs == 2


def test_an_undated_record_with_the_same_mobile_links(analyst, mother_and_an_undated_namesake):
    mum, mum2, undated = mother_and_an_undated_namesake(MOBILE.replace("07", "+44 7", 1))

    run(analyst)

    assert person_of(mum) == person_of(mum2) == person_of(undated)
    assert not ReviewPair.objects.exists()


def test_a_partnership_may_link_undated_records_on_their_score(
    analyst, settings, mother_and_an_undated_namesake
):
    settings.CONCORD_LINKAGE_REQUIRE_EVIDENCE = False
    mum, mum2, undated = mother_and_an_undated_namesake(LANDLINE)

    done = run(analyst)

    assert person_of(mum) == person_of(mum2) == person_of(undated)
    assert done.held_pairs == 0
