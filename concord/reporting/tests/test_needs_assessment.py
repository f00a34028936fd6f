"""The needs-assessment pack for safe accommodation (issue 16 item 6): each figure on small
hand-built data (occupancy across a year's boundary, quartiles of stays, unmet need by
reason and group, rates against the population file), disclosure control, the roles that
see it, the audited page and download, and the page's query count."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    Unit,
    UnmetNeed,
)
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory, UserFactory
from concord.cases.tests.factories import CaseFactory
from concord.core.models import AuditEvent
from concord.domain.disclosure import STANDARD, DisclosureRule
from concord.domain.linked_disclosure import protect
from concord.domain.periods import financial_year_of
from concord.domain.tests.attacker import pinned
from concord.people.tests.factories import PersonFactory
from concord.referrals.models import Referral
from concord.reporting import needs
from concord.reporting.needs_assessment import linked_needs, needs_report

pytestmark = pytest.mark.django_db
URL = reverse("reporting:needs_assessment")
TODAY = date(2026, 12, 6)
YEARS = needs.years_ending(2024, TODAY)  # 2022-23, 2023-24, 2024-25
LATEST = 2
SHEETS = ["Demand", "Supply", "Who is under-served", "Trend", "Definitions"]
_numbers = itertools.count(1)


class Built:
    """Accommodation services, units, stays and referrals, as providers' records leave them."""

    def __init__(self, agency) -> None:
        self.agency = agency
        self.user = UserFactory.create()
        self.referrer = ServiceFactory.create(agency=agency)

    def service(self, kind: str = "refuge", **fields) -> AccommodationService:
        service = ServiceFactory.create(agency=self.agency, kind=ServiceKind.HOUSING)
        return AccommodationService.objects.create(
            agency=self.agency,
            service=service,
            accommodation_type=kind,
            funding_source="part4_grant",
            **fields,
        )

    def unit(self, service, beds: int = 2, **fields) -> Unit:
        return Unit.objects.create(
            agency=self.agency,
            accommodation=service,
            label=f"Room {next(_numbers)}",
            bed_spaces=beds,
            **fields,
        )

    def stay(self, unit, moved_in: date, moved_out: date | None = None, *, adults=1, **fields):
        """A household of ``adults`` (people as given, or new) and any ``children``."""
        children = fields.pop("children", 0)
        people = fields.pop("people", None) or [
            PersonFactory.create(agency=self.agency) for _ in range(adults)
        ]
        service = unit.accommodation if isinstance(unit, Unit) else unit
        stay = Stay.objects.create(
            agency=self.agency,
            case=CaseFactory.create(person=people[0], service=service.service),
            accommodation=service,
            unit=unit if isinstance(unit, Unit) else None,
            moved_in_on=moved_in,
            moved_out_on=moved_out,
            leaving_reason="moved_on" if moved_out else "",
            **fields,
        )
        for person in people:
            StayMember.objects.create(agency=self.agency, stay=stay, person=person)
        for _ in range(children):
            child = PersonFactory.create(agency=self.agency, date_of_birth=date(2018, 1, 1))
            StayMember.objects.create(agency=self.agency, stay=stay, person=child, is_child=True)
        return stay

    def referral(self, service, on: date, status: str = "pending", **fields) -> Referral:
        person = fields.pop("person", None) or PersonFactory.create(agency=self.agency)
        return Referral.objects.create(
            agency=self.agency,
            case=CaseFactory.create(person=person, service=self.referrer),
            referring_service=self.referrer,
            referred_by=self.user,
            referred_at=timezone.make_aware(datetime.combine(on, datetime.min.time())),
            to_service=service.service,
            receiving_agency=self.agency,
            given_name="Not",
            family_name="Shown",
            summary="Needs a safe place",
            safeguarding_basis="risk_to_life",
            safeguarding_reason="High risk",
            status=status,
            **fields,
        )

    def unmet(self, service, on: date, reason: str, **fields) -> UnmetNeed:
        return UnmetNeed.objects.create(
            agency=self.agency, accommodation=service, referred_on=on, reason=reason, **fields
        )


