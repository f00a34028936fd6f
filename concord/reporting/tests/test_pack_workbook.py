"""The pack as a committee's workbook: numbers as numbers, hidden figures as their symbols
with a key, a title sheet, a sheet per section with frozen headers, the last four quarters
with charts; the command and the page for any range of days."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.core.models import AuditEvent
from concord.domain.disclosure import DisclosureRule
from concord.domain.periods import Quarter, date_range, quarter_of
from concord.indicators.catalogue import INDICATORS, Group, Unit
from concord.people.tests.factories import PersonFactory
from concord.reporting import packs
from concord.reporting.pack_workbook import pack_workbook

pytestmark = pytest.mark.django_db
URL = reverse("reporting:quarterly")
HIDDEN = {"<5", "[c]"}


def moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)


@pytest.fixture
def six_called(idva, agency_a):
    """Six people called back at Haven's help point on 2 September 2012, one on 5 January
    2013."""
    help_point = ServiceFactory(agency=agency_a, name="SAFE help point")

    def called(day: date) -> None:
        case = case_services.open_case(
            idva.user,
            PersonFactory.create(agency=agency_a),
            help_point,
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=moment(day, 9),
        )
        case_services.record_contact(
            idva.user, case, channel="call", initiated_by="victim",
            occurred_at=moment(day, 11), historical=True,
        )  # fmt: skip

    for _ in range(6):
        called(date(2012, 9, 2))
    called(date(2013, 1, 5))


def workbook_of(pack):
    return load_workbook(io.BytesIO(pack_workbook(pack, made_on=date(2013, 4, 10))))


def figures_by_code(workbook):
    """Each figure cell of the section sheets by its indicator's code (the last column)."""
    found = {}
    for name in workbook.sheetnames[1 : len(packs.SECTIONS)]:  # after the title, to the strategy
        sheet = workbook[name]
        header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Indicator")
        for row in sheet.iter_rows(min_row=header_row + 1):
            found[row[-1].value] = row[1]
    return found


def test_every_figure_shown_is_a_number_and_every_hidden_one_its_symbol(six_called):
    pack = packs.pack(
        date_range(date(2012, 9, 1), date(2012, 12, 31)),
        whose="Riverford partnership",
        rule=DisclosureRule(),
    )
    workbook = workbook_of(pack)
    cells = figures_by_code(workbook)

    lines = [line for section in pack.figures for line in section.lines]
    assert len(lines) == len(cells)
    for line in lines:
        cell = cells[line.indicator.code]
        shown = line.share if line.indicator.unit == Unit.PERCENTAGE else line.whole
        if shown is not None:
            assert isinstance(cell.value, int | float), line.indicator.code
            assert cell.data_type == "n"
            assert cell.number_format == (
                "0%" if line.indicator.unit == Unit.PERCENTAGE else "#,##0"
            )
        elif line.numerator and line.numerator.value is None:
            assert cell.value in HIDDEN
    assert cells["people_accessing_victim_service"].value == 6
    assert cells["safety_plans_completed"].value == 0


def test_the_title_sheet_names_whose_figures_the_period_and_the_rule(six_called):
    pack = packs.pack(
        date_range(date(2012, 9, 1), date(2012, 12, 31)),
        whose="Riverford partnership",
        rule=DisclosureRule(threshold=5, round_to_five=True),
    )
    title = workbook_of(pack)["About this pack"]
    text = {row[0]: row[1] for row in title.iter_rows(min_row=2, values_only=True) if row[0]}

    assert title["A1"].value == (
        "Riverford partnership: performance pack, 1 September to 31 December 2012"
    )
    assert text["Period"] == "1 September to 31 December 2012"
    assert "Counts from 1 to 4 are hidden (<5)" in text["Disclosure control"]
    assert "rounded to the nearest 5" in text["Disclosure control"]
    assert text["<5"] == "a count from 1 to 4, hidden"
    assert "[c]" in text
    assert text["Strategy indicators"] == (
        "Counted over 1 April to 31 December 2012 (year to date)"
    )


