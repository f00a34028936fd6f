"""The home page is each role's day's work: the panels each app registers, shown to the
roles they are for, with words for a newcomer when there is nothing yet, and a number of
queries that does not grow with a city's records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.roles import Role
from concord.accounts.services import add_service
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.cases import services as case_services
from concord.cases import task_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case, Task
from concord.commissioning.models import Contract
from concord.marac import services as marac_services
from concord.marac.models import MaracArea
from concord.marac.tests.conftest import referral_values
from concord.people.tests.factories import PersonFactory
from concord.risk.models import Instrument
from concord.risk.tests.conftest import checklists  # noqa: F401
from concord.risk.tests.test_services import finished
from concord.submissions.models import SubmissionSchedule
from concord.synthetic.journeys import generate_chunks
from concord.synthetic.loading import load

pytestmark = pytest.mark.django_db

SERVICE = "SAFE help point"
# Synthetic journeys loaded for the "city" measurements: every one a case the IDVA leads.
CITY_PEOPLE = 300


@pytest.fixture
def ric():
    return Instrument.objects.get(code="dash_ric", active=True)


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name=SERVICE, kind=ServiceKind.HELP_POINT)


@pytest.fixture
def coordinator(council):
    membership = MembershipFactory(agency=council, role=Role.MARAC_COORDINATOR)
    enrol_authenticator(membership.user)
    return membership


@pytest.fixture
def area(council):
    return MaracArea.objects.create(
        name="Riverford MARAC", slug="riverford", hosted_by=council, adult_female_population=1
    )


def headings(client):
    page = client.get(reverse("home"))
    assert page.status_code == 200
    return page.content.decode()


def open_case(idva, help_point, person=None):
    case = case_services.open_case(
        idva.user,
        person or PersonFactory(agency=idva.agency),
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=40),
        lead_professional=idva.user,
    )
    return case_services.change_status(idva.user, case, CaseStatus.OPEN)


def everything_on(idva, coordinator, help_point, area, meeting, ric):
    """A case the IDVA leads with an overdue task, a high-risk assessment and a MARAC
    listing at the meeting: one of every row the home pages show."""
    case = open_case(idva, help_point)
    task_services.add_task(
        idva.user,
        case,
        title="Ring back",
        due_on=timezone.localdate() - timedelta(days=1),
        assignee=idva.user,
    )
    finished(idva, case, ric, yes=15)
    referral = marac_services.refer_to_marac(idva.user, case, **referral_values(area))
    marac_services.list_on_agenda(coordinator.user, meeting, referral)
    return case


@pytest.fixture
def meeting(coordinator, area, agency_a):
    return marac_services.schedule_meeting(
        coordinator.user,
        area,
        meets_on=timezone.localdate() + timedelta(days=7),
        agencies=[agency_a],
    )


# Who sees which panel -------------------------------------------------------------------------


def test_each_role_sees_the_panels_of_its_work(
    signed_in, idva, manager_a, coordinator, commissioner, analyst, system_admin
):
    expected = {
        idva: ["Your cases by risk", "Your tasks", "Referrals waiting", "Your cases at MARAC"],
        manager_a: ["s workload", "Referrals nobody leads yet"],
        coordinator: ["Your next MARAC meeting"],
        commissioner: ["Returns waiting for your review", "Returns due", "Part 4) return"],
        analyst: ["Data submissions due and late", "Part 4) return"],
    }
    for membership, panels in expected.items():
        page = headings(signed_in(membership))
        for panel in panels:
            assert panel in page, (membership.role, panel)
    assert "Your tasks" not in headings(signed_in(commissioner))
    assert "Your cases by risk" not in headings(signed_in(system_admin))


def test_empty_panels_say_what_will_show_there(signed_in, idva, coordinator, commissioner, analyst):
    assert "Nothing is due in the next 7 days" in headings(signed_in(idva))
    assert "You do not lead any referred or open cases yet" in headings(signed_in(idva))
    assert "No meeting is scheduled" in headings(signed_in(coordinator))
    assert "No return is waiting for you" in headings(signed_in(commissioner))
    assert "Every file expected for the last two quarters has arrived" in headings(
        signed_in(analyst)
    )


def test_the_practitioner_sees_overdue_tasks_high_risk_and_the_next_marac(
    signed_in, idva, coordinator, help_point, area, meeting, ric
):
    case = everything_on(idva, coordinator, help_point, area, meeting, ric)

    page = headings(signed_in(idva))

    assert "Overdue</strong> due" in page and "Ring back" in page
    assert f"High, {timezone.localdate().day}" in page
    assert case.reference in page and "Riverford MARAC" in page
    assert case.person.family_name not in page  # references only on the home page


def test_the_manager_sees_workload_unallocated_and_quiet_cases(
    signed_in, idva, manager_a, help_point
):
    quiet = open_case(idva, help_point)
    Case.objects.filter(pk=quiet.pk).update(opened_at=timezone.now() - timedelta(days=60))
    unallocated = case_services.open_case(
        idva.user,
        PersonFactory(agency=idva.agency),
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now(),
    )
    Case.objects.filter(pk=unallocated.pk).update(lead_professional=None)

    page = headings(signed_in(manager_a))

    assert "Referrals nobody leads yet: 1" in page and unallocated.reference in page
    assert "without a contact for 28 days: 1" in page and quiet.reference in page


def test_the_coordinator_sees_research_missing_for_the_next_meeting(
    signed_in, idva, coordinator, help_point, area, meeting, ric
):
    everything_on(idva, coordinator, help_point, area, meeting, ric)

    page = headings(signed_in(coordinator))

    assert "Cases without research from every agency attending" in page
    assert "Riverford MARAC" in page


# Query counts at city scale ------------------------------------------------------------------


def city(idva, coordinator, help_point, area, meeting, ric):
    """A city's worth of the IDVA's cases (synthetic journeys straight into the database),
    a task on each, and more cases with every kind of row."""
    load(
        generate_chunks(CITY_PEOPLE, service=SERVICE, seed=7, until=date(2026, 11, 30)),
        agency=idva.agency,
        actor=idva.user,
    )
    due = timezone.localdate() - timedelta(days=2)
    Task.objects.bulk_create(
        Task(agency=case.agency, case=case, title="Check in", due_on=due, assignee=idva.user)
        for case in Case.objects.filter(agency=idva.agency)
    )
    for _ in range(3):
        everything_on(idva, coordinator, help_point, area, meeting, ric)


@pytest.mark.parametrize("role", ["idva", "manager_a", "coordinator"])
def test_home_pages_keep_their_number_of_queries_at_city_scale(
    role,
    request,
    signed_in,
    idva,
    coordinator,
    help_point,
    area,
    meeting,
    ric,
    django_assert_num_queries,
):
    client = signed_in(request.getfixturevalue(role))
    everything_on(idva, coordinator, help_point, area, meeting, ric)
    client.get(reverse("home"))
    with django_assert_num_queries(PINNED[role]) as few:
        client.get(reverse("home"))

    city(idva, coordinator, help_point, area, meeting, ric)

    assert Case.objects.count() > CITY_PEOPLE
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


# One each for the vacancies panel, for whether the user leads delivery-plan actions, and
# for whether their agency's help point takes online referrals (issue 18); a service
# manager's two for the complaints overdue (the first ten and how many).
PINNED = {"idva": 16, "manager_a": 27, "coordinator": 20}


def contract(commissioner, provider, number):
    found = Contract.objects.create(
        agency=commissioner.agency,
        title=f"Contract {number}",
        provider=provider,
        starts_on=date(2025, 4, 1),
        ends_on=date(2028, 3, 31),
        annual_value_pence=100,
    )
    found.returns.create(year=1, quarter=number % 4 + 1, status="submitted")


def test_the_commissioner_home_keeps_its_number_of_queries(
    signed_in, commissioner, agency_a, django_assert_num_queries
):
    client = signed_in(commissioner)
    contract(commissioner, agency_a, 0)
    client.get(reverse("home"))
    with django_assert_num_queries(11) as few:  # one for the delivery-plan actions panel
        client.get(reverse("home"))
    for number in range(1, 20):
        contract(commissioner, agency_a, number)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert "Returns waiting for your review: 20" in page


def test_the_analyst_home_keeps_its_number_of_queries(
    signed_in, analyst, agency_a, agency_b, agency_c, django_assert_num_queries
):
    client = signed_in(analyst)
    schedule = {"kind": "incident", "starts_on": date(2020, 4, 1)}
    SubmissionSchedule.objects.create(agency=agency_a, **schedule)
    client.get(reverse("home"))
    with django_assert_num_queries(9) as few:  # one for the delivery-plan actions panel
        client.get(reverse("home"))
    for agency in (agency_b, agency_c):
        SubmissionSchedule.objects.create(agency=agency, **schedule)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert "Overdue: due" in page


def test_the_caseload_keeps_its_number_of_queries_at_city_scale(
    signed_in, idva, coordinator, help_point, area, meeting, ric, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("cases:caseload") + "?view=mine&status=active"
    everything_on(idva, coordinator, help_point, area, meeting, ric)
    client.get(url)
    with django_assert_num_queries(7) as few:
        client.get(url)

    city(idva, coordinator, help_point, area, meeting, ric)

    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Next meeting" in page and "High, " in page and "Overdue: due" in page
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url + "&risk=high&marac=listed&task=overdue&contact=quiet")
