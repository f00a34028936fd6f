"""The demo partnership: agencies, services, one user per role, and a few people.

Loaded by ``manage.py seed_demo`` only when CONCORD_DEMO_ACCOUNTS is true. Idempotent:
running it again changes nothing. Each demo record is found again by something stable and
unique to the demo, never by a name that synthetic journeys may share: agencies by slug,
users by email, people by a demo record id kept the way imports keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts import services
from concord.accounts.models import Agency, AgencyKind, Membership, Service, ServiceKind, User
from concord.accounts.roles import Role
from concord.cases import services as cases
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import ImportedRecord
from concord.demo.accommodation import record_demo_accommodation
from concord.demo.activity import CONTRACT_TITLE, record_demo_activity
from concord.demo.board import record_demo_board
from concord.demo.board_pack import record_demo_board_pack
from concord.demo.dhr import record_demo_reviews
from concord.demo.funding import record_demo_funding
from concord.demo.online_referrals import record_demo_online_referrals
from concord.demo.outcome_measures import record_demo_outcome_measures
from concord.demo.outcomes import record_demo_outcomes
from concord.demo.professional_referral import record_demo_professional_referral
from concord.demo.strategy import record_demo_strategy
from concord.demo.voice import record_demo_voice
from concord.domain.periods import financial_year_dates, financial_year_of
from concord.marac.models import MaracArea
from concord.people.models import Person
from concord.people.services import record_person
from concord.submissions.models import SubmissionKind, SubmissionSchedule

DEMO_PASSWORD = "concord-demo-password"  # noqa: S105 - demo accounts only, off by default
DEMO_EMAIL_DOMAIN = "demo.concord.example"

AGENCIES = [
    ("Riverford City Council", "city-council", AgencyKind.COMMISSIONER),
    ("Wealdshire County Council", "county-council", AgencyKind.COMMISSIONER),
    ("Riverford and Wealdshire Police", "police", AgencyKind.POLICE),
    ("Haven Domestic Abuse Services", "haven", AgencyKind.SPECIALIST_DA_PROVIDER),
    ("Turning Point Partnership", "turning-point", AgencyKind.SPECIALIST_DA_PROVIDER),
    ("Riverford Homes", "riverford-homes", AgencyKind.HOUSING),
    ("Riverford Children's Social Care", "childrens-social-care", AgencyKind.CHILDRENS_SOCIAL_CARE),
]

SERVICES = [
    ("haven", "SAFE help point", ServiceKind.HELP_POINT),
    ("haven", "Safe Home", ServiceKind.HOUSING),
    ("haven", "Family Service", ServiceKind.FAMILY),
    ("turning-point", "Change programme", ServiceKind.PERPETRATOR_PROGRAMME),
    ("turning-point", "Riverford refuge", ServiceKind.REFUGE),
    ("turning-point", "Outreach help point", ServiceKind.HELP_POINT),
    ("riverford-homes", "Housing options", ServiceKind.HOUSING),
    ("riverford-homes", "Move-on flats", ServiceKind.REFUGE),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    agency: str
    role: Role
    service: str | None = None


USERS = [
    DemoUser("idva", "Amira Hussain", "haven", Role.PRACTITIONER, "SAFE help point"),
    DemoUser("manager", "Beth Lowe", "haven", Role.SERVICE_MANAGER, "SAFE help point"),
    DemoUser("housing", "Callum Reid", "haven", Role.PRACTITIONER, "Safe Home"),
    DemoUser("refuge", "Dee Okafor", "turning-point", Role.PRACTITIONER, "Riverford refuge"),
    DemoUser("marac", "Esther Grant", "city-council", Role.MARAC_COORDINATOR),
    DemoUser("police", "Frank Mistry", "police", Role.MARAC_REPRESENTATIVE),
    DemoUser("commissioner", "Gita Patel", "city-council", Role.CONTRACT_MONITORING_OFFICER),
    DemoUser("analyst", "Harry Kaur", "county-council", Role.PARTNERSHIP_ANALYST),
    DemoUser("partnership", "Nadia Osei", "city-council", Role.PARTNERSHIP_MANAGER),
    DemoUser("board", "Owen Hale", "police", Role.BOARD_MEMBER),
    DemoUser("police-data", "Kofi Mensah", "police", Role.DATA_OFFICER),
    DemoUser("linkage", "Lena Brooks", "county-council", Role.LINKAGE_REVIEWER),
    DemoUser("agency-admin", "Iris Novak", "haven", Role.AGENCY_ADMINISTRATOR),
    DemoUser("admin", "Jon Webb", "city-council", Role.SYSTEM_ADMINISTRATOR),
]


@dataclass(frozen=True)
class DemoPerson:
    record_id: str  # the demo's own record id, unique within its agency
    agency: str
    given_name: str
    family_name: str
    date_of_birth: date | None


PEOPLE = [
    DemoPerson("demo-sarah", "haven", "Sarah", "Ahmed", date(1988, 3, 14)),
    DemoPerson("demo-leanne", "haven", "Leanne", "Marsh", date(1995, 11, 2)),
    DemoPerson("demo-mohammed", "haven", "Mohammed", "Khan", None),
    DemoPerson("demo-joanne", "police", "Joanne", "Price", date(1979, 6, 30)),
]
# The kind under which demo people's record ids are kept (ImportedRecord): no import file
# has this kind, so an import never meets them.
DEMO_KIND = "demo-person"


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


@transaction.atomic
def load_demo_partnership() -> list[DemoUser]:
    agencies = {slug: _agency(name, slug, kind) for name, slug, kind in AGENCIES}
    for slug, name, kind in SERVICES:
        if not Service.objects.filter(agency=agencies[slug], name=name).exists():
            services.add_service(None, agencies[slug], name=name, kind=kind)  # type: ignore[arg-type]
    # The public self-referral and professionals' forms send to the SAFE help point's inbox.
    Service.objects.filter(agency=agencies["haven"], name="SAFE help point").update(
        takes_online_referrals=True
    )
    for demo in USERS:
        _user(demo, agencies[demo.agency])
    people = {demo.record_id: _person(demo, agencies[demo.agency]) for demo in PEOPLE}
    _demo_cases(agencies["haven"], people)
    record_demo_outcomes(
        agencies,
        people,
        User.objects.get(email=demo_email("manager")),
        User.objects.get(email=demo_email("refuge")),
    )
    _demo_marac(agencies["city-council"])
    _demo_schedule(agencies["police"])
    record_demo_activity(agencies, people, _memberships("idva", "manager", "marac", "commissioner"))
    record_demo_accommodation(
        agencies,
        people,
        _memberships("refuge")["refuge"],
        User.objects.get(email=demo_email("idva")),
        User.objects.get(email=demo_email("housing")),
    )
    record_demo_board(
        _memberships("partnership")["partnership"], User.objects.get(email=demo_email("board"))
    )
    demo_staff = _memberships("manager", "partnership")
    record_demo_funding(agencies, demo_staff["manager"], demo_staff["partnership"], CONTRACT_TITLE)
    reviewers = _memberships("partnership", "police")
    record_demo_reviews(agencies, reviewers["partnership"], reviewers["police"])
    record_demo_strategy(
        agencies, _memberships("partnership", "idva", "refuge", "commissioner", "police")
    )
    record_demo_online_referrals()
    record_demo_professional_referral()
    record_demo_outcome_measures(
        agencies["haven"], people, User.objects.get(email=demo_email("idva"))
    )
    record_demo_voice(agencies, people, *_memberships("manager", "partnership").values())
    # Last: the board pack is made from everything above.
    record_demo_board_pack(_memberships("partnership")["partnership"])
    return USERS


def _memberships(*names: str) -> dict[str, Membership]:
    """The demo users' memberships in their demo roles, by their email's local part."""
    roles = {demo.email: demo.role for demo in USERS}
    return {
        name: Membership.objects.select_related("user", "agency").get(
            user__email=demo_email(name), role=roles[name]
        )
        for name in names
    }


def _demo_schedule(police: Agency) -> None:
    """The police send their incidents, court outcomes and protection orders every quarter,
    from the start of this financial year."""
    first_day, _ = financial_year_dates(financial_year_of(timezone.localdate()))
    for kind in (
        SubmissionKind.INCIDENT,
        SubmissionKind.COURT_OUTCOME,
        SubmissionKind.PROTECTION_ORDER,
    ):
        SubmissionSchedule.objects.get_or_create(
            agency=police, kind=kind, defaults={"starts_on": first_day}
        )


def _demo_marac(council: Agency) -> None:
    """The city's MARAC, run by the demo coordinator at the council that hosts it."""
    MaracArea.objects.get_or_create(
        slug="riverford",
        defaults={
            "name": "Riverford MARAC",
            "hosted_by": council,
            "adult_female_population": 98000,
        },
    )


