"""A believable demo of the partnership's strategy: a five-year strategy with four
objectives, this year's delivery plan of eight actions in mixed states, a few approved
updates, one update awaiting the manager's approval, and two years of self-assessment.
Made through the services, so it is audited like real work; idempotent (by its title)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from concord.accounts.models import Agency, Membership
from concord.domain.delivery import DEFAULT_ASSESSMENT_SCALE
from concord.domain.periods import financial_year_of
from concord.strategy import services
from concord.strategy.models import Strategy

TITLE = "Riverford and Wealdshire domestic abuse strategy"
PRINCIPLES = """Victims and survivors are heard and shape what we do
Children are victims in their own right
Early help, before harm escalates
Perpetrators are held to account and helped to change
Agencies share what they know, safely"""
OBJECTIVES = [
    ("1", "Everyone affected by domestic abuse gets the right help, early"),
    ("2", "Safe accommodation for everyone who needs it"),
    ("3", "Children and young people are safe and supported"),
    ("4", "Perpetrators are challenged and change their behaviour"),
]
# reference, objective, title, lead, lead agency, partners, months from the year's start to
# due, the status asked for and the update's progress (None: no update yet)
ACTIONS = [
    (
        "1.1",
        "1",
        "Train 400 front-line staff to ask about domestic abuse",
        "idva",
        "haven",
        ["city-council", "police"],
        11,
        "on_track",
        "Six sessions held; 180 staff trained so far.",
    ),
    (
        "1.2",
        "1",
        "Open a second SAFE help point in Wealdshire",
        "idva",
        "haven",
        ["county-council"],
        8,
        "at_risk",
        "The preferred venue fell through; two others are being viewed.",
    ),
    (
        "1.3",
        "1",
        "Routine enquiry in every GP practice",
        "partnership",
        "city-council",
        [],
        11,
        None,
        None,
    ),
    (
        "2.1",
        "2",
        "Ten more refuge bed spaces, including two for larger families",
        "refuge",
        "turning-point",
        ["riverford-homes", "city-council"],
        11,
        "off_track",
        "The building works are four months late; the contractor has gone into administration.",
    ),
    (
        "2.2",
        "2",
        "Sanctuary scheme fitted within ten working days of referral",
        "commissioner",
        "city-council",
        ["riverford-homes"],
        5,
        "complete",
        "Average time to fit now eight working days.",
    ),
    (
        "3.1",
        "3",
        "A children's worker in every refuge",
        "refuge",
        "turning-point",
        ["childrens-social-care"],
        11,
        "on_track",
        "Two of three posts filled.",
    ),
    (
        "3.2",
        "3",
        "Healthy relationships lessons in every secondary school",
        "partnership",
        "city-council",
        ["childrens-social-care"],
        11,
        None,
        None,
    ),
    (
        "4.1",
        "4",
        "Widen the Change programme to Wealdshire",
        "police",
        "police",
        ["turning-point"],
        11,
        "on_track",
        "Referral pathway agreed with the county's probation team.",
    ),
]


def record_demo_strategy(agencies: dict[str, Agency], memberships: dict[str, Membership]) -> None:
    if Strategy.objects.filter(title=TITLE).exists():
        return
    manager = memberships["partnership"]
    today = timezone.localdate()
    year = financial_year_of(today)
    strategy = services.save_strategy(
        manager,
        None,
        title=TITLE,
        first_year=year - 1,
        last_year=year + 3,
        principles=PRINCIPLES,
        assessment_scale=list(DEFAULT_ASSESSMENT_SCALE),
    )
    objectives = {
        reference: services.save_objective(
            manager,
            strategy,
            None,
            reference=reference,
            title=title,
            description="",
            position=place,
        )
        for place, (reference, title) in enumerate(OBJECTIVES, start=1)
    }
    plan = services.start_plan(manager, strategy, year)
    start = date(year, 4, 1)
    for reference, objective, title, lead, agency, partners, months, status, progress in ACTIONS:
        action = services.save_action(
            manager,
            plan,
            None,
            services.ActionDetails(
                objective=objectives[objective],
                reference=reference,
                title=title,
                description="",
                lead=memberships[lead].user,
                lead_agency=agencies[agency],
                partners=[agencies[slug] for slug in partners],
                starts_on=start,
                due_on=start + timedelta(days=30 * months),
                indicators=["staff_trained"] if reference == "1.1" else [],
            ),
        )
        if status is not None and progress is not None:
            written_on = min(today, start + timedelta(days=60))
            services.add_update(
                manager, action, written_on=written_on, status=status, progress=progress
            )
    waiting = plan.actions.get(reference="1.1")
    services.add_update(
        memberships["idva"],
        waiting,
        written_on=today,
        status="on_track",
        progress="Four more sessions booked; 240 staff trained to date.",
        links=["https://www.gov.uk/government/publications/domestic-abuse-statutory-guidance"],
    )
    for (reference, _title), ratings in zip(
        OBJECTIVES, [(0, 1), (1, 1), (0, 2), (1, 2)], strict=True
    ):
        for offset, rating in zip((1, 0), ratings, strict=True):
            services.record_assessment(
                manager,
                objectives[reference],
                year=year - offset,
                rating=rating,
                reasons="From the year's delivery-plan updates and the board's review.",
                evidence="Quarterly performance pack; the board's minutes.",
            )
