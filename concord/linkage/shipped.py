"""Which model links a set of records: one trained on them, or Concord's default model.

Training learns from the pairs in the records themselves, so a small file (a pilot, a
partnership's first run, one small agency) has too few pairs to learn from: Splink stops
with an error, or learns probabilities of 0 or 1 that break scoring. Below
``TRAINING_MINIMUM`` records, and whenever training fails, Concord's default model is used
instead. It is the same model trained on synthetic records, shipped with Concord
(``data/default_model.json``, made by ``manage.py train_default_model``), so that every
file gets linked, and the output and the run record say which model was used and why.

No Django here: the ``link_records`` command and the linkage runs both use it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from concord.linkage import engine

log = logging.getLogger(__name__)

DEFAULT_MODEL_PATH = Path(__file__).parent / "data" / "default_model.json"

#: Records below which no model is trained. Measured on Concord's synthetic records (10
#: seeds a size): training fails outright on 3 records (EMTrainingException, 5 in 10) and
#: on 5 (1 in 10); the realistic set of issue 19 failed at 50 ("math domain error"). Where
#: it succeeds, the main match weights (each field's exact and "all other" levels) of a
#: small file's model are far from those of a model trained on 20,000 records: on average
#: 5.1 bits at 50 records, 3.4 at 200, 2.1 at 500 (up to 3.1), 1.7 at 1,000 (up to 1.9,
#: the same from seed to seed), 1.4 at 2,000 and 1.0 at 5,000; the rarer levels (swaps,
#: typos) are unlearnt below that. 1,000 is where a file's model settles, within about as
#: much as it would still gain from twice the records.
TRAINING_MINIMUM = 1_000

Source = Literal["trained", "default"]


@dataclass(frozen=True)
class Chosen:
    """The model to link with, where it came from, and a sentence saying why (no records
    quoted: the note is printed and stored with the run)."""

    model_json: str
    source: Source
    note: str


@cache
def default_model() -> str:
    """Concord's default model (Splink's JSON, with its ``"concord"`` metadata)."""
    return engine.checked_model(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))


def default_version() -> str:
    return engine.model_version(default_model())


def metadata(model_json: str) -> dict[str, Any]:
    """A model's own metadata (the ``"concord"`` key), empty when it has none."""
    return engine.model_metadata(model_json)


def is_default(model_json: str) -> bool:
    return metadata(model_json).get("default") is True


def choose_model(records: Sequence[Mapping[str, Any]], *, retrain_allowed: bool = True) -> Chosen:
    """A model trained on ``records`` when there are enough of them and training is
    allowed and succeeds; else Concord's default model, with the reason."""
    count = len(records)
    if count < TRAINING_MINIMUM:
        return _default(
            f"Too few records to train a model ({count:,}; {TRAINING_MINIMUM:,} needed)"
        )
    if not retrain_allowed:
        return _default("Training a model was not asked for")
    try:
        trained = engine.train(records)
    except Exception as error:
        # The type only: Splink's and DuckDB's messages may quote a value from a record.
        log.warning("Training failed (%s): the default model is used", type(error).__name__)
        return _default(f"Training failed on these records ({type(error).__name__})")
    return Chosen(trained, "trained", f"A model was trained on these {count:,} records")


def _default(reason: str) -> Chosen:
    return Chosen(default_model(), "default", f"{reason}: Concord's default model was used")