def _person(demo: DemoPerson, agency: Agency) -> Person:
    """The demo person with this record id, recorded the first time."""
    kept = ImportedRecord.objects.filter(
        agency=agency, kind=DEMO_KIND, record_id=demo.record_id
    ).first()
    if kept is not None:
        return Person.objects.get(pk=kept.object_id)
    person = _loaded_before_record_ids(demo, agency) or record_person(
        None,
        agency,
        given_name=demo.given_name,
        family_name=demo.family_name,
        date_of_birth=demo.date_of_birth,
        is_victim_survivor=True,
    )
    ImportedRecord.objects.create(
        agency=agency, kind=DEMO_KIND, record_id=demo.record_id, row_hash="", object_id=person.pk
    )
    return person


def _loaded_before_record_ids(demo: DemoPerson, agency: Agency) -> Person | None:
    """A demo person from a database loaded before demo people had record ids: the first one
    recorded with these details, which is the demo's (synthetic journeys come after it)."""
    return (
        Person.objects.filter(
            agency=agency,
            given_name=demo.given_name,
            family_name=demo.family_name,
            date_of_birth=demo.date_of_birth,
        )
        .order_by("created_at")
        .first()
    )


def _demo_cases(haven: Agency, people: dict[str, Person]) -> None:
    """A few journeys at the help point, dated from today so the demo always looks current:
    each offered support (Sarah's by an IDVA), two accepted and one awaiting an answer."""
    idva = User.objects.get(email=demo_email("idva"))
    help_point = haven.services.get(name="SAFE help point")
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for record_id, status, days_ago, support in (
        ("demo-sarah", "open", 20, "idva"),  # high risk: an IDVA works her case
        ("demo-leanne", "open", 9, "casework"),
        ("demo-mohammed", "referred", 2, "casework"),  # offered, no answer yet
    ):
        person = people[record_id]
        self_referred = record_id == "demo-leanne"
        if person.cases.exists():
            continue
        referred = today - timedelta(days=days_ago)
        case = cases.open_case(
            idva,
            person,
            help_point,
            referral_source="self" if self_referred else "police",
            method_of_access="helpline_call" if self_referred else "professional_referral",
            referred_at=referred,
            abuse_types=["controlling_or_coercive", "psychological_emotional"],
            worked_by_idva=support == "idva",
        )
        offer = cases.offer_support(idva, case, kind=support, offered_on=referred.date())
        if status == "referred":
            continue
        cases.answer_offer(idva, offer, answer="accepted", answered_on=referred.date())
        cases.change_status(idva, case, CaseStatus.OPEN)
        cases.record_contact(
            idva,
            case,
            channel="call",
            initiated_by="victim",
            occurred_at=referred + timedelta(hours=2),
            duration_minutes=35,
        )
        cases.record_contact(
            idva,
            case,
            channel="text",
            initiated_by="victim",
            occurred_at=referred + timedelta(days=1, hours=9),
        )
        cases.record_intake_profile(
            idva,
            case,
            assessed_on=(referred + timedelta(days=1)).date(),
            answers={"has_children": "yes", "mental_health": "yes", "high_risk_at_intake": "yes"},
            number_of_children=2,
            children_ages="4 and 7",
        )
        cases.record_safety_plan(
            idva,
            case,
            created_on=(referred + timedelta(days=2)).date(),
            areas=["safe_places", "digital_safety"],
        )


def _agency(name: str, slug: str, kind: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    return agency or services.create_agency(None, name=name, slug=slug, kind=kind)  # type: ignore[arg-type]


def _user(demo: DemoUser, agency: Agency) -> None:
    email = demo_email(demo.email)
    if not Membership.objects.filter(user__email=email, agency=agency, role=demo.role).exists():
        chosen = list(agency.services.filter(name=demo.service)) if demo.service else []
        services.add_member(
            None,
            agency,
            email=email,
            full_name=demo.full_name,
            role=demo.role,
            services=chosen,
        )
    user = User.objects.get(email=email)
    if not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
