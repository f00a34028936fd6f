"""The demo's domestic homicide reviews, so the partnership manager's and the board's pages
are not empty: one review published, with its recommendations partly complete (one
overdue); one decided and in progress, its agency reports coming in. The partnership
manager sits on both panels, the police representative on the first only, so the demo
shows a review that is 404 to a user off its panel.

Written through concord.dhr.services (each write audited), with fixed dates, so that
running again finds each review (by its notifier, date of death and initials) and changes
nothing. Initials and names are invented.
"""

from __future__ import annotations

from datetime import date

from concord.accounts.models import Agency, Membership
from concord.dhr import services
from concord.dhr.models import Decision, Review

# (number, text, owner, owner agency slug, due, completed, evidence)
PUBLISHED_RECOMMENDATIONS = (
    (
        1,
        "GP practices ask patients about domestic abuse when they present with anxiety or "
        "injuries, and refer to the help point",
        "Designated safeguarding lead, primary care",
        None,
        date(2024, 12, 31),
        date(2024, 11, 20),
        "Training delivered to all 31 practices; the practice audit of November 2024 is kept "
        "by the ICB safeguarding team",
    ),
    (
        2,
        "Police share repeat call-outs to the same address with the MARAC within a week",
        "Head of public protection",
        "police",
        date(2025, 3, 31),
        date(2025, 2, 28),
        "Procedure updated (PP-114, version 3); the MARAC coordinator's February audit found "
        "every repeat call-out shared",
    ),
    (
        3,
        "Housing officers are trained to recognise economic abuse in rent arrears cases",
        "Head of tenancy services",
        "riverford-homes",
        date(2025, 9, 30),
        None,
        "",
    ),
    (
        4,
        "The partnership publishes a leaflet for families and friends on how to get help",
        "Partnership manager",
        "city-council",
        date(2027, 3, 31),
        None,
        "",
    ),
)


def record_demo_reviews(
    agencies: dict[str, Agency], manager: Membership, police: Membership
) -> None:
    _published_review(agencies, manager, police)
    _review_in_progress(manager)


def _found(manager: Membership, died_on: date, initials: str) -> Review | None:
    return Review.objects.filter(
        notified_by=manager.user, died_on=died_on, victim_initials=initials
    ).first()


def _published_review(agencies: dict[str, Agency], manager: Membership, police: Membership) -> None:
    if _found(manager, date(2024, 2, 10), "LP"):
        return
    actor = manager.user
    review = services.notify_death(
        manager,
        notified_on=date(2024, 2, 19),
        died_on=date(2024, 2, 10),
        area="Riverford East",
        kind="homicide",
        victim_initials="LP",
        perpetrator_initials="DP",
        relationship="partner",
    )
    review = services.record_decision(
        actor,
        review,
        decision=Decision.HOLD,
        decided_on=date(2024, 3, 15),
        reasons="The death meets the criteria of section 9: the victim was killed by her "
        "partner, and three agencies knew of the abuse.",
    )
    services.add_panel_member(
        actor, review, name="Dr Ruth Mensah", organisation="Independent chair", is_chair=True
    )
    services.add_panel_member(actor, review, user=police.user)
    services.add_panel_member(
        actor, review, name="Priya Shah", organisation="Riverford Integrated Care Board"
    )
    for organisation, kind, requested, received in (
        ("Riverford and Wealdshire Police", "chronology", date(2024, 3, 20), date(2024, 5, 2)),
        ("Haven Domestic Abuse Services", "chronology", date(2024, 3, 20), date(2024, 4, 25)),
        ("Riverford GP practice", "agency_report", date(2024, 3, 20), date(2024, 6, 14)),
    ):
        report = services.request_agency_report(
            actor, review, organisation=organisation, kind=kind, requested_on=requested
        )
        services.record_report_received(actor, report, received)
    for number, text, owner, slug, due, completed, evidence in PUBLISHED_RECOMMENDATIONS:
        recommendation = services.add_recommendation(
            actor,
            review,
            number=number,
            text=text,
            owner=owner,
            owner_agency=agencies[slug] if slug else None,
            due_on=due,
        )
        if completed:
            services.complete_recommendation(
                actor, recommendation, completed_on=completed, evidence=evidence
            )
    services.record_home_office_dates(
        actor, review, submitted_on=date(2025, 1, 17), published_on=date(2025, 6, 30)
    )


def _review_in_progress(manager: Membership) -> None:
    if _found(manager, date(2025, 11, 3), "SK"):
        return
    actor = manager.user
    review = services.notify_death(
        manager,
        notified_on=date(2025, 11, 14),
        died_on=date(2025, 11, 3),
        area="Wealdshire South",
        kind="suicide",
        victim_initials="SK",
        perpetrator_initials="RK",
        relationship="ex_partner",
    )
    review = services.record_decision(
        actor,
        review,
        decision=Decision.HOLD,
        decided_on=date(2025, 12, 10),
        reasons="The victim took her own life after years of coercive control by her former "
        "partner; a review may show what agencies could learn.",
    )
    services.add_panel_member(
        actor, review, name="Tom Alder", organisation="Independent chair", is_chair=True
    )
    for organisation, received in (
        ("Haven Domestic Abuse Services", date(2026, 1, 30)),
        ("Wealdshire Adult Mental Health Service", None),
    ):
        report = services.request_agency_report(
            actor,
            review,
            organisation=organisation,
            kind="chronology",
            requested_on=date(2026, 1, 5),
        )
        if received:
            services.record_report_received(actor, report, received)
