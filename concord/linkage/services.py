"""Every write of the linkage app: starting a run and running it, a reviewer's decision
about a pair, splitting a wrong link. Runs read identifiers from the vault only through
``vault.identities_for_linkage``; nothing identifying is written here or logged."""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from concord.accounts.models import Membership, User
from concord.core import audit
from concord.linkage import calibration, clusters, engine, evaluation, ids, linking, shipped
from concord.linkage.models import (
    Decision,
    LinkageCalibration,
    LinkageModel,
    LinkageRun,
    LinkChange,
    ModelSource,
    PartnershipPerson,
    PersonLink,
    ReviewPair,
    RunStatus,
)
from concord.submissions import vault
from concord.submissions.models import Identity

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.9
DEFAULT_REVIEW_FLOOR = 0.5
DEFAULT_MAX_CLUSTER_SIZE = 20
# A run links one record or more: one record is a person of their own (no pair to score).
MINIMUM_RECORDS = 1
# Rows a statement and a transaction: the results are written in short transactions (about
# 0.15 s for 1,000 rows on SQLite) so a run never holds the write lock for long.
BATCH = 1000


class NothingToLink(Exception):
    """No records at all: nothing to link."""


def _require(membership: Membership, rule: str) -> None:
    if not rules.test_rule(rule, membership):
        raise PermissionDenied


# Runs -----------------------------------------------------------------------------------------


@transaction.atomic
def start_run(
    membership: Membership,
    *,
    threshold: float | None = None,
    review_floor: float | None = None,
    max_cluster_size: int | None = None,
    retrain: bool = False,
) -> LinkageRun:
    """Queue a run; the worker carries it out (``concord.linkage.tasks``). Values not given
    come from the latest calibration (else Concord's defaults); the run records the
    calibration when it runs with that calibration's values."""
    from concord.linkage.tasks import run_linkage

    _require(membership, "linkage.run")
    latest = LinkageCalibration.objects.first()
    chosen = run_settings(latest)
    threshold = chosen.threshold if threshold is None else threshold
    review_floor = chosen.review_floor if review_floor is None else review_floor
    max_cluster_size = chosen.max_cluster_size if max_cluster_size is None else max_cluster_size
    _check_settings(threshold, review_floor, max_cluster_size)
    if LinkageRun.objects.filter(status__in=[RunStatus.WAITING, RunStatus.RUNNING]).exists():
        raise ValidationError("A run is already under way: wait for it to finish")
    used = latest is not None and run_settings(latest) == RunSettings(
        threshold, review_floor, max_cluster_size
    )
    run = LinkageRun.objects.create(
        started_by=membership.user,
        threshold=threshold,
        review_floor=review_floor,
        max_cluster_size=max_cluster_size,
        retrain=retrain,
        calibration=latest if used else None,
    )
    audit.record("linkage.run_started", actor=membership.user, agency=membership.agency, target=run)
    run_linkage.enqueue(str(run.pk))
    return run


@dataclass(frozen=True)
class RunSettings:
    threshold: float
    review_floor: float
    max_cluster_size: int


def run_settings(chosen: LinkageCalibration | None = None) -> RunSettings:
    """The values a run takes when none are given: the calibration's, else the defaults."""
    if chosen is None:
        return RunSettings(DEFAULT_THRESHOLD, DEFAULT_REVIEW_FLOOR, DEFAULT_MAX_CLUSTER_SIZE)
    return RunSettings(chosen.threshold, chosen.review_floor, chosen.max_cluster_size)


def _check_settings(threshold: float, review_floor: float, max_cluster_size: int) -> None:
    if not 0 < review_floor < threshold < 1:
        raise ValidationError(
            {"threshold": "The review band must start below the threshold, both between 0 and 1"}
        )
    if max_cluster_size < 2:
        raise ValidationError({"max_cluster_size": "A person may have 2 or more records"})


# Calibration ----------------------------------------------------------------------------------


def labelled_pairs() -> list[tuple[float, bool]]:
    """Each decided review pair as (the score of the run that queued it, the same person).
    Household pairs are left out: no threshold links them automatically, so they say
    nothing of how good a threshold is."""
    return [
        (probability, same)
        for probability, same in ReviewPair.objects.filter(decision__isnull=False)
        .exclude(reason=ReviewPair.Reason.HOUSEHOLD)
        .order_by("created_at")
        .values_list("probability", "decision__same")
    ]


