import importlib.util
import json

import pytest

from concord.linkage import engine
from concord.linkage.clusters import cluster
from concord.linkage.tests import planted

# On one pytest-xdist worker, so that the model is trained once (and one Spark runs).
pytestmark = pytest.mark.xdist_group("linkage-engine")


@pytest.fixture(scope="module")
def records():
    return planted.records()


@pytest.fixture(scope="module")
def model(records):
    return engine.train(records, seed=3, backend="duckdb")


@pytest.fixture(scope="module")
def scored(records, model):
    return engine.score(records, model, floor=0.01, backend="duckdb")


def probability(scored, left, right):
    left, right = sorted((left, right))
    return max((p for a, b, p in scored.pairs if (a, b) == (left, right)), default=0.0)


@pytest.mark.parametrize(
    "pair", planted.SAME, ids=["transliteration", "swapped names", "swapped dob"]
)
def test_planted_duplicates_are_found(scored, pair):
    assert probability(scored, *pair) >= 0.9
    assert scored.blocked(*pair)


@pytest.mark.parametrize("pair", planted.DIFFERENT, ids=["Kaur", "Singh"])
def test_shared_surnames_with_different_names_and_births_are_not_linked(scored, pair):
    assert probability(scored, *pair) < 0.5


def test_pairs_come_lower_id_first_above_the_floor(scored):
    assert scored.pairs
    assert all(a < b and p >= 0.01 for a, b, p in scored.pairs)
    assert scored.candidates >= len(scored.pairs)
    among = scored.blocked_among([("T2", "T1"), ("K1", "S1")])
    assert ("T1", "T2") in among
    assert (("K1", "S1") in among) == scored.blocked("S1", "K1")


def test_the_saved_model_scores_the_same_pairs(records, model, scored, tmp_path):
    path = tmp_path / "model.json"
    path.write_text(model)
    again = engine.score(records, engine.checked_model(path.read_text()), floor=0.01)
    assert [(a, b) for a, b, _ in again.pairs] == [(a, b) for a, b, _ in scored.pairs]
    assert [p for *_, p in again.pairs] == pytest.approx([p for *_, p in scored.pairs])
    assert again.candidates == scored.candidates


def parameters(model_json):
    return [
        level.get(name, -1)
        for comparison in json.loads(model_json)["comparisons"]
        for level in comparison["comparison_levels"]
        for name in ("m_probability", "u_probability")
    ]


def test_training_is_repeatable_for_a_seed(records, model):
    again = engine.train(records, seed=3)
    assert parameters(again) == pytest.approx(parameters(model), rel=1e-6)


def test_model_version_ignores_layout(model):
    assert engine.model_version(json.dumps(json.loads(model))) == engine.model_version(model)
    assert len(engine.model_version(model)) == 12


@pytest.mark.parametrize("text", ["not json", "[]", '{"comparisons": []}'])
def test_a_model_that_is_not_ours_is_refused(text):
    with pytest.raises(ValueError):
        engine.checked_model(text)


@pytest.mark.spark
@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed (the spark extra)"
)
def test_spark_gives_the_same_clusters_as_duckdb(records, model, scored):
    on_spark = engine.score(records, model, floor=0.01, backend="spark")
    ids = [record["record_id"] for record in records]
    assert on_spark.candidates == scored.candidates
    assert cluster(ids, on_spark.pairs, 0.9) == cluster(ids, scored.pairs, 0.9)