@pytest.fixture
def built(agency_a) -> Built:
    return Built(agency_a)


def in_year(index: int, days: int) -> date:
    return YEARS.periods[index].first + timedelta(days=days)


# Supply: occupancy, bed spaces, length of stay, move-on --------------------------------------


def test_a_stay_across_the_year_boundary_counts_its_nights_in_each_year(built):
    refuge = built.service()
    room = built.unit(refuge, beds=3, opened_on=date(2020, 1, 1))
    built.stay(room, date(2024, 3, 20), date(2024, 4, 11), adults=1, children=1)

    found = needs.needs_counts(YEARS)

    assert found.occupied_nights[(1, "refuge")] == 12 * 2  # 20 to 31 March 2024, two people
    assert found.occupied_nights[(2, "refuge")] == 10 * 2  # 1 to 10 April 2024
    assert found.available_nights[(1, "refuge")] == 366 * 3  # 2023-24 has 29 February
    assert found.available_nights[(2, "refuge")] == 365 * 3


def test_a_unit_opened_or_closed_in_the_year_is_available_only_while_open(built):
    refuge = built.service()
    built.unit(refuge, beds=2, opened_on=date(2025, 3, 2))  # 30 nights of 2024-25
    built.unit(refuge, beds=1, opened_on=date(2020, 1, 1), closed_on=date(2024, 4, 11))
    built.unit(refuge, beds=4, commissioned=False, closed_on=date(2022, 3, 1))  # before

    found = needs.needs_counts(YEARS)

    assert found.available_nights[(2, "refuge")] == 2 * 30 + 1 * 10
    assert found.bed_spaces[(2, "refuge", True)] == 2  # open on 31 March 2025
    assert (2, "refuge", False) not in found.bed_spaces


def test_an_open_stay_in_the_current_year_counts_up_to_last_night(built):
    today_years = needs.years_ending(2026, date(2026, 4, 11))
    refuge = built.service()
    room = built.unit(refuge, beds=1)
    built.stay(room, date(2026, 4, 1))

    found = needs.needs_counts(today_years)

    assert found.occupied_nights[(2, "refuge")] == 10
    assert found.available_nights[(2, "refuge")] == 10


def test_sanctuary_places_count_as_the_schemes_bed_spaces(built):
    built.service("sanctuary_scheme", sanctuary_places=40)
    built.service("sanctuary_scheme", sanctuary_places=5, commissioned=False)

    found = needs.needs_counts(YEARS)

    assert found.bed_spaces[(0, "sanctuary_scheme", True)] == 40
    assert found.bed_spaces[(2, "sanctuary_scheme", False)] == 5


