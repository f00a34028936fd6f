"""The return's page for the council: roles, the chosen year, sign-off and its refusals,
the downloads (exact, and for publication) and the command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from concord.core.models import AuditEvent
from concord.domain.periods import financial_year_of
from concord.part4 import services
from concord.part4.models import Part4Return
from concord.part4.tests.conftest import YEAR
from concord.part4.tests.factories import household

URL = "/safe-accommodation/return/"
SIGN_OFF = "/safe-accommodation/return/sign-off/"


def this_year() -> int:
    return financial_year_of(timezone.localdate())


@pytest.fixture
def records(refuge):
    household(refuge, adults=[{"sex": "female", "gender_same_as_birth": "no"}], children=2)
    return refuge


@pytest.mark.parametrize("persona", ["commissioner", "analyst"])
def test_the_officer_and_analysts_see_the_exact_figures_with_definitions(
    request, signed_in, persona, records
):
    membership = request.getfixturevalue(persona)
    response = signed_in(membership).get(URL, {"year": YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Safe accommodation return: 2025 to 2026" in text
    assert "Households (counted by their lead adult) with a stay that overlaps" in text
    assert "Trans" in text and "By and for refuge" in text
    assert AuditEvent.objects.filter(action="part4.return_viewed", reason=str(YEAR)).exists()


@pytest.mark.parametrize("persona", ["idva", "manager_a", "police_rep", "system_admin"])
def test_other_roles_get_403(request, signed_in, persona):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(SIGN_OFF, {"year": YEAR, "confirmed": "on"}).status_code == 403


def test_analysts_may_read_but_not_sign_off(signed_in, analyst, records):
    client = signed_in(analyst)
    assert "Sign off the return" not in client.get(URL, {"year": YEAR}).content.decode()
    assert client.post(SIGN_OFF, {"year": YEAR, "confirmed": "on"}).status_code == 403
    assert not Part4Return.objects.exists()


@pytest.mark.parametrize("year", ["abc", "1999", "2025-26", "99999999999"])
def test_a_year_not_offered_is_explained_and_the_last_finished_year_shown(
    signed_in, commissioner, year
):
    response = signed_in(commissioner).get(URL, {"year": year})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text and "Choose a year from the list" in text
    last = this_year() - 1
    assert f"Safe accommodation return: {last} to {last + 1}" in text


def test_the_page_shows_what_is_missing_and_what_to_do(signed_in, commissioner, refuge):
    household(refuge, adults=[{"sex": "not_known"}])
    text = signed_in(commissioner).get(URL, {"year": YEAR}).content.decode()
    assert "Adults supported whose sex is not known" in text
    assert "Ask and record each adult" in text


def test_the_page_reads_in_a_fixed_number_of_queries(
    signed_in, commissioner, records, django_assert_max_num_queries
):
    client = signed_in(commissioner)
    for _ in range(3):
        household(records, children=1)
    with django_assert_max_num_queries(30):
        assert client.get(URL, {"year": YEAR}).status_code == 200


def test_signing_off_keeps_the_exact_figures_and_is_audited(signed_in, commissioner, records):
    client = signed_in(commissioner)
    response = client.post(SIGN_OFF, {"year": YEAR, "confirmed": "on"})
    assert response.status_code == 302
    signed = Part4Return.objects.get()
    assert (signed.year, signed.version, signed.signed_off_by) == (YEAR, 1, commissioner.user)
    assert signed.figures["sections"]["supported"]["individuals"]["total"] == 3
    assert {item["key"] for item in signed.completeness} == {"services_without_units"}
    assert AuditEvent.objects.filter(action="part4.return_signed_off").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Version 1 was signed off by" in page
    assert "The figures below are the ones signed off" in page


def test_signing_a_year_again_adds_a_version_and_keeps_the_first(commissioner, records):
    first = services.sign_off(commissioner, YEAR)
    household(records)
    second = services.sign_off(commissioner, YEAR)
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.figures["sections"]["supported"]["households"]["total"] == 1
    assert second.figures["sections"]["supported"]["households"]["total"] == 2


def test_an_unfinished_year_is_refused_with_an_error_summary(signed_in, commissioner):
    year = this_year()
    response = signed_in(commissioner).post(SIGN_OFF, {"year": year, "confirmed": "on"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text
    assert f"year ends on 31 March {year + 1}" in text
    assert "<title>Error: " in text
    assert not Part4Return.objects.exists()
    assert not AuditEvent.objects.filter(action="part4.return_signed_off").exists()


def test_sign_off_needs_the_check_confirmed(signed_in, commissioner):
    response = signed_in(commissioner).post(SIGN_OFF, {"year": YEAR})
    assert response.status_code == 400
    assert "Confirm you have checked the figures" in response.content.decode()
    assert not Part4Return.objects.exists()


def test_a_bad_year_posted_is_refused(signed_in, commissioner):
    response = signed_in(commissioner).post(SIGN_OFF, {"year": "1800", "confirmed": "on"})
    assert response.status_code == 400
    assert "Choose a year from the list" in response.content.decode()
    assert not Part4Return.objects.exists()


def test_the_service_refuses_other_roles(analyst):
    with pytest.raises(services.ValidationError):
        services.sign_off(analyst, YEAR)


def test_the_exact_download_has_a_sheet_per_section_and_definitions(
    signed_in, commissioner, records
):
    response = signed_in(commissioner).get(URL, {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "Definitions" in book.sheetnames and "Completeness" in book.sheetnames
    sheet = book["Households and people supported"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Children"][1] == 2  # the refuge column
    assert rows["Children"][-1] == 2  # the total
    assert AuditEvent.objects.filter(action="part4.return_exported", reason=f"{YEAR} xlsx").exists()


def test_the_published_download_hides_small_numbers(signed_in, commissioner, records):
    response = signed_in(commissioner).get(URL, {"year": YEAR, "format": "published-csv"})
    text = b"".join(response.streaming_content).decode()
    lines = [line.split(",") for line in text.splitlines()[1:]]
    children = next(line for line in lines if line[1] == "Children")
    assert children[2] == "<5" and children[-1] == "<5"
    assert all(
        cell not in ("1", "2", "3", "4")
        for line in lines
        if line[0] != "Commissioned bed spaces"
        for cell in line[2:]
    )


def test_the_published_workbook_has_a_sheet_per_section_and_says_how_it_is_protected(
    signed_in, analyst, records
):
    response = signed_in(analyst).get(URL, {"year": YEAR, "format": "published-xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Households and people supported"]
    lines = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert any("disclosure control" in str(line[0]) for line in lines)
    children = next(line for line in lines if line[0] == "Children")
    assert children[1] == "<5"
    assert "Definitions" in book.sheetnames
    assert AuditEvent.objects.filter(reason=f"{YEAR} published-xlsx").exists()


def test_no_download_of_an_unfinished_year(signed_in, commissioner):
    response = signed_in(commissioner).get(URL, {"year": this_year(), "format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")
    assert "signed off or exported from 1 April" in response.content.decode()


# The command ------------------------------------------------------------------------------


def test_the_command_writes_the_exact_return(tmp_path, records):
    out = tmp_path / "return.xlsx"
    stdout = io.StringIO()
    call_command("part4_return", "--year", str(YEAR), "--out", str(out), stdout=stdout)
    book = load_workbook(out)
    rows = {
        row[0]: row
        for row in book["Households and people supported"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert rows["Individuals supported"][-1] == 3
    assert "2025 to 2026" in stdout.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "out", "message"),
    [
        (None, "r.xlsx", "year ends on 31 March"),
        ("2019", "r.xlsx", "The first return is for 2021"),
        ("2025", "r.csv", "Write the return to a .xlsx file"),
    ],
)
def test_the_command_refuses_and_writes_nothing(tmp_path, year, out, message):
    path = tmp_path / out
    chosen = year or str(this_year())
    with pytest.raises(CommandError, match=message):
        call_command("part4_return", "--year", chosen, "--out", str(path))
    assert not path.exists()


def test_the_command_exits_non_zero_for_an_unfinished_year(tmp_path):
    path = tmp_path / "r.xlsx"
    year = str(date.today().year + 1)  # starts next April at the earliest: not finished
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", "part4_return", "--year", year, "--out", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "CONCORD_ENVIRONMENT": "development"},
        check=False,
    )
    assert done.returncode != 0
    assert "year ends on" in done.stderr
    assert not path.exists()
