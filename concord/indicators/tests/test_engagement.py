"""Engagement in support (DOMAIN §7) and the IDVA measure, on hand-built cases."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest

from concord.accounts.models import Agency, Membership, Service, ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.models import Case, IntakeProfile, SupportOffer
from concord.cases.tests.factories import CaseFactory
from concord.indicators.engine import Result, compute
from concord.indicators.tests.test_engine import Q1_2013, by_code, contact, moment
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ENGAGEMENT = ["engagement_rate", "victims_engaging"]


def service_of(agency: Agency, kind: str = ServiceKind.HELP_POINT) -> Service:
    return cast(Service, ServiceFactory(agency=agency, kind=kind))


def case_of(service: Service, referred: date = date(2013, 4, 10), **fields: Any) -> Case:
    return cast(
        Case,
        CaseFactory(
            **{"person": PersonFactory(agency=service.agency), **fields},
            service=service,
            referred_at=moment(referred),
        ),
    )


def offer(
    case: Case,
    membership: Membership,
    answer: str = "accepted",
    offered_on: date = date(2013, 4, 11),
    kind: str = "casework",
) -> SupportOffer:
    return SupportOffer.objects.create(
        agency=case.agency,
        case=case,
        kind=kind,
        offered_on=offered_on,
        answer=answer,
        answered_on=None if answer == "awaiting" else offered_on,
        offered_by=membership.user,
    )


def assess(case: Case, membership: Membership, on: date = date(2013, 4, 11)) -> None:
    IntakeProfile.objects.create(
        case=case, agency=case.agency, assessed_on=on, assessed_by=membership.user, answers={}
    )


def engagement(**filters: Any) -> dict[str, Result]:
    return by_code(compute(ENGAGEMENT, Q1_2013, **filters))


def test_accepted_support_with_a_contact_after_the_assessment_engages(
    agency_a: Agency, idva: Membership
) -> None:
    service = service_of(agency_a)
    engaged = case_of(service)
    assess(engaged, idva)
    offer(engaged, idva)
    contact(engaged, date(2013, 4, 12), idva)
    for answer in ("declined", "not_contactable"):
        answered = case_of(service)
        assess(answered, idva)
        offer(answered, idva, answer)
        contact(answered, date(2013, 4, 12), idva)  # a contact does not make it accepted

    results = engagement()

    assert results["engagement_rate"] == Result("engagement_rate", 1, 3, 0)
    assert results["engagement_rate"].whole == 33
    assert results["victims_engaging"].numerator == 1


def test_accepted_without_a_contact_from_the_assessment_does_not_engage(
    agency_a: Agency, idva: Membership
) -> None:
    service = service_of(agency_a)
    before = case_of(service)
    assess(before, idva, date(2013, 4, 20))
    offer(before, idva)
    contact(before, date(2013, 4, 19), idva, hour=23)  # 22:00 UTC, the evening before
    same_day = case_of(service)
    assess(same_day, idva, date(2013, 4, 20))
    offer(same_day, idva)
    contact(same_day, date(2013, 4, 20), idva, hour=0)  # 23:00 UTC the day before: BST

    assert engagement()["engagement_rate"] == Result("engagement_rate", 1, 2, 0)


def test_without_an_assessment_the_day_of_opening_counts(
    agency_a: Agency, idva: Membership
) -> None:
    service = service_of(agency_a)
    opened = case_of(service, opened_at=moment(date(2013, 4, 15), 14), status="open")
    offer(opened, idva)
    contact(opened, date(2013, 4, 15), idva, hour=9)  # earlier that day
    never_opened = case_of(service)
    offer(never_opened, idva)
    contact(never_opened, date(2013, 4, 15), idva)

    assert engagement()["engagement_rate"] == Result("engagement_rate", 1, 2, 0)


def test_a_housing_officers_visit_is_not_engagement_with_the_victim_service(
    agency_a: Agency, idva: Membership
) -> None:
    help_point = case_of(service_of(agency_a))
    assess(help_point, idva)
    offer(help_point, idva)
    housing = case_of(service_of(agency_a, ServiceKind.HOUSING), person=help_point.person)
    contact(housing, date(2013, 4, 12), idva)  # a housing officer's visit

    results = engagement()

    assert results["engagement_rate"] == Result("engagement_rate", 0, 1, 0)


def test_a_referral_without_an_offer_is_not_recorded_rather_than_offered(
    agency_a: Agency, idva: Membership
) -> None:
    help_point = service_of(agency_a)
    offered = case_of(help_point)
    assess(offered, idva)
    offer(offered, idva)
    contact(offered, date(2013, 4, 12), idva)
    case_of(help_point)  # referred, no offer recorded
    awaiting = case_of(help_point)
    offer(awaiting, idva, "awaiting")
    case_of(service_of(agency_a, ServiceKind.HOUSING))  # a referral to another service
    case_of(service_of(agency_a, ServiceKind.PERPETRATOR_PROGRAMME))
    case_of(help_point, referred=date(2013, 3, 1))  # referred the quarter before, no offer

    results = engagement()

    assert results["engagement_rate"] == Result("engagement_rate", 1, 1, 2)
    assert results["victims_engaging"].numerator == 1


def test_the_offer_counts_in_the_period_it_was_made(agency_a: Agency, idva: Membership) -> None:
    service = service_of(agency_a)
    earlier = case_of(service, referred=date(2013, 3, 1))
    assess(earlier, idva, date(2013, 3, 2))
    offer(earlier, idva, offered_on=date(2013, 4, 2))  # referred before, offered in Q1
    contact(earlier, date(2013, 4, 3), idva)
    later = case_of(service)
    offer(later, idva, offered_on=date(2013, 7, 1))  # referred in Q1, offered in Q2

    assert engagement()["engagement_rate"] == Result("engagement_rate", 1, 1, 0)


def test_engagement_is_per_service_and_agency(
    agency_a: Agency, agency_b: Agency, idva: Membership, police_rep: Membership
) -> None:
    first, second = service_of(agency_a), service_of(agency_a)
    for service in (first, second):
        case = case_of(service)
        assess(case, idva)
        offer(case, idva)
        if service == first:
            contact(case, date(2013, 4, 12), idva)
    offer(case_of(service_of(agency_b)), police_rep, "declined")

    assert engagement(service=first)["engagement_rate"] == Result("engagement_rate", 1, 1, 0)
    assert engagement(service=second)["engagement_rate"] == Result("engagement_rate", 0, 1, 0)
    assert engagement(agency=agency_a)["engagement_rate"] == Result("engagement_rate", 1, 2, 0)
    by_service = compute(["engagement_rate"], Q1_2013, disaggregation="service")
    assert sorted(result.numerator for result in by_service) == [0, 0, 1]
    by_age = compute(["engagement_rate", "victims_engaging"], Q1_2013, disaggregation="age_band")
    assert sum(r.numerator for r in by_age if r.code == "engagement_rate") == 1
    assert sum(r.denominator or 0 for r in by_age) == 3


def test_idva_measure_counts_people_with_an_idva_case_in_touch(
    agency_a: Agency, idva: Membership
) -> None:
    help_point = service_of(agency_a)
    idva_case = case_of(help_point, worked_by_idva=True)
    contact(idva_case, date(2013, 5, 1), idva)
    contact(idva_case, date(2013, 5, 2), idva)
    contact(case_of(help_point), date(2013, 5, 1), idva)  # a help point case, not an IDVA's
    contact(case_of(help_point, worked_by_idva=True), date(2013, 3, 1), idva)  # before

    results = by_code(
        compute(["victims_engaging_with_idvas", "people_accessing_victim_service"], Q1_2013)
    )

    assert results["victims_engaging_with_idvas"].numerator == 1
    assert results["people_accessing_victim_service"].numerator == 2


def test_an_answer_recorded_later_changes_the_kept_figure(
    agency_a: Agency, idva: Membership
) -> None:
    case = case_of(service_of(agency_a))
    assess(case, idva)
    contact(case, date(2013, 4, 12), idva)
    awaiting = offer(case, idva, "awaiting")
    assert engagement()["engagement_rate"] == Result("engagement_rate", 0, 0, 1)

    services.answer_offer(idva.user, awaiting, answer="accepted", answered_on=date(2013, 4, 12))

    assert engagement()["engagement_rate"] == Result("engagement_rate", 1, 1, 0)