def test_length_of_stay_and_move_on_delay_have_medians_and_quartiles(built):
    refuge = built.service()
    room = built.unit(refuge, beds=1)
    start = in_year(LATEST, 0)
    for nights in (10, 20, 30, 40, 50):
        stay = built.stay(room, start, start + timedelta(days=nights))
        Stay.objects.filter(pk=stay.pk).update(
            ready_to_move_on_on=start + timedelta(days=nights - nights // 10)
        )
    built.stay(room, start, start + timedelta(days=7))  # ended, no ready day

    found = needs.needs_counts(YEARS)
    report = needs_report(YEARS)

    assert found.stay_lengths[(LATEST, "refuge")] == {7: 1, 10: 1, 20: 1, 30: 1, 40: 1, 50: 1}
    assert found.move_on_delays[LATEST] == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    lengths = table(report, "Supply", "Length of stay of all stays that ended (nights)")
    assert row(lengths, "2024 to 2025") == ["2024 to 2025", "6", "12.5", "25", "37.5"]
    delays = table(report, "Supply", "Move-on delay (days)")
    assert row(delays, "2024 to 2025") == ["2024 to 2025", "5", "2", "3", "4"]
    assert row(delays, "2023 to 2024")[1:] == ["0", "No stays", "No stays", "No stays"]


def test_a_median_of_fewer_stays_than_the_threshold_is_left_out(built):
    refuge = built.service()
    room = built.unit(refuge, beds=1)
    for nights in (10, 20):
        built.stay(room, in_year(LATEST, 0), in_year(LATEST, nights))

    report = needs_report(YEARS)

    medians = table(report, "Supply", "Median length of stay (nights)")
    assert row(medians, "Refuge")[-1] == "[c]"
    assert row(table(report, "Supply", "Stays that ended"), "Refuge")[-1] == "<5"


def test_occupancy_is_occupied_over_available_bed_nights(built):
    refuge = built.service()
    room = built.unit(refuge, beds=2, opened_on=date(2020, 1, 1))
    built.stay(room, in_year(LATEST, 0), in_year(LATEST, 73), adults=2)  # 146 of 730

    occupancy = table(needs_report(YEARS), "Supply", "Occupancy")

    assert row(occupancy, "Refuge")[-1] == "20%"
    assert row(occupancy, "Dispersed accommodation")[-1] == "No bed-nights"


# Demand: referrals, unmet need by reason and group, out of area ------------------------------


def test_referrals_count_by_outcome_and_reason_with_duplicates_left_out(built):
    refuge = built.service()
    day = in_year(LATEST, 10)
    built.referral(refuge, day, "accepted")
    built.referral(refuge, day, "declined", decline_reason="no_capacity")
    built.referral(refuge, day, "declined", decline_reason="duplicate")
    built.referral(refuge, day)
    built.unmet(refuge, day, "no_capacity", adults=2, children=3)
    built.unmet(refuge, in_year(0, 3), "risk_to_others")
    ServiceFactory.create(agency=built.agency)  # not accommodation: never counted

    found = needs.needs_counts(YEARS)

    assert found.referrals == {
        (LATEST, "refuge", "accepted"): 1,
        (LATEST, "refuge", "declined"): 1,
        (LATEST, "refuge", "waiting"): 1,
    }
    assert found.declined_reasons == {(LATEST, "no_capacity"): 1}
    assert found.unmet == {(LATEST, "refuge", "no_capacity"): 1, (0, "refuge", "risk_to_others"): 1}
    assert found.unmet_adults == {LATEST: 2, 0: 1}


def test_unmet_need_by_characteristic_counts_each_household_once_per_characteristic(built):
    refuge = built.service()
    day = in_year(LATEST, 10)
    built.unmet(refuge, day, "needs_too_high", characteristics=["disabled", "mental_health"])
    built.unmet(refuge, day, "no_capacity", characteristics=["disabled"])
    built.unmet(refuge, day, "no_capacity")

    found = needs.needs_counts(YEARS)

    assert found.unmet_characteristics[(LATEST, "disabled")] == 2
    assert found.unmet_characteristics[(LATEST, "mental_health")] == 1
    assert found.unmet_characteristics[(LATEST, "")] == 1
    assert found.unmet_characteristics[(LATEST, "older")] == 0


def test_people_referred_are_grouped_by_sex_age_and_ethnic_group(built):
    refuge = built.service()
    day = in_year(LATEST, 10)  # 11 April 2024: ages on 1 April 2024
    asian = PersonFactory.create(agency=built.agency, ethnicity="asian_indian")
    built.referral(refuge, day, "declined", decline_reason="no_capacity", sex="female",
                   date_of_birth=date(2006, 4, 1), person=asian)  # fmt: skip
    built.referral(refuge, day, "declined", decline_reason="out_of_area", sex="female",
                   date_of_birth=date(2006, 4, 2))  # fmt: skip
    built.referral(refuge, day, "accepted")  # sex and date of birth not given

    referred = needs.needs_counts(YEARS).referred

    assert referred[(LATEST, "declined", "sex", "female")] == 2
    assert referred[(LATEST, "declined", "age_band", "18 to 24")] == 1
    assert referred[(LATEST, "declined", "age_band", "16 to 17")] == 1
    assert referred[(LATEST, "declined", "ethnicity_group", "asian")] == 1
    assert referred[(LATEST, "accepted", "sex", "not_known")] == 1


def test_out_of_area_placements_and_unmet_need_are_counted(built):
    refuge = built.service()
    room = built.unit(refuge, beds=1)
    built.stay(room, in_year(LATEST, 1), in_year(LATEST, 2), from_out_of_area="yes")
    built.stay(room, in_year(LATEST, 5), from_out_of_area="no")
    built.unmet(refuge, in_year(LATEST, 3), "out_of_area", from_out_of_area="yes")

    found = needs.needs_counts(YEARS)

    assert found.placed_out_of_area == {(LATEST, "yes"): 1, (LATEST, "no"): 1}
    assert found.unmet_out_of_area == {(LATEST, "yes"): 1}


# Who is under-served -----------------------------------------------------------------------

HEADER = "area,sex,age_band,ethnicity_group,population"


def test_rates_against_the_population_file_give_their_denominators(built, tmp_path, settings):
    population = tmp_path / "population.csv"
    population.write_text(
        f"{HEADER}\nLE1,female,25 to 34,white,20000\nLE1,male,25 to 34,white,5000\n"
    )
    settings.POPULATION_FILE = population
    refuge = built.service()
    room = built.unit(refuge, beds=1)
    for n in range(10):
        woman = PersonFactory.create(agency=built.agency, sex="female")
        built.referral(refuge, in_year(LATEST, n), "accepted", sex="female")
        built.stay(room, in_year(LATEST, 2 * n), in_year(LATEST, 2 * n + 1), people=[woman])

    report = needs_report(YEARS)

    sex = table(report, "Who is under-served", "Sex: people referred and supported, 2024 to 2025")
    assert row(sex, "Female") == ["Female", "20,000", "10", "5.0", "10", "5.0", "100.0"]
    assert row(sex, "Male") == ["Male", "5,000", "0", "0.0", "0", "0.0", ""]
    assert row(sex, "All")[1] == "25,000"


def test_supported_adults_are_counted_once_a_year_and_children_left_out(built):
    refuge = built.service()
    room = built.unit(refuge, beds=3)
    mother = PersonFactory.create(agency=built.agency, sex="female")
    built.stay(room, in_year(1, 300), in_year(LATEST, 5), people=[mother], children=2)
    built.stay(room, in_year(LATEST, 10), in_year(LATEST, 20), people=[mother])

    supported = needs.needs_counts(YEARS).supported

    assert supported[(LATEST, "sex", "female")] == 1
    assert supported[(1, "sex", "female")] == 1
    assert (0, "sex", "female") not in supported


# Disclosure control ------------------------------------------------------------------------


def test_small_counts_are_hidden_and_cannot_be_worked_out(built):
    refuge = built.service()
    dispersed = built.service("dispersed")
    for n in range(3):
        built.referral(refuge, in_year(LATEST, n), "accepted")
    for n in range(12):
        built.referral(dispersed, in_year(LATEST, n), "accepted")

    report = needs_report(YEARS)

    types = table(report, "Demand", "Referrals by accommodation type")
    assert row(types, "Refuge")[-1] == "<5"
    assert row(types, "Dispersed accommodation")[-1] == "[c]"
    assert row(types, "All referrals")[-1] == "15"
    output = linked_needs(needs.needs_counts(YEARS), STANDARD, DisclosureRule(threshold=10))
    assert pinned(protect(output), output.relations) == {}


# The page, the download, roles and the link ---------------------------------------------------


@pytest.fixture
def this_year(built):
    """A little of everything in the current financial year, which the page shows last."""
    year = financial_year_of(timezone.localdate())
    first = date(year, 4, 1)
    refuge = built.service()
    room = built.unit(refuge, beds=2)
    for _ in range(6):
        built.referral(refuge, first, "declined", decline_reason="no_capacity")
        built.unmet(refuge, first, "no_capacity", characteristics=["disabled"])
    built.stay(room, first, first + timedelta(days=1))
    return year


@pytest.mark.parametrize("persona", ["commissioner", "analyst"])
def test_commissioners_and_analysts_see_every_section_and_are_audited(
    request, signed_in, persona, this_year
):
    membership = request.getfixturevalue(persona)

    page = signed_in(membership).get(URL).content.decode()

    assert f"Needs assessment: April {this_year - 2} to March {this_year + 1}" in page
    for title in (
        "Demand: referrals and unmet need",
        "Supply: bed spaces, occupancy, length of stay and move-on",
        "Who is under-served",
        "Trend over three years",
    ):
        assert title in page
    assert "<svg" in page and "Figures: Households unable to be supported, year by year" in page
    event = AuditEvent.objects.get(action="reports.needs_assessment_viewed")
    assert event.actor == membership.user


@pytest.mark.parametrize(
    "persona", ["idva", "manager_a", "police_rep", "worker_c", "agency_admin_a", "system_admin"]
)
def test_other_roles_get_403_and_nothing_is_audited(request, signed_in, persona):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "xlsx"}).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="reports.needs_assessment").exists()


