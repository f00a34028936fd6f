"""Synthetic journeys follow DOMAIN.md's proportions and import cleanly."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from concord.accounts.tests.factories import ServiceFactory
from concord.cases.models import Case, QuarantinedRow
from concord.synthetic.journeys import INTAKE_YES, generate


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
