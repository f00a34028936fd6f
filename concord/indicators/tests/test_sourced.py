"""The strategy indicators sourced from Concord's records and the partnership data, and the
outcome indicators, on small hand-built records: what is counted, what is known, and the
period's edges."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime
from typing import Any, cast

import pytest
from django.utils import timezone

from concord.accommodation.tests.factories import (
    HousingCaseFactory,
    HousingRecordFactory,
    SanctuaryMeasureFactory,
)
from concord.accounts.models import Agency, AgencyKind, Membership, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    ServiceFactory,
    UserFactory,
)
from concord.cases.models import Contact, ExitReview
from concord.cases.tests.factories import CaseFactory
from concord.domain.periods import Quarter, parse_period
from concord.indicators.catalogue import Unit, get
from concord.indicators.engine import Result, compute
from concord.indicators.models import CachedResult
from concord.people.tests.factories import PersonFactory
from concord.programmes.models import ChildAttendance
from concord.programmes.tests.factories import (
    CaseChildFactory,
    FamilyCaseFactory,
    ProgrammeRecordFactory,
)
from concord.submissions import services
from concord.submissions.models import (
    PartnershipRecord,
    Submission,
    SubmissionSchedule,
    SubmissionStatus,
)
from concord.submissions.tests.files import csv_bytes, rows
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db
Q1_2013 = parse_period("2013Q1")  # April to June 2013
FIRST, LAST = date(2013, 4, 1), date(2013, 6, 30)
IN, BEFORE, AFTER = date(2013, 5, 10), date(2013, 3, 31), date(2013, 7, 1)


def new_agency(**fields: Any) -> Agency:
    return cast(Agency, AgencyFactory(**fields))


def new_user() -> User:
    return cast(User, UserFactory())


def moment(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def result(code: str, **filters: Any) -> Result:
    (found,) = compute([code], Q1_2013, **filters)
    return found


def figure(code: str, **filters: Any) -> tuple[int, int | None, int | None]:
    """(numerator, denominator, not known)."""
    found = result(code, **filters)
    return found.numerator, found.denominator, found.not_known


# Strategy: helpline calls -----------------------------------------------------------------------


def call(case: Any, day: date, **fields: Any) -> Contact:
    return Contact.objects.create(
        case=case,
        agency=case.agency,
        channel=fields.pop("channel", "call"),
        initiated_by=fields.pop("initiated_by", "victim"),
        occurred_at=fields.pop("at", moment(day)),
        worker=new_user(),
        out_of_hours=False,
    )


def test_helpline_calls_are_victims_calls_to_a_help_point(agency_a: Agency) -> None:
    help_point = ServiceFactory(agency=agency_a, kind=ServiceKind.HELP_POINT)
    case = CaseFactory(agency=agency_a, service=help_point)
    call(case, IN)
    call(case, IN)  # each call counts
    call(case, FIRST, at=timezone.make_aware(datetime(2013, 4, 1, 0, 0)))  # first moment
    call(case, BEFORE, at=timezone.make_aware(datetime(2013, 3, 31, 23, 59)))  # the day before
    call(case, AFTER, at=timezone.make_aware(datetime(2013, 7, 1, 0, 0)))
    call(case, IN, initiated_by="professional")
    call(case, IN, channel="text")
    housing = HousingCaseFactory(agency=agency_a)
    call(housing, IN)  # not a help point

    assert figure("helpline_calls") == (3, None, None)
    assert figure("helpline_calls", agency=new_agency()) == (0, None, None)


# Strategy: police incidents, repeat victimisation, court outcomes -------------------------------


def sent(agency: Agency, kind: str, day: date, **fields: Any) -> PartnershipRecord:
    submission = Submission.objects.create(
        agency=agency,
        submitted_by=new_user(),
        kind=kind,
        period_first=FIRST,
        period_last=LAST,
        filename="extract.csv",
        sha256=uuid.uuid4().hex,
        status=SubmissionStatus.ACCEPTED,
    )
    return PartnershipRecord.objects.create(
        agency=agency,
        kind=kind,
        record_id=uuid.uuid4().hex,
        occurred_on=day,
        victim_key=uuid.uuid4(),
        submission=submission,
        row_hash="",
        **fields,
    )


@pytest.fixture
def police() -> Agency:
    return new_agency(kind=AgencyKind.POLICE)


def test_police_incidents_and_repeats_count_police_incidents_in_the_period(police: Agency) -> None:
    for repeat in ("yes", "yes", "no", "not_known", ""):
        sent(police, "incident", IN, repeat=repeat)
    sent(police, "incident", FIRST, repeat="no")
    sent(police, "incident", LAST, repeat="yes")
    sent(police, "incident", BEFORE, repeat="yes")
    sent(police, "incident", AFTER, repeat="yes")
    sent(police, "referral", IN, repeat="yes")  # a referral is not an incident
    sent(new_agency(kind=AgencyKind.HEALTH), "incident", IN, repeat="yes")  # not the police

    assert figure("police_incidents") == (7, None, None)
    repeats = result("police_repeat_victimisation")
    assert (repeats.numerator, repeats.denominator, repeats.not_known) == (3, 5, 2)
    assert repeats.whole == 60
    assert get("police_repeat_victimisation").unit == Unit.PERCENTAGE
    assert figure("police_incidents", agency=new_agency(kind=AgencyKind.POLICE))[0] == 0


def test_police_figures_break_down_by_agency_only(police: Agency) -> None:
    other = new_agency(kind=AgencyKind.POLICE, name="Another force")
    sent(police, "incident", IN, repeat="yes")
    sent(other, "incident", IN, repeat="no")

    by_agency = compute(["police_repeat_victimisation"], Q1_2013, disaggregation="agency")

    assert {(r.group, r.numerator, r.denominator) for r in by_agency} == {
        (police.name, 1, 1),
        (other.name, 0, 1),
    }
    assert get("police_incidents").disaggregations == ("agency",)


def test_cps_successful_outcomes_are_convictions_of_those_finalised(police: Agency) -> None:
    for outcome in ("guilty_plea", "convicted_after_trial", "proved_in_absence"):
        sent(police, "court_outcome", IN, court_outcome=outcome)
    for outcome in ("discontinued", "acquitted_after_trial", "administratively_finalised"):
        sent(police, "court_outcome", IN, court_outcome=outcome)
    sent(police, "court_outcome", AFTER, court_outcome="guilty_plea")
    sent(police, "incident", IN, outcome="charge")  # an incident is no court outcome

    found = result("cps_successful_outcomes")

    assert (found.numerator, found.denominator, found.not_known, found.whole) == (3, 6, 0, 50)
    assert get("cps_successful_outcomes").unit == Unit.PERCENTAGE


def test_protection_orders_made_in_the_period(police: Agency) -> None:
    for order, day in (("dvpo", IN), ("non_molestation", LAST), ("dvpn", AFTER)):
        sent(police, "protection_order", day, order_type=order)
    assert figure("protection_orders_made") == (2, None, None)


# Strategy: agencies submitting routine data ------------------------------------------------------


def schedule(agency: Agency, kind: str = "incident", **fields: Any) -> SubmissionSchedule:
    return SubmissionSchedule.objects.create(
        agency=agency, kind=kind, starts_on=fields.pop("starts_on", date(2012, 4, 1)), **fields
    )


def received(agency: Agency, kind: str = "incident", **fields: Any) -> Submission:
    return Submission.objects.create(
        agency=agency,
        submitted_by=new_user(),
        kind=kind,
        period_first=fields.pop("period_first", FIRST),
        period_last=fields.pop("period_last", LAST),
        filename="extract.csv",
        sha256=uuid.uuid4().hex,
        status=fields.pop("status", SubmissionStatus.ACCEPTED),
    )


def test_agencies_submitting_have_a_scheduled_file_accepted_for_the_period() -> None:
    both = new_agency()
    schedule(both, "incident")
    schedule(both, "referral")
    received(both, "incident")
    received(both, "referral")  # one agency however many files
    schedule(refused := new_agency())
    received(refused, status=SubmissionStatus.REFUSED)
    schedule(late_quarter := new_agency())
    received(late_quarter, period_first=date(2013, 7, 1), period_last=date(2013, 9, 30))
    received(new_agency())  # sent without a schedule
    schedule(ended := new_agency(), ends_on=date(2013, 3, 31))
    received(ended)  # the schedule ended before
    schedule(not_yet := new_agency(), starts_on=date(2013, 7, 1))
    received(not_yet)  # the schedule starts after
    schedule(other_kind := new_agency(), "referral")
    received(other_kind, "incident")
    schedule(still := new_agency(), ends_on=date(2013, 6, 30))
    received(still)

    assert figure("agencies_submitting_data") == (2, None, None)
    assert figure("agencies_submitting_data", agency=still) == (1, None, None)
    year = compute(["agencies_submitting_data"], parse_period("2013-14"))
    assert year[0].numerator == 3  # the quarter after counts in the year


# Strategy: refuge, programme completions ------------------------------------------------------


def test_victims_in_refuge_are_distinct_people_in_refuge_on_a_day_of_the_period(
    agency_a: Agency,
) -> None:
    refuge = ServiceFactory(agency=agency_a, kind=ServiceKind.REFUGE)
    person = PersonFactory(agency=agency_a)
    CaseFactory(person=person, service=refuge, opened_at=moment(BEFORE))  # still open
    CaseFactory(person=person, service=refuge, opened_at=moment(IN))  # the same person
    CaseFactory(agency=agency_a, service=refuge, opened_at=moment(BEFORE), closed_at=moment(FIRST))
    CaseFactory(agency=agency_a, service=refuge, opened_at=moment(AFTER))  # not yet
    CaseFactory(
        agency=agency_a,
        service=refuge,
        closed_at=moment(BEFORE),
        opened_at=moment(date(2013, 1, 1)),
    )
    CaseFactory(agency=agency_a, service=refuge)  # referred, never opened
    HousingRecordFactory(case__agency=agency_a, refuge_placed_on=BEFORE, refuge_ended_on=FIRST)
    HousingRecordFactory(case__agency=agency_a, refuge_placed_on=LAST)
    HousingRecordFactory(case__agency=agency_a, refuge_placed_on=AFTER)
    HousingRecordFactory(case__agency=agency_a, refuge_placed_on=date(2013, 1, 1),
                         refuge_ended_on=BEFORE)  # fmt: skip
    HousingRecordFactory(case__agency=agency_a)  # no refuge stay

    assert figure("refuge_and_floating_support") == (4, None, None)


def test_strategy_programme_completions_are_the_programmes(agency_a: Agency) -> None:
    for day, completion in ((IN, "completed"), (LAST, "completed"), (AFTER, "completed"),
                            (IN, "did_not_complete")):  # fmt: skip
        ProgrammeRecordFactory(case__agency=agency_a, completion_on=day, completion=completion)

    assert figure("perpetrator_programme_completions") == (2, None, None)
    assert figure("programme_completions") == (2, None, None)


# Outcomes of support ------------------------------------------------------------------------------


def reviewed(agency: Agency, closed: date, **fields: Any) -> ExitReview:
    case: Any = CaseFactory(
        agency=agency, opened_at=moment(date(2013, 1, 2)), closed_at=moment(closed)
    )
    return ExitReview.objects.create(
        case=case,
        agency=agency,
        feels_safer=fields.pop("feels_safer", "yes"),
        abuse_change=fields.pop("abuse_change", "not_known"),
        reviewed_on=closed,
        **fields,
    )


def test_wellbeing_and_safety_improved_need_both_scores(agency_a: Agency) -> None:
    reviewed(agency_a, IN, wellbeing_at_intake=3, wellbeing_at_exit=7, safety_at_intake=2)
    reviewed(agency_a, IN, wellbeing_at_intake=5, wellbeing_at_exit=5,
             safety_at_intake=4, safety_at_exit=9)  # fmt: skip
    reviewed(agency_a, LAST, wellbeing_at_intake=6, wellbeing_at_exit=4,
             safety_at_intake=0, safety_at_exit=1)  # fmt: skip
    reviewed(agency_a, IN, wellbeing_at_exit=8)  # no intake score: not known
    reviewed(agency_a, AFTER, wellbeing_at_intake=1, wellbeing_at_exit=9)

    assert figure("wellbeing_improved_rate") == (1, 3, 1)
    assert figure("safety_improved_rate") == (2, 2, 2)
    assert result("safety_improved_rate").whole == 100


def test_abuse_stopped_or_reduced_of_those_known(agency_a: Agency) -> None:
    for change in ("stopped", "reduced", "continued", "not_known"):
        reviewed(agency_a, IN, abuse_change=change)
    reviewed(agency_a, BEFORE, abuse_change="stopped")

    found = result("abuse_stopped_or_reduced_rate")

    assert (found.numerator, found.denominator, found.not_known, found.whole) == (2, 3, 1, 67)


def test_sanctuary_measures_and_the_homes_they_made_safe(agency_a: Agency) -> None:
    home = HousingRecordFactory(case__agency=agency_a)
    other = HousingRecordFactory(case__agency=agency_a)
    for day in (IN, LAST):
        SanctuaryMeasureFactory(housing_record=home, fitted_on=day)
    SanctuaryMeasureFactory(housing_record=other, fitted_on=FIRST, kind="alarm")
    SanctuaryMeasureFactory(housing_record=HousingRecordFactory(case__agency=agency_a),
                            fitted_on=AFTER)  # fmt: skip

    assert figure("sanctuary_measures_fitted") == (3, None, None)
    assert figure("homes_made_safe_with_sanctuary") == (2, None, None)


def test_training_knowledge_is_of_the_attendees_of_sessions_that_asked(agency_a: Agency) -> None:
    TrainingSessionFactory(agency=agency_a, held_on=IN, attendees=10, reported_more_knowledge=8)
    TrainingSessionFactory(agency=agency_a, held_on=LAST, attendees=20, reported_more_knowledge=13)
    TrainingSessionFactory(agency=agency_a, held_on=IN, attendees=7)  # not asked
    TrainingSessionFactory(agency=agency_a, held_on=AFTER, attendees=9, reported_more_knowledge=9)

    found = result("training_more_knowledge_rate")

    assert (found.numerator, found.denominator, found.not_known, found.whole) == (21, 30, 7, 70)


def test_training_knowledge_of_no_session_has_no_value(db: None) -> None:
    assert result("training_more_knowledge_rate") == Result("training_more_knowledge_rate", 0, 0, 0)


# Safeguarding children ------------------------------------------------------------------------------


def child_on(case: Any, person: Any = None, **flags: str) -> Any:
    if person is None:
        return CaseChildFactory(case=case, **flags)
    return CaseChildFactory(case=case, person=person, **flags)


def test_children_flags_are_distinct_children_on_cases_open_in_the_period(agency_a: Agency) -> None:
    open_case = FamilyCaseFactory(agency=agency_a, opened_at=moment(BEFORE))
    closed_in = FamilyCaseFactory(
        agency=agency_a, opened_at=moment(BEFORE), closed_at=moment(FIRST)
    )
    closed_before = FamilyCaseFactory(agency=agency_a, opened_at=moment(date(2013, 1, 1)),
                                      closed_at=moment(BEFORE))  # fmt: skip
    not_opened = FamilyCaseFactory(agency=agency_a)
    twice = child_on(open_case, self_harm="yes", suicidal_feelings="no")
    child_on(closed_in, twice.person, self_harm="yes", suicidal_feelings="no")  # once
    child_on(open_case, self_harm="no", suicidal_feelings="not_known")
    child_on(closed_in, self_harm="not_known", suicidal_feelings="yes")
    child_on(closed_before, self_harm="yes", suicidal_feelings="yes")
    child_on(not_opened, self_harm="yes", suicidal_feelings="yes")

    assert figure("children_self_harm") == (1, 2, 1)
    assert figure("children_suicidal_feelings") == (1, 2, 1)
    assert result("children_self_harm").whole == 50


def test_children_taking_up_the_creche_are_counted_once(agency_a: Agency) -> None:
    child: Any = CaseChildFactory(case=FamilyCaseFactory(agency=agency_a))
    group_only: Any = CaseChildFactory(case=FamilyCaseFactory(agency=agency_a))
    for first, last, kind in ((BEFORE, IN, "creche"), (IN, AFTER, "creche"), (IN, IN, "group")):
        ChildAttendance.objects.create(case_child=child, agency=agency_a, kind=kind,
                                       sessions_attended=2, first_session_on=first,
                                       last_session_on=last)  # fmt: skip
    ChildAttendance.objects.create(case_child=group_only, agency=agency_a, kind="group",
                                   sessions_attended=1, first_session_on=IN,
                                   last_session_on=IN)  # fmt: skip

    assert figure("children_using_creche") == (1, None, None)
    assert figure("children_accessing_family_service") == (2, None, None)


def test_an_accepted_file_is_counted_at_once_in_kept_figures(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path
    police = new_agency(slug="police", kind=AgencyKind.POLICE)
    officer = cast(Membership, MembershipFactory(agency=police, role=Role.DATA_OFFICER))
    assert figure("police_incidents") == (0, None, None)  # kept: the quarter has ended
    assert CachedResult.objects.filter(code="police_incidents").exists()

    content = csv_bytes(rows(2, occurred_on="2013-05-02", repeat="yes"))
    services.receive_submission(
        officer, io.BytesIO(content), filename="i.csv", kind="incident", quarter=Quarter(2013, 1)
    )

    assert figure("police_incidents") == (2, None, None)
    assert figure("police_repeat_victimisation") == (2, 2, 0)