def test_the_reports_page_links_to_the_needs_assessment(signed_in, analyst, manager_a):
    quarterly = reverse("reporting:quarterly")

    assert URL in signed_in(analyst).get(quarterly).content.decode()
    assert URL not in signed_in(manager_a).get(quarterly).content.decode()


def test_the_download_has_a_sheet_per_section_with_definitions_and_no_small_counts(
    signed_in, analyst, this_year
):
    response = signed_in(analyst).get(URL, {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == SHEETS
    demand = [cell for line in workbook["Demand"].iter_rows(values_only=True) for cell in line]
    assert "Households unable to be supported, by reason" in demand
    assert 12 in demand  # six declined and six from outside, all for no space
    assert not any(isinstance(value, int) and 1 <= value <= 4 for value in demand)
    definitions = [c for line in workbook["Definitions"].iter_rows(values_only=True) for c in line]
    assert "Occupied bed-nights" in definitions
    assert AuditEvent.objects.get(action="reports.needs_assessment_exported").actor == analyst.user


def test_a_year_not_offered_is_explained_and_the_current_years_shown(signed_in, analyst, this_year):
    page = signed_in(analyst).get(URL, {"year": "1999-00"}).content.decode()

    assert "Choose a financial year from the list" in page
    assert f"Needs assessment: April {this_year - 2} to March {this_year + 1}" in page


def test_the_page_reads_in_a_fixed_number_of_queries(
    signed_in, commissioner, this_year, built, django_assert_max_num_queries
):
    client = signed_in(commissioner)
    client.get(URL)  # warm the session and the population file
    refuge = built.service("dispersed")
    room = built.unit(refuge, beds=4)
    for n in range(8):
        built.stay(room, date(this_year, 4, 1) + timedelta(days=n), adults=1, children=1)
        built.referral(refuge, date(this_year, 4, 2), "accepted")

    with django_assert_max_num_queries(19):
        assert client.get(URL).status_code == 200


# Helpers ---------------------------------------------------------------------------------------


def table(report, section_key: str, caption: str):
    section = next(s for s in report.sections if s.key == section_key)
    return next(t for t in section.tables if t.caption == caption)


def row(found, first: str) -> list[str]:
    line = next(r for r in (*found.rows, found.total) if r and r[0].text == first)
    return [figure.text for figure in line]
