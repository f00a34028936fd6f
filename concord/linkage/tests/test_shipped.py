"""Concord's default model and the choice between it and a model trained on the records:
the shipped file is a model of this engine, marked default; too few records, or training
that fails, give the default model with a sentence saying why; runs record which model
they used, and a run of one record finishes with one partnership ID."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.core.management import CommandError, call_command

from concord.linkage import engine, shipped
from concord.linkage.models import LinkageModel, ModelSource, PersonLink, RunStatus
from concord.linkage.tests.helpers import identity, run


class TrainingFailed(Exception):
    """Stands in for Splink's EMTrainingException."""


def fails_quoting_a_record(records, **options):
    raise TrainingFailed(f"no pairs among {next(iter(records))['given_name']}")


def fixed_model(records, **options):
    return json.dumps({"fixed": True, "records": len(records)})


ENOUGH = [{"record_id": f"R{n}", "given_name": "Zainab"} for n in range(shipped.TRAINING_MINIMUM)]


def test_the_shipped_default_model_is_a_model_of_this_engine_marked_default():
    model_json = shipped.DEFAULT_MODEL_PATH.read_text(encoding="utf-8")

    assert engine.checked_model(model_json) == model_json
    found = shipped.metadata(model_json)
    assert found["default"] is True
    assert found["trained_on"].startswith("concord.synthetic.")
    assert found["records"] >= shipped.TRAINING_MINIMUM
    assert shipped.is_default(shipped.default_model())
    assert shipped.default_version() == engine.model_version(model_json)


def test_the_default_model_scores_once_its_metadata_is_set_aside():
    amira = {
        "given_name": "Amira",
        "family_name": "Begum",
        "dob": "1990-04-02",
        "sex": "F",
        "postcode": "LE1 5WW",
        "phone": "07700 900123",
    }
    records = [amira | {"record_id": "A"}, amira | {"record_id": "B"}]
    scored = engine.score(records, shipped.default_model(), keep_candidates=False)
    assert [(a, b) for a, b, _ in scored.pairs] == [("A", "B")]


@pytest.mark.parametrize("count", [0, 1, 3, 50, shipped.TRAINING_MINIMUM - 1])
def test_too_few_records_get_the_default_model_without_training(monkeypatch, count):
    monkeypatch.setattr(engine, "train", fails_quoting_a_record)

    chosen = shipped.choose_model(ENOUGH[:count])

    assert chosen.source == "default"
    assert chosen.model_json == shipped.default_model()
    assert chosen.note == (
        f"Too few records to train a model ({count:,}; 1,000 needed): "
        "Concord's default model was used"
    )


def test_enough_records_train_a_model(monkeypatch):
    monkeypatch.setattr(engine, "train", fixed_model)

    chosen = shipped.choose_model(ENOUGH)

    assert (chosen.source, json.loads(chosen.model_json)) == (
        "trained",
        {"fixed": True, "records": 1000},
    )
    assert chosen.note == "A model was trained on these 1,000 records"


def test_training_that_fails_falls_back_naming_the_error_type_only(monkeypatch, caplog):
    monkeypatch.setattr(engine, "train", fails_quoting_a_record)

    with caplog.at_level(logging.WARNING, logger="concord.linkage.shipped"):
        chosen = shipped.choose_model(ENOUGH)

    assert chosen.source == "default"
    assert chosen.note == (
        "Training failed on these records (TrainingFailed): Concord's default model was used"
    )
    assert "TrainingFailed" in caplog.text
    assert "Zainab" not in caplog.text and "Zainab" not in chosen.note


def test_training_not_allowed_gives_the_default_model(monkeypatch):
    monkeypatch.setattr(engine, "train", fixed_model)

    chosen = shipped.choose_model(ENOUGH, retrain_allowed=False)

    assert chosen.source == "default"
    assert chosen.note.endswith("Concord's default model was used")


def test_the_default_model_is_made_the_same_way_every_time(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    out = io.StringIO()
    for path in (first, second):
        call_command(
            "train_default_model", "--records", "1000", "--seed", "3", "--out", path, stdout=out
        )

    assert first.read_bytes() == second.read_bytes()
    model_json = engine.checked_model(first.read_text())
    found = shipped.metadata(model_json)
    assert {key: found[key] for key in ("default", "trained_on", "records", "seed")} == {
        "default": True,
        "trained_on": "concord.synthetic.households.generate_household_identities(1000, seed=3)",
        "records": 1000,
        "seed": 3,
    }
    assert f"Default model {engine.model_version(model_json)} trained on 1,000" in out.getvalue()


def test_the_default_model_needs_enough_synthetic_records(tmp_path):
    with pytest.raises(CommandError, match="at least 1,000"):
        call_command("train_default_model", "--records", "999", "--out", tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


# Runs ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_run_of_one_record_finishes_with_one_partnership_id_and_the_default_model(
    analyst, agency_a
):
    only = identity(agency_a, "a", given_name="Nadia", family_name="Hussain", dob="1991-02-03")

    done = run(analyst)

    assert (done.records, done.people, done.new_ids, done.pairs) == (1, 1, 1, 0)
    assert PersonLink.objects.get(identity_id=only.key).person.label.startswith("P")
    assert done.model_source == ModelSource.DEFAULT and not done.trained
    assert done.model_note == (
        "Too few records to train a model (1; 1,000 needed): Concord's default model was used"
    )
    assert done.model.shipped and done.model.version == shipped.default_version()


@pytest.mark.django_db
def test_runs_keep_one_copy_of_the_default_model_and_train_once_there_are_enough(
    analyst, five, monkeypatch
):
    first = run(analyst)
    again = run(analyst)
    assert first.model == again.model and LinkageModel.objects.get().shipped
    assert again.model_source == ModelSource.DEFAULT  # the default model is never "reused"

    monkeypatch.setattr(engine, "train", fixed_model)
    monkeypatch.setattr(engine, "checked_model", lambda definition: definition)
    monkeypatch.setattr(engine, "score", lambda records, model_json, **options: _none())
    monkeypatch.setattr(shipped, "TRAINING_MINIMUM", 5)
    trained = run(analyst)
    reused = run(analyst)

    assert trained.model_source == ModelSource.TRAINED and trained.trained
    assert not trained.model.shipped and trained.model.records == 5
    assert trained.model_note == "A model was trained on these 5 records"
    assert reused.model == trained.model and reused.model_source == ModelSource.REUSED
    assert reused.model_note == "The model trained on 5 records was reused"


@pytest.mark.django_db
def test_a_run_whose_training_fails_links_with_the_default_model(analyst, five, monkeypatch):
    monkeypatch.setattr(engine, "train", fails_quoting_a_record)
    monkeypatch.setattr(shipped, "TRAINING_MINIMUM", 2)

    done = run(analyst, retrain=True)

    assert done.status == RunStatus.DONE and done.model_source == ModelSource.DEFAULT
    assert done.model_note == (
        "Training failed on these records (TrainingFailed): Concord's default model was used"
    )
    assert done.model.shipped
    assert PersonLink.objects.count() == 5


def _none() -> engine.Scored:
    return engine.Scored(pairs=[], candidates=0, seconds=0.0)