def test_sections_are_sheets_with_titles_not_codes_and_frozen_headers(six_called):
    pack = packs.pack(Quarter(2012, 3).period, whose="Riverford partnership")
    workbook = workbook_of(pack)

    assert workbook.sheetnames == [
        "About this pack",
        "Headline",
        "Safeguarding (intake)",
        "Safeguarding children",
        "Programme",
        "Outcomes",
        "MARAC",
        "Victims' voice",
        "Strategy",
        "Narrative",
        "Trend",
    ]
    headline = workbook["Headline"]
    assert headline.freeze_panes == "B5"
    assert [c.value for c in headline[4]][:2] == ["Indicator", "Figure"]
    assert headline["A5"].value == "People accessing the victim service"
    intake = [row[0] for row in workbook["Safeguarding (intake)"].iter_rows(values_only=True)]
    assert "Intake: meets MARAC threshold at intake" in intake
    assert "Intake: attended A&E because of abuse" in intake


def test_the_trend_puts_the_last_four_quarters_side_by_side_with_a_chart_each(six_called):
    pack = packs.pack(
        date_range(date(2012, 9, 1), date(2013, 1, 31)), whose="Riverford partnership"
    )
    trend = workbook_of(pack)["Trend"]

    assert [c.value for c in trend[4]] == [
        "Indicator",
        "April to June 2012",
        "July to September 2012",
        "October to December 2012",
        "January to March 2013",
        "Code",
    ]
    people = next(
        row
        for row in trend.iter_rows(values_only=True)
        if row[-1] == ("people_accessing_victim_service")
    )
    assert people[1:5] == (0, 6, 0, 1)
    headline = [i for i in INDICATORS if i.group == Group.HEADLINE]
    assert len(trend._charts) == len(headline)


def test_the_command_writes_a_workbook_for_any_range_of_days(tmp_path, six_called):
    out = tmp_path / "pack.xlsx"

    call_command(
        "report", "quarterly", first="2012-09-01", last="2012-12-31", out=str(out),
        stdout=io.StringIO(),
    )  # fmt: skip

    workbook = load_workbook(out)
    assert workbook["About this pack"]["A1"].value.endswith("1 September to 31 December 2012")
    assert figures_by_code(workbook)["people_accessing_victim_service"].value == 6
    assert workbook["Trend"]._charts
    assert AuditEvent.objects.filter(
        action="reports.quarterly_exported", reason="2012-09-01-to-2012-12-31"
    ).exists()


def test_the_page_and_its_download_show_the_same_figures(signed_in, commissioner, six_called):
    client = signed_in(commissioner)
    asked = {
        "start-day": "1", "start-month": "9", "start-year": "2012",
        "end-day": "31", "end-month": "12", "end-year": "2012",
    }  # fmt: skip

    page = client.get(URL, asked).content.decode()
    download = client.get(URL, {**asked, "format": "xlsx"})

    assert "Performance pack: 1 September to 31 December 2012" in page
    accessing = page[page.index("People accessing the victim service") :]
    assert ">6<" in accessing[:400]
    assert "start-day=1&amp;start-month=9&amp;start-year=2012" in page
    workbook = load_workbook(io.BytesIO(download.content))
    assert figures_by_code(workbook)["people_accessing_victim_service"].value == 6
    assert "2012-09-01-to-2012-12-31" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({"start-day": "31", "start-month": "12", "start-year": "2012",
          "end-day": "1", "end-month": "9", "end-year": "2012"},
         "The end date must be the same as or after the start date"),
        ({"start-day": "31", "start-month": "2", "start-year": "2012"},
         "Start date must be a real date"),
        ({"start-day": "1", "start-month": "9", "start-year": "2012"},
         "Enter the end date, or leave both dates empty"),
    ],
)  # fmt: skip
def test_bad_dates_are_explained_and_the_last_quarter_shown(
    signed_in, commissioner, asked, message
):
    response = signed_in(commissioner).get(URL, {**asked, "format": "xlsx"})
    page = response.content.decode()

    assert response["Content-Type"].startswith("text/html")
    assert "govuk-error-summary" in page
    assert message in page
    latest = quarter_of(timezone.localdate()).previous()
    assert f"Performance pack: {latest.label}" in page
