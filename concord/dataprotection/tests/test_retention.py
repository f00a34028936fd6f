"""Retention: the monthly job lists people whose every retention rule has passed, a
manager approves or holds them, and anonymising the approved ones changes no figure of a
closed quarter, keeps every row and leaves the audit trail whole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from concord.cases import services as case_services
from concord.cases.models import Case, Contact
from concord.config.scope import Scope
from concord.core import audit, maintenance
from concord.core.models import AuditEvent
from concord.dataprotection import retention
from concord.dataprotection.models import RetentionReview, ReviewStatus
from concord.dataprotection.tests.conftest import SERVICE, end_long_ago
from concord.domain.periods import quarter_of, quarters_between
from concord.indicators import engine
from concord.indicators.catalogue import INDICATORS
from concord.indicators.models import CachedResult
from concord.marac.models import MaracReferral, PersonCausingHarm
from concord.people.models import ContactSafety, Correction, Person
from concord.people.services import set_contact_safety, update_person
from concord.referrals.models import Referral
from concord.risk.models import RiskAssessment
from concord.synthetic.journeys import generate_chunks
from concord.synthetic.loading import load

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)
LONG_AGO = date(2019, 6, 1)  # journeys referred in the year before: ended over six years ago
BREAKDOWNS = ("age_band", "sex", "ethnicity_group", "area")


@pytest.fixture
def journeys(agency_a, idva, help_point):
    """Forty people whose journeys were referred in the year to June 2019."""
    load(
        generate_chunks(40, service=SERVICE, seed=11, until=LONG_AGO),
        agency=agency_a,
        actor=idva.user,
    )
    return Person.objects.filter(agency=agency_a)


def figures(quarters):
    """Every indicator with a query for each quarter, whole and by each person breakdown,
    computed afresh."""
    CachedResult.objects.all().delete()
    found = {}
    for quarter in quarters:
        for result in engine.compute(None, quarter.period):
            found[(str(quarter), result.code, None)] = result
        for breakdown in BREAKDOWNS:
            codes = [
                indicator.code
                for indicator in INDICATORS
                if breakdown in indicator.source.disaggregations
            ]
            for result in engine.compute(codes, quarter.period, disaggregation=breakdown):
                found[(str(quarter), result.code, breakdown, result.group)] = result
    return found


def closed_quarters():
    first = Case.objects.order_by("referred_at").first().referred_at.date()
    return quarters_between(quarter_of(first), quarter_of(TODAY).previous())


def test_a_retention_run_anonymises_what_is_due_and_changes_no_closed_quarters_figures(
    journeys, manager_a, sarahs_case, person_a
):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    Person.objects.filter(pk=person_a.pk).update(date_of_birth=date(1988, 3, 14))
    person_a.refresh_from_db()
    update_person(manager_a.user, person_a, reason="Misspelt", family_name="Ahmad")
    set_contact_safety(
        manager_a.user, person_a, safe_phone="07700 900123", current_address="1 Elm Row"
    )
    still_open = journeys.filter(cases__status__in=["referred", "open"])
    quarters = closed_quarters()
    before = figures(quarters)
    assert (
        sum(1 for key, result in before.items() if key[2] == "age_band" and result.numerator) > 20
    )
    rows_before = {model: model.objects.count() for model in (Person, Case, Contact, Referral)}

    listed = retention.list_due(TODAY)

    due = RetentionReview.objects.filter(status=ReviewStatus.DUE)
    assert listed == due.count() > 10
    assert person_a.pk in set(due.values_list("person", flat=True))
    assert not due.filter(person__in=still_open).exists()
    assert retention.list_due(TODAY) == 0  # listed once only
    retention.decide(manager_a.user, manager_a.agency, due, approve=True, reason="")

    assert retention.anonymise_approved(TODAY) == listed

    assert figures(quarters) == before
    assert {model: model.objects.count() for model in rows_before} == rows_before
    sarah = Person.objects.get(pk=person_a.pk)
    assert (sarah.given_name, sarah.family_name) == ("Anonymised", "person")
    assert sarah.date_of_birth == date(1988, 3, 2)  # born 14 March 1988: the month is kept
    assert Correction.objects.get(person=sarah).old_value == ""
    safety = ContactSafety.objects.get(person=sarah)
    assert (safety.safe_phone, safety.current_address) == ("", "")
    assert not Contact.objects.filter(case__person=sarah).exclude(notes="").exists()
    assert not RiskAssessment.objects.filter(case__person=sarah).exclude(concerns="").exists()
    referral = Referral.objects.get(case__person=sarah)
    assert (referral.given_name, referral.safeguarding_reason) == ("Anonymised", "Anonymised")
    marac = MaracReferral.objects.get(case__person=sarah)
    assert "Darren" not in marac.victim_fears and "07700" not in marac.safe_contact
    assert marac.score == 15
    assert not PersonCausingHarm.objects.filter(given_name="Darren").exists()
    anonymised = {
        event.object_id: event.changes
        for event in AuditEvent.objects.filter(action="person.anonymised")
    }
    assert len(anonymised) == listed
    assert set(anonymised[str(sarah.pk)]) == {"cases", "marac", "people", "referrals", "risk"}
    audit.seal()
    assert audit.verify_chain() is None


def test_a_recent_marac_referral_keeps_the_person_after_their_case_ended(
    manager_a, sarahs_case, person_a
):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    MaracReferral.objects.filter(case=sarahs_case).update(referred_on=date(2023, 1, 10))

    assert retention.list_due(TODAY) == 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.RETENTION_MARAC_YEARS", 3)
        assert retention.list_due(TODAY) == 1


def test_an_open_case_keeps_the_person(sarahs_case):
    assert retention.list_due(TODAY) == 0


def test_a_held_person_is_not_anonymised_and_keeps_the_reason(manager_a, sarahs_case, person_a):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    retention.list_due(TODAY)
    due = RetentionReview.objects.filter(status=ReviewStatus.DUE)

    retention.decide(manager_a.user, manager_a.agency, due, approve=False, reason="Complaint open")

    assert retention.anonymise_approved(TODAY) == 0
    assert Person.objects.get(pk=person_a.pk).given_name == "Sarah"
    assert RetentionReview.objects.get().hold_reason == "Complaint open"
    assert retention.list_due(TODAY) == 0  # a hold lasts a year
    assert retention.list_due(date(2028, 1, 1)) == 1


def test_a_person_with_a_new_case_since_the_approval_is_not_anonymised(
    idva, manager_a, sarahs_case, person_a, help_point
):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    retention.list_due(TODAY)
    retention.decide(
        manager_a.user, manager_a.agency, RetentionReview.objects.all(), approve=True, reason=""
    )
    case_services.open_case(
        idva.user,
        person_a,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now(),
    )

    assert retention.anonymise_approved(TODAY) == 0
    assert Person.objects.get(pk=person_a.pk).given_name == "Sarah"
    assert RetentionReview.objects.get().status == ReviewStatus.HELD


def test_a_review_decided_already_cannot_be_decided_again(manager_a, sarahs_case):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    retention.list_due(TODAY)
    reviews = list(RetentionReview.objects.all())
    retention.decide(manager_a.user, manager_a.agency, reviews, approve=True, reason="")

    with pytest.raises(retention.NotDue):
        retention.decide(manager_a.user, manager_a.agency, reviews, approve=False, reason="x")


def test_the_review_scope_refuses_a_practitioner(idva):
    with pytest.raises(PermissionDenied):
        Scope(idva.user, idva).reviews_due()


def test_the_worker_lists_monthly_and_anonymises_hourly():
    jobs = {job.name: job for job in maintenance.registered()}

    assert jobs["list_records_due"].function is retention.list_due
    assert jobs["list_records_due"].every == timedelta(days=30)
    assert jobs["anonymise_approved"].every == timedelta(hours=1)


def test_a_person_listed_by_another_worker_at_the_same_time_is_listed_once(
    monkeypatch, sarahs_case
):
    end_long_ago(sarahs_case, date(2019, 3, 1))
    assert retention.list_due(TODAY) == 1
    # A second worker that chose the same people before the first committed:
    monkeypatch.setattr(retention, "people_due", retention.past_retention)

    assert retention.list_due(TODAY) == 0
    assert RetentionReview.objects.count() == 1
