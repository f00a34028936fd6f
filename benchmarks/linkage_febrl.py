#!/usr/bin/env python3
"""FEBRL4 and FEBRL3 linked two ways: as the product links (household pairs held apart) and
by the model alone (every scored pair at the threshold, no household rules).

FEBRL's duplicates replace whole given names and whole dates of birth, so many of its true
pairs look exactly like two people of one household: twins (one date of birth, one home,
different given names) or a parent and child (one name, one home, birth years far apart).
The household rules rightly hold such pairs for review; this shows how much of FEBRL's
recall they hold, beside the model's own quality. Prints JSON; writes nothing.

Usage: benchmarks/linkage_febrl.py [--only febrl4 febrl3] [--threshold P]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

import harness  # noqa: F401 - puts the project on the path
from linkage import febrl_rows, truth

NAMES = ("febrl4", "febrl3")


def both_ways(name: str, threshold: float) -> dict[str, Any]:
    from concord.linkage import engine
    from concord.linkage.clusters import cluster
    from concord.linkage.evaluation import evaluate

    rows = febrl_rows(name)
    record_ids, true_pairs = truth(name, None)
    model = engine.train(rows(), seed=1)
    scored = engine.score(rows(), model, floor=threshold, keep_candidates=True)
    blocked = scored.blocked_among(true_pairs)
    held = list(scored.held)
    product = evaluate(cluster(record_ids, scored.pairs, threshold, apart=held), true_pairs)
    model_only = evaluate(cluster(record_ids, scored.pairs, threshold), true_pairs)
    scored.close()
    return {
        "household_rules": product.as_dict(),
        "model_only": model_only.as_dict(),
        "blocking_recall": round(len(blocked) / len(true_pairs), 5),
        "true_pairs": len(true_pairs),
        "true_pairs_held": dict(Counter(r for p, r in scored.held.items() if p in true_pairs)),
        "other_pairs_held": dict(Counter(r for p, r in scored.held.items() if p not in true_pairs)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=NAMES, default=list(NAMES))
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    results = {name: both_ways(name, args.threshold) for name in args.only}
    print(json.dumps(results | {"threshold": args.threshold}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