def current_curve() -> calibration.Curve:
    """The curve from every decided review pair, with the configured target and minimum."""
    return calibration.curve(
        labelled_pairs(),
        target=settings.CONCORD_LINKAGE_PRECISION_TARGET_PERCENT / 100,
        minimum=settings.CONCORD_LINKAGE_MINIMUM_DECISIONS,
    )


@transaction.atomic
def calibrate(
    membership: Membership,
    *,
    threshold: float,
    review_floor: float,
    max_cluster_size: int,
    note: str = "",
) -> LinkageCalibration:
    """The analyst's choice of thresholds, with what the decisions estimate of it: the runs
    started after it use these values."""
    _require(membership, "linkage.calibrate")
    _check_settings(threshold, review_floor, max_cluster_size)
    labelled = labelled_pairs()
    at = calibration.at_threshold(labelled, threshold)
    chosen = LinkageCalibration.objects.create(
        threshold=threshold,
        review_floor=review_floor,
        max_cluster_size=max_cluster_size,
        decisions=len(labelled),
        precision=at.precision,
        recall=at.recall,
        chosen_by=membership.user,
        note=note.strip(),
    )
    audit.record(
        "linkage.calibrated", actor=membership.user, agency=membership.agency, target=chosen
    )
    return chosen


def _stage(run: LinkageRun, stage: str, status: str = RunStatus.RUNNING) -> None:
    run.stage, run.status = stage, status
    LinkageRun.objects.filter(pk=run.pk).update(stage=stage, status=status)


def execute(run: LinkageRun) -> LinkageRun:
    """Carry a waiting run out: train or reuse the model, score, cluster with the reviewers'
    decisions, give partnership IDs, queue the uncertain pairs and measure the quality."""
    started = time.perf_counter()
    try:
        _stage(run, "Reading the records")
        records = [
            {"record_id": str(found.key), **asdict(found.identifiers)}
            for found in vault.identities_for_linkage()
        ]
        run.records = len(records)
        if len(records) < MINIMUM_RECORDS:
            raise NothingToLink
        run.model, run.trained = _model_for(run, records)
        _stage(run, "Scoring pairs of records")
        scored = engine.score(
            records,
            run.model.definition,
            floor=run.review_floor,
            keep_candidates=True,
        )
        try:
            _stage(run, "Giving partnership IDs")
            _apply(run, records, scored)
        finally:
            scored.close()
    except NothingToLink:
        run.problem = "There are not enough records to link yet: agencies' files come first"
        run.status, run.stage = RunStatus.FAILED, ""
    except Exception as error:
        # The run's id and the error's type only: a message or traceback may quote a record.
        log.error("Linkage run %s failed: %s", run.pk, type(error).__name__)
        run.problem = f"The run stopped: {type(error).__name__}"
        run.status, run.stage = RunStatus.FAILED, ""
    else:
        run.status, run.stage = RunStatus.DONE, ""
    run.seconds = round(time.perf_counter() - started, 1)
    run.finished_at = timezone.now()
    run.save()
    audit.record("linkage.run_finished", actor=run.started_by, target=run, reason=run.status)
    return run


def _current(model: LinkageModel) -> bool:
    """Whether a stored model is one of this engine's (a model made by an earlier version of
    Concord, with other comparisons, cannot score today's records: a new one is chosen)."""
    try:
        engine.checked_model(model.definition)
    except ValueError:
        return False
    return True


def _model_for(run: LinkageRun, records: Sequence[dict[str, str]]) -> tuple[LinkageModel, bool]:
    """The last model trained on the partnership's records, unless the run asks to retrain
    or there is none; else a model trained now, or, with too few records or when training
    fails, Concord's default model. The run records which and why (``model_source``,
    ``model_note``)."""
    latest = LinkageModel.objects.filter(shipped=False).first()
    if latest is not None and not run.retrain and _current(latest):
        run.model_source = ModelSource.REUSED
        run.model_note = f"The model trained on {latest.records:,} records was reused"
        return latest, False
    if len(records) >= shipped.TRAINING_MINIMUM:
        _stage(run, "Training the model")
    chosen = shipped.choose_model(records)
    run.model_source, run.model_note = chosen.source, chosen.note[:300]
    version = engine.model_version(chosen.model_json)
    if chosen.source == "default":
        model, _ = LinkageModel.objects.get_or_create(
            version=version,
            defaults={
                "definition": chosen.model_json,
                "records": int(shipped.metadata(chosen.model_json).get("records", 0)),
                "shipped": True,
            },
        )
        return model, False
    model, _ = LinkageModel.objects.get_or_create(
        version=version, defaults={"definition": chosen.model_json, "records": len(records)}
    )
    return model, True


