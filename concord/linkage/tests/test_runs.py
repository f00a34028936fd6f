"""Linkage runs over the vault's identities: partnership IDs that stay put from run to run,
reviewers' decisions that overrule the model, splits with their history, quality from the
labelled pairs, and who may do what.

One test runs the real engine (Splink on DuckDB) over a small synthetic set; the others
score with a fixed table of pairs, so that each rule is tested on pairs chosen for it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.core.models import AuditEvent
from concord.linkage import engine, services
from concord.linkage.models import (
    Decision,
    LinkageRun,
    LinkChange,
    PartnershipPerson,
    PersonLink,
    ReviewPair,
    RunStatus,
)
from concord.linkage.tests.helpers import IDENTIFIERS, FixedScores, identity, person_of, run
from concord.synthetic.identities import generate_identities

pytestmark = pytest.mark.django_db


def test_a_run_gives_one_partnership_id_per_person_and_queues_the_uncertain_pair(
    analyst, five, scored
):
    done = run(analyst)

    a, b, c, d, e = (person_of(i) for i in five)
    assert a == b == c
    assert len({a, d, e}) == 3
    assert (done.records, done.people, done.new_ids, done.to_review) == (5, 3, 3, 1)
    assert done.trained and done.model is not None
    [waiting] = ReviewPair.objects.all()
    assert {waiting.left_id, waiting.right_id} == {five[0].key, five[3].key}
    assert LinkChange.objects.filter(reason="new").count() == 5


def test_the_next_run_keeps_every_id_and_reuses_the_model(analyst, five, scored):
    first = run(analyst)
    before = {i.record_id: person_of(i) for i in five}

    second = run(analyst)

    assert {i.record_id: person_of(i) for i in five} == before
    assert (second.new_ids, second.changed_ids, second.retired_ids) == (0, 0, 0)
    assert second.model == first.model and not second.trained


def test_a_model_made_by_an_earlier_engine_is_not_reused(monkeypatch, analyst, five, scored):
    first = run(analyst)

    def refuse(definition: str) -> str:
        raise ValueError("its comparisons are not this engine's")

    monkeypatch.setattr(engine, "checked_model", refuse)
    second = run(analyst)

    assert second.trained and second.model_source == "trained"
    assert first.model == second.model  # the same training gives the same version


def test_a_decision_takes_effect_at_once_and_overrules_every_later_run(
    analyst, reviewer, five, scored
):
    run(analyst)
    pair = ReviewPair.objects.get()

    services.decide(reviewer, pair, same=True, note="Same NHS number on both letters")
    assert person_of(five[0]) == person_of(five[3])
    again = run(analyst)

    assert person_of(five[0]) == person_of(five[3])
    assert again.to_review == 0  # decided pairs are not asked again
    assert (again.labelled_pairs, again.precision, again.recall) == (1, None, 0.0)


def test_a_wrong_link_is_split_with_its_history_and_stays_split(analyst, reviewer, five, scored):
    run(analyst)
    sarah = PersonLink.objects.get(identity_id=five[0].key).person

    parted = services.split(reviewer, sarah, [five[2]])
    again = run(analyst)

    assert person_of(five[2]) == parted.label != person_of(five[0])
    assert person_of(five[0]) == person_of(five[1]) == sarah.label
    assert Decision.objects.filter(same=False, note="Split").count() == 2
    change = LinkChange.objects.get(identity_id=five[2].key, reason="split")
    assert (change.old_person, change.new_person, change.changed_by) == (
        sarah,
        parted,
        reviewer.user,
    )
    assert again.changed_ids == 0
    assert AuditEvent.objects.filter(action="linkage.person_split").exists()


def test_a_different_decision_parts_two_linked_records(
    analyst, reviewer, five, scored, monkeypatch
):
    monkeypatch.setattr(
        engine, "score", FixedScores(five, {("a", "b"): 0.99, ("b", "c"): 0.8, ("a", "c"): 0.6})
    )
    run(analyst, threshold=0.7)  # a, b and c linked; a-c waits for review
    pair = ReviewPair.objects.get()

    services.decide(reviewer, pair, same=False)
    run(analyst, threshold=0.7)

    assert person_of(five[0]) != person_of(five[2])


def test_a_decision_that_contradicts_earlier_ones_is_refused(analyst, reviewer, five, scored):
    run(analyst)
    a, b, _, d = (str(i.key) for i in five[:4])
    Decision.objects.create(left_id=a, right_id=d, same=True, decided_by=reviewer.user)
    Decision.objects.create(left_id=b, right_id=d, same=False, decided_by=reviewer.user)
    pair = ReviewPair.objects.create(
        run=LinkageRun.objects.first(), left_id=a, right_id=b, probability=0.6
    )

    with pytest.raises(ValidationError, match="Earlier decisions say otherwise"):
        services.decide(reviewer, pair, same=True)
    assert Decision.objects.count() == 2


@pytest.mark.parametrize(("threshold", "floor"), [(0.5, 0.5), (0.4, 0.6), (1.0, 0.5), (0.9, 0.0)])
def test_a_run_needs_a_review_band_below_the_threshold(analyst, threshold, floor):
    with pytest.raises(ValidationError):
        services.start_run(analyst, threshold=threshold, review_floor=floor)
    assert not LinkageRun.objects.exists()


@pytest.mark.parametrize("persona", ["idva", "manager_a", "commissioner", "system_admin"])
def test_other_roles_may_not_run_linkage(request, persona):
    with pytest.raises(PermissionDenied):
        services.start_run(request.getfixturevalue(persona))


def test_only_reviewers_decide_and_split(analyst, five, scored):
    run(analyst)
    person = PartnershipPerson.objects.first()

    with pytest.raises(PermissionDenied):
        services.decide(analyst, ReviewPair.objects.get(), same=True)
    with pytest.raises(PermissionDenied):
        services.split(analyst, person, five[:1])


def test_a_failed_run_says_so_without_quoting_a_record(analyst, five, monkeypatch):
    def broken(records, model_json, **options):
        raise RuntimeError(f"cannot read {next(iter(records))}")

    monkeypatch.setattr(engine, "score", broken)

    started = services.start_run(analyst)
    started.refresh_from_db()

    assert started.status == RunStatus.FAILED
    assert started.problem == "The run stopped: RuntimeError"
    assert not PersonLink.objects.exists()


def test_the_real_engine_links_a_small_synthetic_partnership(analyst, agency_a):
    truth = {}
    for row in generate_identities(400, seed=7):
        found = identity(agency_a, row["record_id"], **{k: row[k] for k in IDENTIFIERS})
        truth[str(found.key)] = row["person_id"]

    done = run(analyst, retrain=True)

    links = {
        str(key): number
        for key, number in PersonLink.objects.values_list("identity_id", "person__number")
    }
    same_person = {(a, b) for a in truth for b in truth if a < b and truth[a] == truth[b]}
    found_together = sum(1 for a, b in same_person if links[a] == links[b])
    assert done.records == 400
    assert done.people < 400
    assert found_together / len(same_person) > 0.9


def test_a_run_with_no_records_says_what_comes_first(analyst):
    started = services.start_run(analyst)
    started.refresh_from_db()

    assert started.status == RunStatus.FAILED
    assert started.problem.startswith("There are not enough records to link yet")
