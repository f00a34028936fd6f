"""Train Concord's default linkage model on synthetic records and write it as JSON.

    python manage.py train_default_model [--records N] [--seed S] [--out PATH]

The default model links files too small to train on (``concord.linkage.shipped``). It is
made here, from synthetic records only, so no person's data is in it; the same records,
seed and engine give the same model (and so the same version). Run it again when the
engine's model or the synthetic generator changes, and commit the file it writes.

It lives in the synthetic app because that app may use the linkage engine, not the reverse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.linkage import engine, shipped
from concord.synthetic.households import generate_household_identities

DEFAULT_RECORDS = 50_000
GENERATOR = "concord.synthetic.households.generate_household_identities"


def default_model_json(records: int, seed: int) -> str:
    """The model trained on ``records`` synthetic records from ``seed``, with the metadata
    that marks it as Concord's default model."""
    rows = [
        {name: row[name] for name in engine.COLUMNS if name in row}
        for row in generate_household_identities(records, seed=seed)
    ]
    model = json.loads(engine.train(rows, seed=seed))
    concord = model.get("concord")
    model["concord"] = {
        **(concord if isinstance(concord, dict) else {}),
        "default": True,
        "trained_on": f"{GENERATOR}({records}, seed={seed})",
        "records": records,
        "seed": seed,
    }
    return json.dumps(model, indent=2, sort_keys=True) + "\n"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"--records must be a whole number, not {text!r}") from None
    if value < shipped.TRAINING_MINIMUM:
        raise CommandError(f"--records must be at least {shipped.TRAINING_MINIMUM:,}")
    return value


class Command(BaseCommand):
    help = "Train Concord's default linkage model on synthetic records and write it as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--records", type=_positive, default=DEFAULT_RECORDS)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, default=shipped.DEFAULT_MODEL_PATH)

    def handle(self, *args: Any, records: int, seed: int, out: Path, **options: Any) -> None:
        model_json = engine.checked_model(default_model_json(records, seed))
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(model_json, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        self.stdout.write(
            f"Default model {engine.model_version(model_json)} trained on {records:,} "
            f"synthetic records (seed {seed}): {out}"
        )
