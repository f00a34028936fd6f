"""The board pack's content: its period, its parts in order, the KPI and MARAC figures read
from the same protected computation as the quarterly pack (compared line by line, hidden
cells included), the Part 4 return as signed off, the partnership data headlines, and any
app's PackTable printed the same way on the page, in the workbook and in the PDF."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.tests.factories import UserFactory
from concord.cases.models import SafetyPlan
from concord.cases.tests.factories import CaseFactory
from concord.core.export import Number, Symbol
from concord.core.pack_parts import PackTable
from concord.domain.disclosure import HIDDEN_TO_PROTECT
from concord.domain.periods import Quarter
from concord.part4.figures import part4_figures
from concord.part4.models import Part4Return
from concord.programmes import vocabulary as programme
from concord.programmes.tests.factories import ProgrammeRecordFactory
from concord.reporting import packs
from concord.reporting.board_pack import (
    BoardPackContent,
    board_pack_content,
    marac_tables,
    parse_pack_period,
    safe_accommodation_tables,
    strategy_kpi_tables,
)
from concord.reporting.board_pack_workbook import board_pack_workbook, cell, sheet_names
from concord.reporting.pdf import board_pack_pdf, printable
from concord.strategy.models import StrategyTarget

pytestmark = pytest.mark.django_db
Q3 = Quarter(2013, 3)  # October to December 2013
IN_Q3 = date(2013, 11, 5)
MADE_ON = date(2014, 1, 10)


@pytest.fixture
def small_counts(agency_a):
    """Programme referrals in Q3 (2 unsuitable, 7 suitable, 1 not assessed) and 20 safety
    plans, both indicators with a strategy target: the pack hides some of them."""
    outcomes = [programme.UNSUITABLE] * 2 + [programme.SUITABLE] * 7 + [""]
    for index, outcome in enumerate(outcomes):
        ProgrammeRecordFactory(
            case__agency=agency_a,
            referral_received_on=IN_Q3,
            assessment_attendance="attended" if outcome else "",
            assessment_outcome=outcome,
            sessions_offered=4 if outcome == programme.SUITABLE else 0,
            sessions_attended=2 if outcome == programme.SUITABLE and index < 7 else 0,
        )
    case: Any = CaseFactory(agency=agency_a)
    for _ in range(20):
        SafetyPlan.objects.create(case=case, agency=agency_a, created_on=IN_Q3, completed_on=IN_Q3)
    for code in ("programme_unsuitable", "safety_plans_completed", "staff_trained"):
        StrategyTarget.objects.create(
            code=code,
            baseline_year=2008,
            baseline=Decimal(10),
            target_year=2014,
            target=Decimal(30),
        )


def quarterly_lines(period: Any) -> dict[str, packs.PackLine]:
    found = packs.pack(period, whose=settings.PARTNERSHIP_NAME, rule=disclosure_rule())
    return {line.indicator.code: line for section in found.sections for line in section.lines}


def with_not_known(line: packs.PackLine) -> str:
    return f"{line.figure} ({line.not_known})" if line.not_known else line.figure


# The period -------------------------------------------------------------------------------


def test_a_quarter_and_a_financial_year_are_read_as_the_report_command_reads_them():
    quarter = parse_pack_period("2025q1")
    year = parse_pack_period(" 2025-26 ")

    assert (quarter.code, quarter.first, quarter.last, quarter.quarter) == (
        "2025Q1",
        date(2025, 4, 1),
        date(2025, 6, 30),
        1,
    )
    assert (year.code, year.first, year.last, year.quarter, year.kind) == (
        "2025-26",
        date(2025, 4, 1),
        date(2026, 3, 31),
        None,
        "Annual",
    )


@pytest.mark.parametrize("text", ["2025", "2025Q5", "2025-27", "next quarter", ""])
def test_anything_else_is_refused_saying_how_to_write_it(text):
    with pytest.raises(ValueError, match="write a quarter like 2025Q1"):
        parse_pack_period(text)


# One code path with the quarterly pack ---------------------------------------------------------


def test_the_kpi_figures_equal_the_quarterly_packs_line_by_line(small_counts):
    period = parse_pack_period(str(Q3))
    expected = quarterly_lines(Q3.period)

    (table,) = strategy_kpi_tables(period)
    shown = {row[0]: row[4] for row in table.rows}

    strategy = [line for line in expected.values() if line.indicator.group.name == "STRATEGY"]
    for line in strategy:
        assert shown[line.indicator.title] == with_not_known(line)
    # Two other indicators have a target, and show the quarterly pack's protected figures.
    unsuitable = expected["programme_unsuitable"]
    assert unsuitable.figure.startswith(HIDDEN_TO_PROTECT)
    assert shown[unsuitable.indicator.title] == with_not_known(unsuitable)
    assert "<5 not known" in shown[unsuitable.indicator.title]
    assert shown[expected["safety_plans_completed"].indicator.title] == "20"
    assert len(table.rows) == len(strategy) + 2


def test_the_marac_figures_equal_the_quarterly_packs_line_by_line(small_counts):
    period = parse_pack_period(str(Q3))
    expected = [
        line for line in quarterly_lines(Q3.period).values() if line.indicator.group.name == "MARAC"
    ]

    (table,) = marac_tables(period)

    assert [row[:3] for row in table.rows] == [
        (line.indicator.title, line.figure, line.not_known) for line in expected
    ]


def test_the_kpis_show_the_baseline_target_and_status_in_words(small_counts):
    (table,) = strategy_kpi_tables(parse_pack_period(str(Q3)))
    rows = {row[0]: row for row in table.rows}

    plans = rows["Safety plans completed"]
    assert plans[1:4] == ("10 in 2008 to 2009", "Up", "30 by 2014 to 2015")
    assert plans[6] == "Better than baseline"
    assert any(row[1] == "Not set" for row in table.rows)


def test_the_quarterly_pack_is_computed_once_for_both_parts(
    small_counts, django_assert_max_num_queries
):
    period = parse_pack_period(str(Q3))
    strategy_kpi_tables(period)

    with django_assert_max_num_queries(1):  # the targets only
        marac_tables(period)


# Safe accommodation --------------------------------------------------------------------------


def test_without_a_signed_off_return_the_pack_says_so():
    (table,) = safe_accommodation_tables(parse_pack_period("2025Q1"))

    assert table.rows == ()
    assert table.empty == "No signed-off Part 4 return for 2025-26."


def test_a_signed_off_return_is_shown_as_published(council):
    kept = part4_figures(2024).to_json()
    supported = kept["sections"]["supported"]
    first_line = next(iter(supported))
    supported[first_line] = {column: 3 for column in supported[first_line]}
    Part4Return.objects.create(
        council=council,
        year=2024,
        figures=kept,
        signed_off_by=UserFactory(),
        signed_off_at=timezone.now(),
    )

    (table,) = safe_accommodation_tables(parse_pack_period("2024-25"))

    assert table.title == "Safe accommodation (Part 4) for 2024 to 2025"
    assert table.rows[0][1] == "<5"  # 3, hidden
    assert "Version 1" in table.notes[0]


# Every part printed the same way -----------------------------------------------------------------

RISKS = PackTable(
    "Top risks",
    ("Risk", "Likelihood × impact", "Owner", "Status"),
    (("Refuge funding ends – £120,000 gap", "High × High", "Nadia Osei", "Off track"),),
    "No risks are open.",
    ("Scored on the register’s L/M/H scale.",),
)
NOTHING = PackTable("DHR recommendations outstanding", ("Review", "Due"), (), "None outstanding.")


def content() -> BoardPackContent:
    return board_pack_content(
        parse_pack_period("2025Q1"),
        made_on=MADE_ON,
        makers=[lambda p: [RISKS], lambda p: [NOTHING]],
    )


def test_a_part_maker_adds_its_tables_in_order():
    made = content()

    assert made.tables == (RISKS, NOTHING)
    assert made.title == "Quarterly board pack: April to June 2025"
    assert BoardPackContent.from_json(made.to_json()) == made


def test_the_workbook_has_a_sheet_per_table_with_numbers_as_numbers():
    sheets = load_workbook(io.BytesIO(board_pack_workbook(content())))

    assert sheets.sheetnames == ["About", "Top risks", "DHR recommendations outstanding"]
    risks = [
        [c for c in row if c is not None] for row in sheets["Top risks"].iter_rows(values_only=True)
    ]
    assert ["Refuge funding ends – £120,000 gap", "High × High", "Nadia Osei", "Off track"] in risks
    assert ["None outstanding."] in [
        [c for c in row if c is not None]
        for row in sheets["DHR recommendations outstanding"].iter_rows(values_only=True)
    ]


def test_a_whole_number_is_a_number_cell_and_a_hidden_one_its_symbol():
    assert cell("1,234") == Number(1234)
    assert cell("0") == Number(0)
    assert cell("<5") == Symbol("<5")
    assert cell("[c]") == Symbol("[c]")
    assert cell("56% (5 of 9)") == "56% (5 of 9)"


def test_sheet_names_are_cut_and_never_the_same():
    long = PackTable("Partnership data: records and distinct people by agency", ("A",), (), "")

    names = sheet_names((long, long, RISKS))

    assert names[0] == "Partnership data records and di"
    assert names[1] != names[0] and len(names[1]) <= 31


def test_the_pdf_opens_and_prints_pounds_dashes_and_times():
    pdf = board_pack_pdf(content(), compress=False)

    assert pdf.startswith(b"%PDF")
    text = pdf.decode("latin-1")
    assert "Quarterly board pack: April to June 2025" in text
    assert "Top risks" in text and "None outstanding." in text
    assert "\xa3120,000" in text  # £ in the core font's encoding
    assert "High \xd7 High" in text  # the multiplication sign


def test_the_pdf_writes_letters_beyond_its_font_plainly():
    assert printable("Zoë – £5 × 2") == "Zoë – £5 × 2"
    assert printable("Łukasz ≥ 3, Zoë’s ✓") == "Lukasz >= 3, Zoë’s ?"
