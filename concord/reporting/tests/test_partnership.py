"""The partnership data report (issue 6 item 8): each section's counts on small hand-built
data, people by partnership ID (unlinked records a person each), the area population file,
disclosure control for the commissioners and analysts who see it, the audited download, the
command, and the page's query count."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from concord.accounts.tests.factories import AgencyFactory, UserFactory
from concord.core.models import AuditEvent
from concord.domain.disclosure import STANDARD, DisclosureRule
from concord.domain.linked_disclosure import protect
from concord.domain.periods import financial_year, financial_year_of, parse_period
from concord.domain.tests.attacker import pinned
from concord.linkage.models import PartnershipPerson, PersonLink
from concord.reporting import partnership
from concord.reporting.partnership_pack import (
    Figure,
    ReportCounts,
    ReportTable,
    linked_report,
    partnership_report,
)
from concord.reporting.population import PopulationFileError, parse_population
from concord.submissions.models import (
    Identity,
    PartnershipRecord,
    Submission,
    SubmissionSchedule,
)

pytestmark = pytest.mark.django_db
URL = reverse("reporting:partnership")
YEAR = parse_period("2024-25")
SECTIONS = [
    "Records and people",
    "Repeat victimisation",
    "Victims",
    "People causing harm",
    "Relationships",
    "Rates by area",
    "Agencies submitting",
    "Journeys",
]
_numbers = itertools.count(1)


class Records:
    """Partnership records as agencies' files would leave them: a vault identity per victim
    and harmer (with a dummy sealed value), linked to a partnership person when given one."""

    def __init__(self) -> None:
        self.user = UserFactory.create()
        self.files: dict[object, Submission] = {}

    def person(self) -> PartnershipPerson:
        return PartnershipPerson.objects.create(number=next(_numbers))

    def add(self, agency, on: date, victim=None, *, harmer=False, **fields) -> PartnershipRecord:
        """``victim``/``harmer``: a PartnershipPerson, None for an unlinked identity, or (for
        the harmer only) False for nobody named."""
        record_id = f"R{next(_numbers)}"
        kind = fields.pop("kind", "incident")
        return PartnershipRecord.objects.create(
            agency=agency,
            kind=kind,
            record_id=record_id,
            occurred_on=on,
            victim_key=self._identity(agency, kind, record_id, "victim", victim),
            harmer_key=(
                None
                if harmer is False
                else self._identity(agency, kind, record_id, "harmer", harmer)
            ),
            submission=self._file(agency),
            row_hash="0" * 64,
            **fields,
        )

    def _identity(self, agency, kind, record_id, role, person):
        found = Identity.objects.create(
            agency=agency, kind=kind, record_id=record_id, role=role, sealed="not-a-real-seal"
        )
        if person is not None:
            PersonLink.objects.create(identity=found, person=person)
        return found.key

    def _file(self, agency) -> Submission:
        if agency.pk not in self.files:
            self.files[agency.pk] = Submission.objects.create(
                agency=agency,
                kind="incident",
                period_first=YEAR.first,
                period_last=YEAR.first + timedelta(days=90),
                filename="incidents.csv",
                sha256="0" * 64,
                submitted_by=self.user,
                status="accepted",
            )
        return self.files[agency.pk]


@pytest.fixture
def records(db) -> Records:
    return Records()


def day(n: int) -> date:
    return YEAR.first + timedelta(days=n)


# Records, people, repeats and journeys ------------------------------------------------------


def test_one_person_at_two_agencies_is_one_person_with_one_journey(records, agency_a, agency_b):
    sarah = records.person()
    records.add(agency_b, day(1), sarah)
    records.add(agency_b, day(20), sarah)
    records.add(agency_a, day(40), sarah, kind="referral")

    by_agency = {row.agency_id: row for row in partnership.records_by_agency(YEAR)}
    repeats = partnership.repeats(YEAR)

    assert (by_agency[agency_b.pk].records, by_agency[agency_b.pk].people) == (2, 1)
    assert (by_agency[agency_a.pk].referrals, by_agency[agency_a.pk].people) == (1, 1)
    assert repeats.within == {agency_b.pk: 1}
    assert (repeats.people, repeats.across) == (1, 1)
    assert partnership.journeys(YEAR) == {(agency_b.pk, agency_a.pk): 1}


def test_records_not_linked_yet_count_as_a_person_each(records, agency_a):
    records.add(agency_a, day(1))
    records.add(agency_a, day(2))

    [row] = partnership.records_by_agency(YEAR)

    assert (row.records, row.people, row.not_linked) == (2, 2, 2)
    assert partnership.repeats(YEAR).within == {}


def test_the_partnership_counts_people_once_however_many_agencies_know_them(
    records, agency_a, agency_b, agency_c
):
    shared, alone = records.person(), records.person()
    for agency in (agency_a, agency_b, agency_c):
        records.add(agency, day(5), shared)
    records.add(agency_c, day(6), alone)

    people_per_agency = sum(row.people for row in partnership.records_by_agency(YEAR))
    repeats = partnership.repeats(YEAR)

    assert people_per_agency == 4
    assert (repeats.people, repeats.across) == (2, 1)


def test_journeys_follow_the_dates_of_the_records(records, agency_a, agency_b):
    sarah = records.person()
    records.add(agency_a, day(30), sarah)  # sent first, happened last
    records.add(agency_a, day(1), sarah)
    records.add(agency_b, day(10), sarah)

    assert partnership.journeys(YEAR) == {
        (agency_a.pk, agency_b.pk): 1,
        (agency_b.pk, agency_a.pk): 1,
    }


def test_records_outside_the_period_are_left_out(records, agency_a):
    records.add(agency_a, YEAR.first - timedelta(days=1))
    records.add(agency_a, YEAR.last + timedelta(days=1))

    assert partnership.records_by_agency(YEAR) == []
    assert partnership.repeats(YEAR).people == 0


# Characteristics, relationships, completeness -----------------------------------------------


def test_victims_are_counted_once_by_their_latest_record(records, agency_a, agency_b):
    sarah = records.person()
    records.add(agency_a, day(1), sarah, victim_sex="female", victim_age=17, area="LE1")
    records.add(
        agency_b,
        day(9),
        sarah,
        victim_sex="female",
        victim_age=18,
        victim_ethnicity="asian_indian",
        area="LE2",
    )
    records.add(agency_b, day(3), victim_sex="not_known", victim_ethnicity="prefer_not_to_say")

    victims = partnership.victims(YEAR)

    assert victims.total == 2
    assert victims.by(partnership.SEX) == {"female": 1, "not_known": 1}
    assert victims.by(partnership.AGE_BAND) == {"18 to 24": 1, "not_known": 1}
    assert victims.by(partnership.ETHNIC_GROUP) == {"asian": 1, "not_known": 1}
    assert victims.by(partnership.AREA) == {"LE2": 1, "not_known": 1}


def test_people_causing_harm_are_counted_once_and_only_where_named(records, agency_a, agency_b):
    him = records.person()
    records.add(agency_a, day(1), harmer=him, harmer_sex="male", harmer_age=40)
    records.add(agency_b, day(2), harmer=him, harmer_sex="male", harmer_age=41)
    records.add(agency_b, day(3))  # nobody named as causing harm

    harmers = partnership.harmers(YEAR)

    assert harmers.total == 1
    assert harmers.by(partnership.SEX) == {"male": 1}
    assert harmers.by(partnership.AGE_BAND) == {"35 to 44": 1}


def test_relationships_count_records_with_blanks_as_not_known(records, agency_a):
    records.add(agency_a, day(1), relationship="ex_partner")
    records.add(agency_a, day(2), relationship="ex_partner")
    records.add(agency_a, day(3))

    assert partnership.relationships(YEAR) == {"ex_partner": 2, "not_known": 1}


def test_a_field_is_filled_only_with_a_real_answer(records, agency_a):
    records.add(agency_a, day(1), victim_ethnicity="white_irish", abuse_types=["physical"])
    records.add(agency_a, day(2), victim_ethnicity="not_known", abuse_types=[], victim_age=0)

    [row] = partnership.records_by_agency(YEAR)

    assert row.filled["victim_ethnicity"] == 1
    assert row.filled["abuse_types"] == 1
    assert row.filled["victim_age"] == 1  # an age of 0 is an age
    assert row.filled["outcome"] == 0


def test_files_are_counted_on_time_late_missing_and_refused(agency_a, agency_b):
    user = UserFactory.create()
    SubmissionSchedule.objects.create(
        agency=agency_a, kind="incident", starts_on=YEAR.first, due_days=10
    )
    q1_end = YEAR.first + timedelta(days=90)  # 30 June

    def send(agency, received: date, status="accepted"):
        found = Submission.objects.create(
            agency=agency,
            kind="incident",
            period_first=YEAR.first,
            period_last=q1_end,
            filename="f.csv",
            sha256="1" * 64,
            submitted_by=user,
            status=status,
        )
        at = timezone.make_aware(datetime.combine(received, datetime.min.time()))
        Submission.objects.filter(pk=found.pk).update(received_at=at + timedelta(hours=12))

    send(agency_a, q1_end + timedelta(days=20))  # late
    send(agency_b, q1_end + timedelta(days=5))  # no schedule: the default allowance
    send(agency_b, q1_end, status="refused")

    found = {row.agency_id: row for row in partnership.submissions(YEAR, today=date(2026, 1, 1))}

    assert (found[agency_a.pk].expected, found[agency_a.pk].late) == (4, 1)
    assert (found[agency_a.pk].on_time, found[agency_a.pk].received) == (0, 1)
    assert (found[agency_b.pk].on_time, found[agency_b.pk].refused) == (1, 1)


# The population file ---------------------------------------------------------------------------

HEADER = "area,sex,age_band,ethnicity_group,population"


def test_the_bundled_example_population_is_valid():
    from concord.reporting.population import configured_population

    population = configured_population()

    assert population.total > 0
    assert "LE1" in population.by("area")
    assert set(population.by("sex")) == {"female", "male"}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["area,sex,age,population"], "line 1: the header must be"),
        ([HEADER, "LE1,woman,18 to 24,white,10"], "line 2: sex must be one of"),
        ([HEADER, "# a comment", "LE1,male,18-24,white,10"], "line 3: age_band must be"),
        ([HEADER, "LE1,male,18 to 24,white,ten"], "line 2: the population must be a whole"),
        ([HEADER, "LE1,male,18 to 24,white"], "line 2: expected 5 values, found 4"),
        ([HEADER, "LE1,male,18 to 24,white,1", "le1,male,18 to 24,white,2"], "line 3: this group"),
        ([], "is empty"),
    ],
)
def test_a_bad_population_file_is_explained_by_line(lines, message):
    with pytest.raises(PopulationFileError, match=message):
        parse_population(lines, name="population.csv")


def test_rates_per_thousand_use_the_configured_population(records, agency_a, tmp_path, settings):
    population = tmp_path / "population.csv"
    population.write_text(
        f"{HEADER}\nLE1,female,25 to 34,white,2000\nLE2,male,65 and over,asian,500\n"
    )
    settings.POPULATION_FILE = population
    for n in range(10):
        records.add(agency_a, day(n), records.person(), area="LE1", victim_sex="female")

    rates = section_tables(partnership_report(YEAR), "Rates by area")[0]

    assert texts(rates, "LE1") == ["LE1", "10", "2,000", "5.0"]
    assert texts(rates, "LE2") == ["LE2", "0", "500", "0.0"]
    sex = section_tables(partnership_report(YEAR), "Victims")[0]
    assert texts(sex, "Female") == ["Female", "10", "100%", "80%"]


def test_a_broken_population_file_is_named_on_the_report(agency_a, tmp_path, settings):
    broken = tmp_path / "population.csv"
    broken.write_text(f"{HEADER}\nLE1,female,25 to 34,white,-3\n")
    settings.POPULATION_FILE = broken

    report = partnership_report(YEAR)

    assert "population.csv line 2" in report.population_problem
    assert texts(section_tables(report, "Victims")[0], "Female")[-1] == "No population figure"


# Disclosure control ------------------------------------------------------------------------------


def section_tables(report, title: str) -> tuple[ReportTable, ...]:
    return next(section.tables for section in report.sections if section.key == title)


def texts(table: ReportTable, first: str) -> list[str]:
    line = next(row for row in (*table.rows, table.total) if row and row[0].text == first)
    return [figure.text for figure in line]


def shown_counts(report) -> list[tuple[str, Figure]]:
    return [
        (table.caption, figure)
        for section in report.sections
        if section.key != "Agencies submitting"  # files, not people: exact by design
        for table in section.tables
        for row in (*table.rows, *([table.total] if table.total else []))
        for figure in row[1:]
        if isinstance(figure.value, int)
    ]


def test_small_numbers_are_hidden_and_cannot_be_worked_out(records, agency_a, agency_b):
    for n in range(3):
        records.add(agency_a, day(n), records.person())
    for n in range(12):
        records.add(agency_b, day(n), records.person())
    records.add(agency_b, day(20), records.person(), kind="referral")

    table = section_tables(partnership_report(YEAR), "Records and people")[0]

    assert texts(table, "Haven Domestic Abuse Services")[1:4] == ["<5", "0", "<5"]
    police = texts(table, "City Police")
    assert police[1:3] == ["[c]", "<5"]  # 12 would give the 3 away, from the total
    assert "16" in texts(table, "All agencies (each person counted once)")
    output = linked_report(ReportCounts.of(YEAR, None), STANDARD, DisclosureRule(threshold=10))
    assert pinned(protect(output), output.relations) == {}


@hypothesis_settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # agency
            st.integers(0, 5),  # person (5: not linked)
            st.integers(0, 300),  # day
            st.sampled_from(["female", "male", "not_known"]),
            st.sampled_from(["asian_indian", "white_irish", "black_african", ""]),
            st.sampled_from(["LE1", "LE2", ""]),
        ),
        max_size=25,
    )
)
def test_commissioners_and_analysts_never_see_a_count_from_one_to_four(
    agency_a, agency_b, agency_c, rows
):
    agencies = (agency_a, agency_b, agency_c)
    with transaction.atomic():
        made = Records()
        people = [made.person() for _ in range(5)]
        for agency, person, offset, sex, ethnicity, area in rows:
            made.add(
                agencies[agency],
                day(offset),
                people[person] if person < 5 else None,
                victim_sex=sex,
                victim_ethnicity=ethnicity,
                area=area,
            )
        report = partnership_report(YEAR)
        output = linked_report(ReportCounts.of(YEAR, None), STANDARD, DisclosureRule(threshold=10))
        transaction.set_rollback(True)

    assert pinned(protect(output), output.relations) == {}
    for caption, figure in shown_counts(report):
        assert not 1 <= figure.value <= 4, (caption, figure)
        if caption.startswith("Ethnic group"):
            assert not 1 <= figure.value <= 9, (caption, figure)


# The page, the download and the command -----------------------------------------------------


@pytest.fixture
def this_year(records, agency_a, agency_b):
    """A few records in the current financial year, which the page shows first."""
    period = financial_year(financial_year_of(timezone.localdate()))
    sarah = records.person()
    for n in range(6):
        records.add(agency_a, period.first + timedelta(days=n), records.person(), area="LE1")
    records.add(agency_a, period.first, sarah, relationship="ex_partner")
    records.add(agency_b, period.first + timedelta(days=3), sarah)
    return period


@pytest.mark.parametrize("persona", ["commissioner", "analyst"])
def test_commissioners_and_analysts_see_every_section(request, signed_in, persona, this_year):
    page = signed_in(request.getfixturevalue(persona)).get(URL).content.decode()

    assert f"Partnership data: {this_year.label}" in page
    for title in (
        "Records and people by agency",
        "Repeat victimisation",
        "Victims against the area population",
        "Relationships",
        "Victims per 1,000 population by area",
        "Agencies submitting and data completeness",
        "Journeys between agencies",
    ):
        assert title in page
    assert "govuk-table__cell--numeric" in page
    assert "counts as a person of its own" in page


@pytest.mark.parametrize(
    "persona", ["idva", "manager_a", "police_rep", "worker_c", "agency_admin_a", "system_admin"]
)
def test_other_roles_get_403(request, signed_in, persona):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "xlsx"}).status_code == 403
    assert not AuditEvent.objects.filter(action="reports.partnership_exported").exists()


def test_the_reports_page_links_to_the_partnership_data(signed_in, commissioner, manager_a):
    quarterly = reverse("reporting:quarterly")

    assert URL in signed_in(commissioner).get(quarterly).content.decode()
    assert URL not in signed_in(manager_a).get(quarterly).content.decode()


def test_a_period_not_offered_is_explained_and_this_year_shown(signed_in, analyst, this_year):
    page = signed_in(analyst).get(URL, {"period": "1999-00"}).content.decode()

    assert "Choose a financial year or a quarter from the list" in page
    assert f"Partnership data: {this_year.label}" in page


def test_the_download_has_a_sheet_per_section_and_is_audited(signed_in, analyst, this_year):
    response = signed_in(analyst).get(URL, {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == SECTIONS
    event = AuditEvent.objects.get(action="reports.partnership_exported")
    assert event.actor == analyst.user
    values = [
        cell for row in workbook["Records and people"].iter_rows(values_only=True) for cell in row
    ]
    assert not any(isinstance(value, int) and 1 <= value <= 4 for value in values)


def test_the_page_reads_in_a_fixed_number_of_queries(
    signed_in, commissioner, this_year, records, agency_c, django_assert_max_num_queries
):
    client = signed_in(commissioner)
    client.get(URL)  # warm the session and the population file
    for n in range(10):
        records.add(agency_c, this_year.first + timedelta(days=n), records.person())

    with django_assert_max_num_queries(17):
        assert client.get(URL).status_code == 200


def test_the_command_writes_the_workbook(tmp_path, records, agency_a):
    records.add(agency_a, day(1), records.person())
    out = tmp_path / "partnership.xlsx"

    call_command("report", "partnership", period="2024-25", out=str(out), stdout=io.StringIO())

    assert load_workbook(out).sheetnames == SECTIONS
    assert AuditEvent.objects.filter(
        action="reports.partnership_exported", reason="2024-25"
    ).exists()


@pytest.mark.parametrize(
    ("period", "out", "message"),
    [
        ("2024-26", "report.xlsx", "is not a period"),
        ("2024Q1", "report.csv", "to a .xlsx file"),
    ],
)
def test_the_command_explains_bad_arguments(tmp_path, period, out, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "partnership", period=period, out=str(tmp_path / out))


def test_no_agency_outside_the_records_appears(records, agency_a):
    AgencyFactory(name="Quiet Agency")
    records.add(agency_a, day(1), records.person())

    table = section_tables(partnership_report(YEAR), "Journeys")[0]

    assert [row[0].text for row in table.rows] == ["Haven Domestic Abuse Services"]
