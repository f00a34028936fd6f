import csv
import io

import pytest
from django.core.management import CommandError, call_command

from concord.linkage import engine
from concord.linkage.tests import planted

# On one pytest-xdist worker, so that the model is trained once.
pytestmark = pytest.mark.xdist_group("link-records")

HEADER = "record_id,given_name,family_name,dob,sex,postcode,phone\n"


def write_records(path, records, *, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=engine.COLUMNS)
        writer.writeheader()
        writer.writerows(records)


def run(*args):
    out = io.StringIO()
    call_command("link_records", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def records():
    return planted.records(background=300)


@pytest.fixture(scope="module")
def model_file(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "model.json"
    path.write_text(engine.train(records))
    return path


def read_output(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row for row in csv.DictReader(handle)}


def test_links_planted_duplicates_and_prints_counts_only(records, tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_records(source, records, encoding="utf-8-sig")

    printed = run(source, target, "--threshold", "0.9")

    rows = read_output(target)
    assert set(rows) == {record["record_id"] for record in records}
    for left, right in planted.SAME:
        assert rows[left]["partnership_id"] == rows[right]["partnership_id"]
        assert float(rows[left]["match_probability"]) >= 0.9
    for left, right in planted.DIFFERENT:
        assert rows[left]["partnership_id"] != rows[right]["partnership_id"]
    assert all(row["partnership_id"].startswith("P") for row in rows.values())
    assert f"{len(records)} records" in printed
    assert "Khan" not in printed and "T1" not in printed


def test_a_given_model_gives_the_same_ids_on_every_run(records, model_file, tmp_path):
    source = tmp_path / "in.csv"
    write_records(source, records)
    run(source, tmp_path / "first.csv", "--model", model_file)
    run(source, tmp_path / "second.csv", "--model", model_file)
    first, second = read_output(tmp_path / "first.csv"), read_output(tmp_path / "second.csv")
    assert first == second
    singletons = [row for row in first.values() if row["match_probability"] == ""]
    assert singletons


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("record_id,given_name\nA,Ann\n", "Line 1: the header lacks the column"),
        (
            HEADER + "A,Ann,Smith,1990-01-01,F,LE1 1AA,\n,Bob,Jones,,,,\n",
            "Line 3: record_id is empty",
        ),
        (HEADER + "A,Ann,Smith,,,,\nA,Ann,Smith,,,,\n", "Line 3: record_id repeats"),
        (HEADER + "A," + "x" * 201 + ",Smith,,,,\n", "Line 2: given_name longer than 200"),
        (HEADER + "A,Ann,Smith,,,,,extra\n", "Line 2: more cells than the header"),
        (HEADER, "no records"),
    ],
    ids=["missing column", "no record id", "repeated id", "long cell", "extra cell", "empty"],
)
def test_bad_files_are_refused_naming_the_line(tmp_path, content, message):
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(source, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes((HEADER + "A,Zoë,Smith,,,,\n").encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(source, tmp_path / "out.csv")


def test_a_bad_model_or_threshold_is_refused(records, tmp_path):
    source, bad_model = tmp_path / "in.csv", tmp_path / "model.json"
    write_records(source, records[:5])
    bad_model.write_text('{"comparisons": []}')
    with pytest.raises(CommandError, match="not a linkage model"):
        run(source, tmp_path / "out.csv", "--model", bad_model)
    with pytest.raises(CommandError, match="threshold"):
        run(source, tmp_path / "out.csv", "--threshold", "1.5")
