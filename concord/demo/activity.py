"""A quarter of the demo partnership's work, so every page and the quarterly pack show
figures on first run: synthetic journeys at Turning Point's outreach help point and at
Riverford Homes' housing options (the generator's own, small, straight into the
database), calls to Haven's helpline logged without a case, Haven's contract with KPI
targets whose last quarter's return is signed off, Sarah heard at today's MARAC with
actions for the police and Haven, and Leanne referred to Riverford Homes with her consent
to that agency. Deterministic (fixed seeds, dated from today) and recorded once: running
again changes nothing."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service, User
from concord.cases.models import Case
from concord.commissioning import services as commissioning
from concord.commissioning.models import Contract
from concord.commissioning.services import FunderShare
from concord.domain.periods import financial_year_dates, quarter_of
from concord.helpline import services as helpline
from concord.helpline.models import HelplineCall
from concord.marac import services as marac
from concord.marac.models import MaracArea, MaracMeeting
from concord.marac.repeats import Party
from concord.people.models import Person
from concord.referrals import services as referrals
from concord.referrals.models import Referral
from concord.synthetic.journeys import generate_chunks
from concord.synthetic.loading import AlreadyLoaded, load

OUTREACH = "Outreach help point"
HOUSING_OPTIONS = "Housing options"
JOURNEYS = 160  # referred over the last year: enough for the quarter's cells to be shown
HOUSING_JOURNEYS = 60
HELPLINE_CALLS = 60  # over the last 120 days
CONTRACT_TITLE = "Integrated domestic abuse support (demo)"
KPI_TARGETS = (
    # (indicator code, title, yearly target, aggregation)
    ("victims_engaging", "Victims engaging with support", 600, "total"),
    ("helpline_calls", "Helpline calls from service users", 400, "total"),
    ("safety_plans_completed", "Safety plans completed", 300, "total"),
)


def record_demo_activity(
    agencies: dict[str, Agency],
    people: dict[str, Person],
    workers: dict[str, Membership],
) -> None:
    """``workers`` by the demo's role names: idva, manager, marac, commissioner."""
    outreach = agencies["turning-point"].services.get(name=OUTREACH)
    _journeys(outreach, JOURNEYS, workers["manager"].user)
    housing = agencies["riverford-homes"].services.get(name=HOUSING_OPTIONS)
    _journeys(housing, HOUSING_JOURNEYS, workers["manager"].user)
    _helpline_calls(agencies["haven"].services.get(name="SAFE help point"), workers["idva"].user)
    _contract(agencies["haven"], workers["manager"], workers["commissioner"])
    help_point_cases = Case.objects.filter(service__name="SAFE help point", status="open")
    _marac(
        help_point_cases.get(person=people["demo-sarah"]),
        [agencies[slug] for slug in ("police", "haven", "riverford-homes")],
        workers["idva"].user,
        workers["marac"].user,
    )
    _referral(
        help_point_cases.get(person=people["demo-leanne"]),
        agencies["riverford-homes"],
        workers["idva"].user,
    )


def _marac(case: Case, attending: list[Agency], idva: User, coordinator: User) -> None:
    """Sarah referred by her IDVA, heard at today's meeting, with an action for the police
    and one for Haven."""
    area = MaracArea.objects.get(slug="riverford")
    if MaracMeeting.objects.filter(area=area).exists():
        return
    today = timezone.localdate()
    referral = marac.refer_to_marac(
        idva,
        case,
        area=area,
        referred_on=today - timedelta(days=6),
        criteria=["visible_high_risk"],
        score=16,
        risk_summary="Strangled last week; threats to kill if she leaves.",
        victim_fears="Her ex-partner and his brother",
        new_incident_criminal=True,
        people_causing_harm=[Party("Darren", "Cole", None)],
        children_count=2,
        children_details="Two children, aged 4 and 7",
        victim_knows=True,
        victim_consented=True,
        safe_contact="Mobile after 2pm; say you are from the surgery",
    )
    meeting = marac.schedule_meeting(coordinator, area, meets_on=today, agencies=attending)
    item = marac.list_on_agenda(coordinator, meeting, referral)
    item = marac.record_discussion(
        coordinator, item, summary="Police to flag the address; IDVA to review the safety plan."
    )
    police, haven = attending[0], attending[1]
    for agency, action, days in (
        (police, "Flag the address for an urgent response", 7),
        (haven, "Review the safety plan with Sarah", 14),
    ):
        marac.assign_action(
            coordinator, item, agency=agency, description=action, due_on=today + timedelta(days)
        )