@dataclass(frozen=True)
class Decided:
    same: list[tuple[str, str]]
    different: list[tuple[str, str]]


def decided() -> Decided:
    """The latest decision about each pair of records, as pairs of identity keys."""
    latest: dict[tuple[str, str], bool] = {}
    for left, right, same in Decision.objects.order_by("created_at").values_list(
        "left_id", "right_id", "same"
    ):
        latest[_pair(str(left), str(right))] = same
    return Decided(
        [pair for pair, same in latest.items() if same],
        [pair for pair, same in latest.items() if not same],
    )


def _pair(left: str, right: str) -> tuple[str, str]:
    return (left, right) if left < right else (right, left)


def _apply(run: LinkageRun, records: Sequence[dict[str, str]], scored: engine.Scored) -> None:
    """Cluster and give IDs outside any transaction, then write the results a batch at a
    time. A run stopped part-way leaves some links moved and others not; the next run
    starts from the links as they are and finishes the job.

    Pairs of one household (``scored.held``) are never linked automatically, nor a record
    that could be either of two people of one household (its pairs are held too); a person too
    large or holding two people by the household rules is split at a higher threshold, and
    the pairs cut go to review."""
    decisions = decided()
    linked = linking.link(
        [record["record_id"] for record in records],
        records,
        scored.pairs,
        scored.held,
        run.threshold,
        max_size=run.max_cluster_size,
        same=decisions.same,
        different=decisions.different,
        require_evidence=settings.CONCORD_LINKAGE_REQUIRE_EVIDENCE,
    )
    held, found = linked.held, linked.found
    previous = {
        str(identity): number
        for identity, number in PersonLink.objects.values_list("identity_id", "person__number")
    }
    assigned = ids.assign(found, previous, _issuer())
    _write_links(run, assigned, previous)
    queue = Queue(scored=scored.pairs, held=held, cut=linked.cut, found=found)
    _queue_reviews(run, queue, decisions)
    _measure(run, scored, decisions, held)
    run.candidates, run.pairs = scored.candidates, len(scored.pairs)
    run.people = len(set(assigned.ids.values()))
    run.placeholders = dict(scored.placeholders)
    run.held_pairs = len(held)
    run.split_clusters = linked.split
    run.matches_per_record = None if run.model is None else model_prior(run.model.definition)


def model_prior(model_json: str) -> float | None:
    """The prior the model estimated (other records of the same person per record); None
    for a model without it."""
    value = engine.model_metadata(model_json).get("matches_per_record")
    return float(value) if isinstance(value, int | float) else None


def _issuer() -> Callable[[], int]:
    highest = PartnershipPerson.objects.aggregate(top=Max("number"))["top"] or 0
    numbers = iter(range(highest + 1, highest + 10**9))
    return lambda: next(numbers)


def _write_links(run: LinkageRun, assigned: ids.Assigned, previous: dict[str, int]) -> None:
    with transaction.atomic():
        PartnershipPerson.objects.bulk_create(
            PartnershipPerson(number=number) for number in sorted(assigned.new)
        )
    numbers = set(assigned.ids.values()) | set(previous.values())
    people = {p.number: p for p in PartnershipPerson.objects.filter(number__in=numbers)}
    changes: list[LinkChange] = []
    new_links: list[PersonLink] = []
    moved: dict[int, list[str]] = defaultdict(list)  # new partnership ID -> record keys
    for key, number in assigned.ids.items():
        old = previous.get(key)
        if old == number:
            continue
        person = people[number]
        if old is None:
            new_links.append(PersonLink(identity_id=key, person=person, run=run))
            changes.append(LinkChange(identity_id=key, new_person=person, reason="new", run=run))
            continue
        moved[number].append(key)
        reason = LinkChange.Reason.MERGED if number not in assigned.new else LinkChange.Reason.SPLIT
        changes.append(
            LinkChange(
                identity_id=key, old_person=people[old], new_person=person, reason=reason, run=run
            )
        )
    _in_batches(PersonLink.objects.bulk_create, new_links)
    for number, keys in moved.items():  # only the links that change are touched
        for start in range(0, len(keys), BATCH):
            with transaction.atomic():
                PersonLink.objects.filter(identity_id__in=keys[start : start + BATCH]).update(
                    person=people[number], run=run
                )
    with transaction.atomic():
        PartnershipPerson.objects.filter(number__in=assigned.retired).update(
            retired_at=timezone.now()
        )
    _in_batches(LinkChange.objects.bulk_create, changes)
    run.new_ids, run.changed_ids, run.retired_ids = (
        len(assigned.new),
        sum(len(keys) for keys in moved.values()),
        len(assigned.retired),
    )


