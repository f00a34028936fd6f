import csv
import io

import pytest
from django.core.management import CommandError, call_command

from concord.domain.dates import parse_date
from concord.linkage import engine, shipped
from concord.linkage.management.commands.link_records import (
    partnership_id,
    read_records,
    summary,
)
from concord.linkage.tests import planted
from concord.synthetic.identities import generate_identities

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
    printed = run(source, tmp_path / "first.csv", "--model", model_file)
    run(source, tmp_path / "second.csv", "--model", model_file)
    assert "The model given (model.json) was used" in printed
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
        ("", "The file is empty: its first line must be the header, with the columns record_id"),
        ("\n", "The file is empty: its first line must be the header"),
    ],
    ids=[
        "missing column",
        "no record id",
        "repeated id",
        "long cell",
        "extra cell",
        "empty",
        "blank line",
    ],
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


# Small files, the default model, date formats and headers ------------------------------------


def synthetic(count, *, seed=5):
    return [
        {name: row[name] for name in engine.CORE_COLUMNS}
        for row in generate_identities(count, seed=seed)
    ]


@pytest.mark.parametrize("count", [0, 1, 3, 50, 200])
def test_every_small_file_is_linked_with_the_default_model_and_says_why(tmp_path, count):
    records = synthetic(count)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_records(source, records)

    printed = run(source, target)

    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["record_id"] for row in rows] == [record["record_id"] for record in records]
    assert all(row["partnership_id"].startswith("P") for row in rows)
    assert target.read_text().startswith("record_id,partnership_id,match_probability")
    assert printed.startswith(f"{count} records, ")
    assert (
        f"Concord's default model (version {shipped.default_version()}): Too few records to "
        f"train a model ({count}; 1,000 needed): Concord's default model was used"
    ) in printed
    assert "Placeholder values treated as missing: " in printed
    assert "Pairs held back for review: " in printed
    named = {record["family_name"] for record in records} | {r["record_id"] for r in records}
    assert not [value for value in named if value and value in printed]


def test_a_small_file_links_its_duplicates_with_the_default_model(tmp_path):
    truth = list(generate_identities(200, seed=5))
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_records(source, [{k: row[k] for k in engine.CORE_COLUMNS} for row in truth])

    run(source, target)

    rows = read_output(target)
    person = {row["record_id"]: row["person_id"] for row in truth}
    together = [(a, b) for a in person for b in person if a < b and person[a] == person[b]]
    found = sum(rows[a]["partnership_id"] == rows[b]["partnership_id"] for a, b in together)
    assert found / len(together) > 0.8
    assert len({row["partnership_id"] for row in rows.values()}) < len(rows)


def test_one_record_gets_its_own_partnership_id(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + "A,Ann,Smith,1990-01-01,F,LE1 1AA,\n", encoding="utf-8")

    printed = run(source, target)

    assert read_output(target) == {
        "A": {"record_id": "A", "partnership_id": partnership_id("A"), "match_probability": ""}
    }
    assert printed.startswith("1 records, 0 candidate pairs, 0 links, 1 people")


def test_a_header_only_file_writes_the_header_and_says_no_records(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER, encoding="utf-8")

    printed = run(source, target)

    assert target.read_bytes() == b"record_id,partnership_id,match_probability\r\n"
    assert printed.startswith("0 records, 0 candidate pairs, 0 links, 0 people")


def test_day_month_year_dates_give_the_same_links_as_iso_dates(tmp_path):
    records = synthetic(200, seed=8)
    uk = []
    for record in records:
        found = parse_date(record["dob"]) if record["dob"] else None
        uk.append(record | {"dob": found.strftime("%d/%m/%Y")} if found else record)
    assert sum(a["dob"] != b["dob"] for a, b in zip(records, uk, strict=True)) > 150
    write_records(tmp_path / "iso.csv", records)
    write_records(tmp_path / "uk.csv", uk)

    iso_printed = run(tmp_path / "iso.csv", tmp_path / "iso-out.csv")
    uk_printed = run(tmp_path / "uk.csv", tmp_path / "uk-out.csv")

    assert (tmp_path / "iso-out.csv").read_bytes() == (tmp_path / "uk-out.csv").read_bytes()
    assert iso_printed == uk_printed
    assert ", 0 links" not in iso_printed


def test_headers_are_read_whatever_their_case_and_spaces(tmp_path):
    records = synthetic(50, seed=9)
    write_records(tmp_path / "plain.csv", records)
    shouting = tmp_path / "shouting.csv"
    with shouting.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f" {name.upper()} " for name in engine.CORE_COLUMNS])
        writer.writerows([record[name] for name in engine.CORE_COLUMNS] for record in records)

    run(tmp_path / "plain.csv", tmp_path / "plain-out.csv")
    run(shouting, tmp_path / "shouting-out.csv")

    assert (tmp_path / "plain-out.csv").read_bytes() == (tmp_path / "shouting-out.csv").read_bytes()


def test_the_optional_columns_are_read_when_present(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "Record_ID,Given_Name,Family_Name,DOB,Sex,Postcode,Phone,Other_Names,Address_Line_1,"
        "UPRN,Address_Withheld\n"
        "A,Ann,Smith,02/03/1990,F,LE1 1AA,,Ann Jones;Annie,1 High Street,100012345678,no\n",
        encoding="utf-8",
    )

    [record] = read_records(source)

    assert record == {name: "" for name in engine.COLUMNS} | {
        "record_id": "A",
        "given_name": "Ann",
        "family_name": "Smith",
        "dob": "1990-03-02",
        "sex": "F",
        "postcode": "LE1 1AA",
        "other_names": "Ann Jones;Annie",
        "address_line_1": "1 High Street",
        "uprn": "100012345678",
        "address_withheld": "no",
    }


def test_training_that_fails_falls_back_to_the_default_model(records, tmp_path, monkeypatch):
    def broken(rows, **options):
        raise RuntimeError(f"cannot train on {next(iter(rows))['family_name']}")

    monkeypatch.setattr(engine, "train", broken)
    monkeypatch.setattr(shipped, "TRAINING_MINIMUM", 10)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_records(source, records)

    printed = run(source, target)

    assert len(read_output(target)) == len(records)
    assert (
        "Training failed on these records (RuntimeError): Concord's default model was used"
        in printed
    )
    assert "Khan" not in printed


def test_enough_records_train_a_model_and_say_so(records, tmp_path, monkeypatch):
    monkeypatch.setattr(shipped, "TRAINING_MINIMUM", len(records))
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_records(source, records)

    printed = run(source, target)

    assert f"A model was trained on these {len(records)} records" in printed
    assert "Concord's default model" not in printed


def test_the_summary_counts_placeholders_and_held_pairs_without_naming_anyone(monkeypatch):
    scored = engine.Scored(
        pairs=[("A", "B", 0.99), ("B", "C", 0.95)],
        candidates=3,
        seconds=0.0,
        held={("B", "C"): "age_gap"},
        placeholders={"dob": 2, "name": 1, "phone": 0},
    )
    chosen = shipped.Chosen("{}", "trained", "A model was trained on these 3 records")
    rows = [{"record_id": key} for key in "ABC"]
    found = {"A": "A", "B": "A", "C": "C"}

    printed = summary(rows, scored, found, 0.9, chosen)

    assert printed == (
        "3 records, 3 candidate pairs, 1 links, 2 people\n"
        "Model 44136fa355b3: A model was trained on these 3 records\n"
        "Placeholder values treated as missing: 3 (dob 2, name 1)\n"
        "Pairs held back for review: 1 (age_gap 1)"
    )