def _referral(case: Case, homes: Agency, idva: User) -> None:
    """Leanne's consent to Riverford Homes covers its housing options service."""
    if Referral.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    consent = referrals.record_consent(
        idva,
        case.person,
        purpose="referral",
        given=True,
        given_on=today - timedelta(days=3),
        agencies=[homes],
    )
    referrals.make_referral(
        idva,
        case,
        to_service=homes.services.get(name=HOUSING_OPTIONS),
        summary="Needs rehousing away from the ex-partner's area; two children.",
        consent=consent,
    )


def _journeys(service: Service, people: int, actor: User) -> None:
    """The generator's journeys at ``service``, once for its agency."""
    chunks = generate_chunks(people, service=service.name, seed=15, until=timezone.localdate())
    try:
        load(chunks, agency=service.agency, actor=actor)
    except AlreadyLoaded:
        return


# Who calls (how often), why they may call and where they may be signposted.
CALLERS = (
    ("victim_survivor", 6, ("advice_about_abuse", "safety", "housing", "legal", "children",
                            "emotional_support"),
     ("police", "national_helpline", "housing", "legal_advice", "gp_or_health", "refuge", "idva")),
    ("family_or_friend", 3, ("worried_about_someone", "advice_about_abuse"),
     ("national_helpline", "police")),
    ("professional", 2, ("professional_guidance",), ("idva", "childrens_services")),
    ("person_causing_harm", 1, ("other",), ("perpetrator_programme",)),
    ("other", 1, ("other",), ("national_helpline",)),
)  # fmt: skip


def _helpline_calls(help_point: Service, worker: User) -> None:
    """Calls logged without a case: victims, friends and family, professionals and others,
    in office hours and out of them."""
    if HelplineCall.objects.filter(service=help_point).exists():
        return
    rng = random.Random(15)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    for number in range(HELPLINE_CALLS):
        day = today - timedelta(days=1 + number * 2)
        at = time(rng.choice((9, 10, 11, 13, 14, 15, 16, 19, 21)), rng.choice((0, 15, 30, 45)))
        caller, _, reasons, places = rng.choices(CALLERS, weights=[c[1] for c in CALLERS])[0]
        helpline.log_call(
            worker,
            help_point,
            called_at=timezone.make_aware(datetime.combine(day, at)),
            caller_type=caller,
            reason=rng.choice(reasons),
            advice_given="Talked through the options and what to do next.",
            signposted_to=rng.sample(places, k=rng.randint(0, min(2, len(places)))),
            duration_minutes=rng.randint(5, 45),
        )


def _contract(haven: Agency, manager: Membership, commissioner: Membership) -> None:
    """The city council's contract with Haven, from the start of last financial year, with
    KPI targets the indicators compute, and last quarter's return submitted and signed off."""
    if Contract.objects.filter(title=CONTRACT_TITLE).exists():
        return
    last_quarter = quarter_of(timezone.localdate()).previous()
    starts_on, _ = financial_year_dates(last_quarter.year - 1)
    contract = commissioning.save_contract(
        commissioner,
        title=CONTRACT_TITLE,
        provider=haven,
        services=list(haven.services.all()),
        starts_on=starts_on,
        ends_on=starts_on.replace(year=starts_on.year + 3) - timedelta(days=1),
        annual_value_pence=82_600_000,
        funders=[FunderShare("City Council", Decimal(72)), FunderShare("Police", Decimal(28))],
    )
    for year in (1, 2, 3):
        for code, title, target, aggregation in KPI_TARGETS:
            commissioning.set_kpi_target(
                commissioner,
                contract,
                code=code,
                title=title,
                year=year,
                target=Decimal(target),
                better="higher",
                aggregation=aggregation,
            )
    draft = commissioning.start_return(manager, contract, year=2, quarter=last_quarter.number)
    commissioning.save_return(
        manager,
        draft,
        figures={},
        successes="More calls from friends and family after the awareness sessions.",
        stumbling_blocks="Waiting times for refuge places.",
        focus_next_quarter="Outreach in the county's rural areas.",
    )
    submitted = commissioning.submit_return(manager, draft)
    commissioning.sign_off_return(commissioner, submitted, "Figures agreed at the review.")