def _in_batches(create: Callable[[list[Any]], object], records: list[Any]) -> None:
    """Create ``records`` BATCH at a time, each batch in its own short transaction."""
    for start in range(0, len(records), BATCH):
        with transaction.atomic():
            create(records[start : start + BATCH])


@dataclass(frozen=True)
class Queue:
    """What a run hands to the review queue: every scored pair, the household pairs held
    back, the pairs cut from oversized people, and the clusters as they ended."""

    scored: Sequence[tuple[str, str, float]]
    held: dict[tuple[str, str], str]
    cut: Sequence[tuple[str, str, float]]
    found: dict[str, str]


def check_sample_size() -> int:
    return int(settings.CONCORD_LINKAGE_CHECK_SAMPLE)


def _queue_reviews(run: LinkageRun, queue: Queue, decisions: Decided) -> None:
    """Queue, once each and never a pair already decided: household pairs, pairs cut from
    oversized people, the review band's pairs, and a check sample of the automatic links
    (random, the same for the same run) so that the precision of the links can be
    estimated from reviewers' decisions too."""
    known = set(decisions.same) | set(decisions.different)
    reasons: dict[tuple[str, str], tuple[str, float]] = {}

    def add(left: str, right: str, probability: float, reason: str) -> None:
        pair = _pair(left, right)
        if pair not in known and pair not in reasons:
            reasons[pair] = (reason, probability)

    scores = {_pair(left, right): p for left, right, p in queue.scored}
    for pair in sorted(queue.held):
        probability = scores.get(pair)
        if probability is not None and probability >= run.review_floor:
            add(*pair, probability, ReviewPair.Reason.HOUSEHOLD)
    for left, right, probability in queue.cut:
        add(left, right, probability, ReviewPair.Reason.CLUSTER)
    for left, right, probability in queue.scored:
        if run.review_floor <= probability < run.threshold:
            add(left, right, probability, ReviewPair.Reason.UNCERTAIN)
    linked = sorted(
        (pair, p)
        for pair, p in scores.items()
        if p >= run.threshold
        and pair not in known
        and pair not in reasons
        and queue.found.get(pair[0]) == queue.found.get(pair[1])
    )
    chosen = random.Random(str(run.pk)).sample(linked, min(check_sample_size(), len(linked)))  # noqa: S311 - a sample, not a secret
    for (left, right), probability in chosen:
        add(left, right, probability, ReviewPair.Reason.CHECK)
    waiting = [
        ReviewPair(run=run, left_id=left, right_id=right, probability=p, reason=reason)
        for (left, right), (reason, p) in reasons.items()
    ]
    with transaction.atomic():
        ReviewPair.objects.filter(decision__isnull=True).exclude(run=run).delete()
    _in_batches(ReviewPair.objects.bulk_create, waiting)
    run.to_review = len(waiting)
    run.checked_links = len(chosen)


def _measure(
    run: LinkageRun, scored: engine.Scored, decisions: Decided, held: Mapping[tuple[str, str], str]
) -> None:
    """How good the run's automatic links are against the pairs people have decided (the
    labelled pairs): a labelled pair is predicted the same person when the model scores it
    at or above the threshold and the household rules do not hold it, whatever the
    decisions then made of it."""
    labelled = set(decisions.same) | set(decisions.different)
    run.labelled_pairs = len(labelled)
    if not decisions.same:
        return  # nothing to find: recall means nothing yet
    scores = {(left, right): p for left, right, p in scored.pairs}
    predicted = {
        pair for pair in labelled if scores.get(pair, 0.0) >= run.threshold and pair not in held
    }
    blocked = scored.blocked_among(decisions.same)
    quality = evaluation.evaluate(predicted, decisions.same, blocked=blocked)
    run.precision = quality.precision if predicted else None  # none linked: nothing to judge
    run.recall, run.f1 = quality.recall, quality.f1
    run.blocking_recall = quality.blocking_recall


