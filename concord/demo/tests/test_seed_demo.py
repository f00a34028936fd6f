"""The demo partnership loads once: running seed_demo again, with or without synthetic
journeys in between, changes nothing (README: "running it again changes nothing"); it is
refused while demo accounts are switched off, and always in production."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from concord.accommodation.models import AccommodationService, Stay, SupportReceived, Unit
from concord.accounts.models import Agency, Membership, RoleGrant, User
from concord.accounts.roles import SECOND_PERSON_ROLES, Role
from concord.cases.models import Case, ImportedRecord, QuarantinedRow
from concord.core.models import AuditEvent
from concord.demo.activity import HOUSING_JOURNEYS, JOURNEYS
from concord.demo.partnership import DEMO_KIND
from concord.demo.submissions import QUARTERS
from concord.domain.periods import Period
from concord.indicators.engine import compute
from concord.people.models import Person
from concord.people.services import record_person
from concord.referrals.models import Referral
from concord.submissions.models import Submission, SubmissionStatus
from concord.submissions.services import last_quarter
from concord.synthetic import journeys

OUTCOMES = (
    "sanctuary_measures_fitted",
    "homes_made_safe_with_sanctuary",
    "refuge_and_floating_support",
    "children_self_harm",
    "children_suicidal_feelings",
    "children_using_creche",
    "training_more_knowledge_rate",
)
STRATEGY_FROM_FILES = (
    "police_incidents",
    "police_repeat_victimisation",
    "cps_successful_outcomes",
    "agencies_submitting_data",
    "protection_orders_made",
)

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo_on(settings, monkeypatch, tmp_path):
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.DATA_DIR = tmp_path
    monkeypatch.setitem(journeys.SCALES, "city", 15)
    monkeypatch.setitem(journeys.SCALES, "county", 12)


def test_seed_demo_after_city_journeys_changes_nothing(demo_on):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", scale="city", stdout=StringIO())
    haven = Agency.objects.get(slug="haven")
    # A synthetic person who shares a demo person's names, as the 400 city people do.
    record_person(None, haven, given_name="Sarah", family_name="Ahmed")
    before = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == before


def test_seed_demo_after_county_journeys_changes_nothing(demo_on):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", scale="county", stdout=StringIO())
    before = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == before


def test_demo_people_loaded_before_record_ids_are_found_again(demo_on):
    """A database seeded by an older Concord has the demo people without their record ids:
    they are adopted, not recorded a second time."""
    call_command("seed_demo", stdout=StringIO())
    ImportedRecord.objects.filter(kind=DEMO_KIND).delete()
    people = Person.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert Person.objects.count() == people
    assert ImportedRecord.objects.filter(kind=DEMO_KIND).count() == 4


def test_demo_data_loads_once(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("seed_demo")
    counts = (Agency.objects.count(), User.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo")

    assert (Agency.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts
    assert counts[0] == 7
    assert {m.role for m in Membership.objects.all()} == {role.value for role in Role}


def test_demo_data_refuses_when_switched_off(settings):
    settings.DEMO_ACCOUNTS_ENABLED = False
    with pytest.raises(CommandError, match="CONCORD_DEMO_ACCOUNTS"):
        call_command("seed_demo")
    assert not Membership.objects.exists()


def test_demo_data_can_add_synthetic_journeys_once(settings, monkeypatch, tmp_path):
    monkeypatch.setitem(journeys.SCALES, "city", 15)
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", scale="city", stdout=StringIO())
    cases = Case.objects.count()
    out = StringIO()
    call_command("seed_demo", scale="city", stdout=out)

    assert (
        cases == 15 + 7 + 1 + JOURNEYS + HOUSING_JOURNEYS  # 1: Grace's closed case (outcomes)
    )  # synthetic, hand-made, the demo's quarter of work
    assert Case.objects.count() == cases
    assert "synthetic cases: 0 imported, 15 already there, 0 kept back" in out.getvalue()


def test_seed_demo_loads_county_scale_straight_in_once(settings, monkeypatch, tmp_path):
    monkeypatch.setitem(journeys.SCALES, "county", 12)
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", scale="county", stdout=out)
    cases, events = (
        Case.objects.count(),
        AuditEvent.objects.filter(action="synthetic.loaded").count(),
    )
    again = StringIO()
    call_command("seed_demo", scale="county", stdout=again)

    assert (
        cases == 12 + 7 + 1 + JOURNEYS + HOUSING_JOURNEYS  # 1: Grace's closed case (outcomes)
    )  # synthetic, hand-made, the demo's quarter of work
    assert events == 3  # the demo's at Turning Point and Riverford Homes, the county's
    assert "synthetic cases: 12 loaded straight into the database" in out.getvalue()
    assert "synthetic people: 12 of 12" in out.getvalue()
    assert "already loaded, nothing added" in again.getvalue()
    assert Case.objects.count() == cases
    assert not QuarantinedRow.objects.exists()


def test_demo_commands_refuse_in_production(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="CONCORD_ENVIRONMENT=production"):
        call_command("seed_demo", stdout=StringIO())
    with pytest.raises(CommandError, match="CONCORD_ENVIRONMENT=production"):
        call_command("demo_mfa_code", "sysadmin@demo.concord.example", stdout=StringIO())
    assert not User.objects.exists()


def test_deployment_checks_refuse_demo_accounts_in_production(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.ENVIRONMENT = "production"

    with pytest.raises(SystemCheckError, match=r"concord\.E001"):
        call_command("check", deploy=True, stdout=StringIO(), stderr=StringIO())


def test_deployment_checks_allow_demo_accounts_in_development(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    settings.ENVIRONMENT = "development"

    call_command("check", deploy=True, stdout=StringIO(), stderr=StringIO())


def test_demo_case_roles_are_kept_as_given_by_concord_itself(demo_on):
    call_command("seed_demo", stdout=StringIO())

    case_roles = Membership.objects.filter(role__in=SECOND_PERSON_ROLES)
    grants = RoleGrant.objects.filter(membership__in=case_roles)
    assert case_roles.exists()
    assert grants.count() == case_roles.count()
    assert set(grants.values_list("status", "requested_by", "decided_by")) == {
        ("approved", None, None)
    }
    assert AuditEvent.objects.filter(action="role_grant.approved", actor=None).count() == (
        grants.count()
    )


def test_the_demo_police_send_files_whose_figures_the_strategy_counts(demo_on):
    call_command("seed_demo", stdout=StringIO())
    newest = last_quarter()
    period = Period(newest.shifted(-(QUARTERS - 1)).first, newest.last, "demo quarters")

    figures = {result.code: result for result in compute(STRATEGY_FROM_FILES, period)}

    assert Submission.objects.filter(status=SubmissionStatus.ACCEPTED).count() == 3 * QUARTERS
    assert figures["police_incidents"].numerator > 0
    repeats = figures["police_repeat_victimisation"]
    assert 0 < repeats.numerator < repeats.denominator and repeats.not_known > 0
    outcomes = figures["cps_successful_outcomes"]
    assert 0 < outcomes.numerator < outcomes.denominator
    assert figures["agencies_submitting_data"].numerator == 1
    assert figures["protection_orders_made"].numerator > 0
    assert not list(Path(settings.DATA_DIR, "submissions").iterdir())  # files deleted


def test_the_demo_pack_has_outcome_figures_beyond_the_help_point(demo_on):
    call_command("seed_demo", stdout=StringIO())
    today = date.today()
    period = Period(today - timedelta(days=60), today, "the last two months")

    figures = {result.code: result for result in compute(OUTCOMES, period)}

    assert figures["sanctuary_measures_fitted"].numerator == 3
    assert figures["homes_made_safe_with_sanctuary"].numerator == 1
    assert figures["refuge_and_floating_support"].numerator == 2  # a refuge stay, a refuge case
    self_harm = figures["children_self_harm"]
    assert (self_harm.numerator, self_harm.denominator) == (1, 2)
    assert figures["children_suicidal_feelings"].not_known == 1
    assert figures["children_using_creche"].numerator == 1
    knowledge = figures["training_more_knowledge_rate"]
    assert (knowledge.numerator, knowledge.denominator, knowledge.not_known) == (34, 42, 60)


def test_the_commissioners_pack_after_seed_demo_shows_figures_past_disclosure_control(demo_on):
    from concord.accounts.disclosure import disclosure_rule
    from concord.commissioning.models import QuarterlyReturn
    from concord.domain.periods import quarter_of
    from concord.helpline.models import HelplineCall
    from concord.reporting import packs

    call_command("seed_demo", stdout=StringIO())
    last_quarter = quarter_of(date.today()).previous().period

    pack = packs.pack(last_quarter, whose="Riverford", rule=disclosure_rule())
    shown = {line.indicator.code: line.whole for s in pack.sections for line in s.lines}

    assert sum(1 for whole in shown.values() if whole) >= 8
    assert shown["helpline_calls"] and shown["victims_engaging"]
    assert HelplineCall.objects.filter(contact__isnull=True).count() == 60
    assert QuarterlyReturn.objects.get().status == "signed_off"


def test_the_demo_hears_sarah_at_marac_and_refers_leanne_with_consent_to_an_agency(demo_on):
    from concord.marac.models import MaracAction, MaracMeeting

    call_command("seed_demo", stdout=StringIO())

    meeting = MaracMeeting.objects.get()
    assert meeting.items.get().heard_at is not None
    assert MaracAction.objects.count() == 2
    referral = Referral.objects.get(to_service__name="Housing options")
    assert (referral.to_service.name, referral.status) == ("Housing options", "pending")
    assert list(referral.consent.agencies.all()) == [referral.receiving_agency]


def test_the_demo_refuge_has_rooms_households_staying_and_moved_on_and_unmet_need(demo_on):
    call_command("seed_demo", stdout=StringIO())
    refuge = AccommodationService.objects.get(service__name="Riverford refuge")
    units = {unit.label: unit for unit in refuge.units.all()}
    assert any(unit.accessible for unit in units.values())
    assert [unit.label for unit in units.values() if unit.takes_pets] == ["Room 2"]
    assert [unit.label for unit in units.values() if unit.takes_older_boys] == ["Room 3"]

    grace = Stay.objects.get(accommodation=refuge, moved_out_on__isnull=True)
    children = [member.person for member in grace.members.all() if member.is_child]
    assert len(children) == 2
    assert set(grace.case.children.values_list("person", flat=True)) == {
        child.pk for child in children
    }
    assert SupportReceived.objects.filter(member__stay=grace, kind="childrens_support").count() == 2

    moved_on = Stay.objects.get(accommodation=refuge, moved_out_on__isnull=False)
    quarter = last_quarter()
    assert quarter.first <= moved_on.moved_out_on <= quarter.last
    assert (moved_on.leaving_reason, moved_on.move_on_destination) == ("moved_on", "social_tenancy")

    sanctuary = Stay.objects.get(accommodation__accommodation_type="sanctuary_scheme")
    assert sanctuary.unit is None
    assert sanctuary.housing_record.case.person.given_name == "Sarah"
    assert AccommodationService.objects.filter(accommodation_type="second_stage").exists()
    assert refuge.unmet_needs.count() == 4
    declined = Referral.objects.get(to_service=refuge.service)
    assert (declined.status, declined.decline_reason) == ("declined", "needs_not_met")


def test_the_demo_accommodation_is_recorded_once(demo_on):
    call_command("seed_demo", stdout=StringIO())
    before = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == before
    assert Unit.objects.exclude(location="").count() == 7
