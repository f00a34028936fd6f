"""Synthetic journeys follow DOMAIN.md's proportions and import cleanly."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from concord.accounts.tests.factories import ServiceFactory
from concord.cases.models import Case, QuarantinedRow
from concord.synthetic.journeys import INTAKE_YES, generate, generate_chunks, write_files


def share(rows, item):
    return sum(row[item] == "yes" for row in rows) / len(rows)


def test_intake_profiles_follow_the_domain_proportions():
    rows = generate(2000, service="SAFE", seed=3, until=date(2026, 11, 1)).rows["intake_profiles"]

    for item in ("mental_health", "high_risk_at_intake", "self_harm"):
        assert abs(share(rows, item) - INTAKE_YES[item] * 0.95) < 0.04, item


def test_the_same_seed_gives_the_same_journeys():
    first = generate(50, service="SAFE", seed=9, until=date(2026, 11, 1))
    second = generate(50, service="SAFE", seed=9, until=date(2026, 11, 1))

    assert first.rows == second.rows


def test_chunks_make_the_same_import_files_byte_for_byte(tmp_path):
    until = date(2026, 11, 1)
    write_files([generate(45, service="SAFE", seed=8, until=until)], tmp_path / "whole")
    chunks = generate_chunks(45, service="SAFE", seed=8, until=until, chunk_size=7)
    write_files(chunks, tmp_path / "chunked")

    files = sorted((tmp_path / "whole").iterdir())
    assert [path.name for path in files] == sorted(p.name for p in (tmp_path / "chunked").iterdir())
    for path in files:
        assert path.read_bytes() == (tmp_path / "chunked" / path.name).read_bytes(), path.name
    assert (tmp_path / "whole" / "people.csv").read_text().count("\n") == 46


def test_chunks_hold_at_most_their_size_of_people():
    sizes = [
        len(chunk.rows["people"])
        for chunk in generate_chunks(
            23, service="SAFE", seed=1, until=date(2026, 11, 1), chunk_size=10
        )
    ]

    assert sizes == [10, 10, 3]


def test_contact_factor_gives_about_ten_contacts_a_case_all_before_the_end():
    until = date(2026, 11, 1)
    rows = generate_chunks(600, service="SAFE", seed=4, until=until, contact_factor=3)
    journeys = next(rows).rows

    per_case = len(journeys["contacts"]) / len(journeys["cases"])
    assert 9 < per_case < 12
    assert max(row["occurred_at"] for row in journeys["contacts"]) < until.isoformat()


def test_contact_factor_below_one_is_refused():
    with pytest.raises(ValueError, match="contact_factor"):
        next(generate_chunks(5, service="SAFE", seed=4, until=date(2026, 11, 1), contact_factor=0))


@pytest.mark.django_db
def test_synthetic_files_import_without_quarantine(tmp_path, idva, agency_a):
    ServiceFactory(agency=agency_a, name="SAFE help point")
    call_command("synthesise", str(tmp_path), people=40, seed=2, stdout=StringIO())

    call_command(
        "import_records",
        str(tmp_path),
        agency=agency_a.slug,
        as_user=idva.user.email,
        stdout=StringIO(),
    )

    assert not QuarantinedRow.objects.exists(), list(
        QuarantinedRow.objects.values_list("reasons", flat=True)[:3]
    )
    assert Case.objects.count() == 40
    assert Case.objects.filter(status="closed").exists()