# Decisions and splits -------------------------------------------------------------------------


@transaction.atomic
def decide(membership: Membership, pair: ReviewPair, *, same: bool, note: str = "") -> Decision:
    """A reviewer's decision about a pair; it takes effect now and overrides every later
    run: the same person joins their records under the older ID, different people are
    parted (the second record leaves for a new ID)."""
    _require(membership, "linkage.review")
    locked = ReviewPair.objects.select_for_update().get(pk=pair.pk)
    if locked.decision_id is not None:
        raise ValidationError("This pair has been decided already")
    _check_consistent(str(locked.left_id), str(locked.right_id), same)
    decision = Decision.objects.create(
        left_id=locked.left_id,
        right_id=locked.right_id,
        same=same,
        decided_by=membership.user,
        note=note.strip(),
    )
    locked.decision = decision
    locked.save(update_fields=["decision", "updated_at"])
    left, right = (PersonLink.objects.get(identity_id=i) for i in (locked.left_id, locked.right_id))
    if same and left.person_id != right.person_id:
        _join(membership.user, left.person, right.person)
    elif not same and left.person_id == right.person_id:
        _move([right], _new_person(), LinkChange.Reason.SPLIT, membership.user)
    audit.record(
        "linkage.pair_decided",
        actor=membership.user,
        agency=membership.agency,
        target=decision,
        reason="same" if same else "different",
    )
    return decision


@transaction.atomic
def split(
    membership: Membership, person: PartnershipPerson, identities: Sequence[Identity]
) -> PartnershipPerson:
    """Split a wrong link: ``identities`` leave ``person`` for a new partnership ID, and a
    decision that they are not the same as each record left behind keeps them apart."""
    _require(membership, "linkage.review")
    links = list(PersonLink.objects.select_for_update().filter(person=person))
    leaving = {identity.key for identity in identities}
    moving = [link for link in links if link.identity_id in leaving]
    staying = [link for link in links if link.identity_id not in leaving]
    if not moving or not staying or len(moving) != len(leaving):
        raise ValidationError(
            {"identities": "Choose some, but not all, of this person's records to split off"}
        )
    Decision.objects.bulk_create(
        Decision(
            left_id=a.identity_id,
            right_id=b.identity_id,
            same=False,
            decided_by=membership.user,
            note="Split",
        )
        for a in moving
        for b in staying
    )
    parted = _new_person()
    _move(moving, parted, LinkChange.Reason.SPLIT, membership.user)
    audit.record(
        "linkage.person_split",
        actor=membership.user,
        agency=membership.agency,
        target=person,
        changes=["person"],
        reason=f"{len(moving)} of {len(links)} records to {parted.label}",
    )
    return parted


def _check_consistent(left: str, right: str, same: bool) -> None:
    """Refuse a decision that earlier decisions contradict (A is B, B is C, so A must be C)."""
    earlier = decided()
    pair = _pair(left, right)
    same_pairs = [*earlier.same, pair] if same else earlier.same
    different_pairs = earlier.different if same else [*earlier.different, pair]
    keys = {key for pairs in (same_pairs, different_pairs) for p in pairs for key in p}
    try:
        clusters.cluster(keys, (), 1.0, same=same_pairs, different=different_pairs)
    except clusters.ConflictingDecisions:
        raise ValidationError(
            {"same": "Earlier decisions say otherwise about these records: split or review them"}
        ) from None


def _new_person() -> PartnershipPerson:
    return PartnershipPerson.objects.create(number=_issuer()())


def _join(actor: User, one: PartnershipPerson, other: PartnershipPerson) -> None:
    older, newer = sorted((one, other), key=lambda p: p.number)
    _move(list(newer.links.all()), older, LinkChange.Reason.MERGED, actor)
    PartnershipPerson.objects.filter(pk=newer.pk).update(retired_at=timezone.now())


def _move(links: Sequence[PersonLink], person: PartnershipPerson, reason: str, actor: User) -> None:
    LinkChange.objects.bulk_create(
        LinkChange(
            identity_id=link.identity_id,
            old_person_id=link.person_id,
            new_person=person,
            reason=reason,
            changed_by=actor,
        )
        for link in links
    )
    PersonLink.objects.filter(pk__in=[link.pk for link in links]).update(person=person)
