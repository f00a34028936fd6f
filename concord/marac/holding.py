"""What the MARAC app holds about a person (concord.people.personal_data): the MARAC
referrals made from their cases, with the people causing harm they name and the research
recorded for them; and the retention rule for MARAC records
(CONCORD_RETENTION_MARAC_YEARS after the referral, the partnership's policy)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.db.models import Q

from concord.core.presenters import govuk_date
from concord.marac.models import (
    AgendaItem,
    MaracAction,
    MaracReferral,
    PersonCausingHarm,
    Research,
)
from concord.people.models import Person
from concord.people.personal_data import (
    ANONYMISED,
    HeldRecord,
    Holding,
    birth_month,
    field,
    years_before,
)


def held_about(person: Person) -> Iterator[HeldRecord]:
    referrals = MaracReferral.objects.filter(case__person=person, agency=person.agency)
    for referral in referrals.select_related("area", "case").order_by("referred_on"):
        title = f"{referral.case.reference}, {govuk_date(referral.referred_on)}"
        harm = [
            field("Person causing harm", named, third_party=True)
            for named in referral.people_causing_harm.all()
        ]
        yield HeldRecord(
            "MARAC referral",
            title,
            (
                field("Case", referral.case.reference),
                field("MARAC", referral.area.name),
                field("Referred", govuk_date(referral.referred_on)),
                field("Status", referral.get_status_display()),
                field("Score", referral.score),
                field("Name shared", referral.victim_name),
                field("Date of birth shared", govuk_date(referral.date_of_birth)),
                field("Risk summary", referral.risk_summary),
                field("Who the victim fears", referral.victim_fears, third_party=True),
                field("Children", referral.children_details, third_party=True),
                field("Safe contact", referral.safe_contact),
                *harm,
            ),
        )
        research = Research.objects.filter(item__referral=referral, agency=person.agency)
        for found in research:
            yield HeldRecord("MARAC research", title, (field("Findings", found.findings),))


def anonymise(person: Person) -> int:
    """Blank the copied details and free text of the person's MARAC referrals and of what
    the meeting recorded about them; keep dates, areas, scores, criteria and statuses."""
    changed = 0
    referrals = MaracReferral.objects.filter(case__person=person)
    for referral in referrals.only("pk", "date_of_birth"):
        changed += MaracReferral.objects.filter(pk=referral.pk).update(
            given_name=ANONYMISED,
            family_name="person",
            date_of_birth=birth_month(referral.date_of_birth),
            risk_summary=ANONYMISED,
            victim_fears=ANONYMISED,
            children_details="",
            no_consent_reason="",
            safe_contact=ANONYMISED,
        )
    harm = PersonCausingHarm.objects.filter(referral__in=referrals)
    for named in harm.only("pk", "date_of_birth"):
        changed += PersonCausingHarm.objects.filter(pk=named.pk).update(
            given_name=ANONYMISED,
            family_name="person",
            date_of_birth=birth_month(named.date_of_birth),
        )
    items = AgendaItem.objects.filter(referral__in=referrals)
    changed += items.update(discussion_summary="")
    changed += Research.objects.filter(item__in=items).update(findings=ANONYMISED)
    changed += MaracAction.objects.filter(item__in=items).update(
        description=ANONYMISED, outcome_note=""
    )
    return changed


def kept(today: date) -> Q:
    """People with a MARAC referral made within the retention period."""
    cutoff = years_before(today, settings.RETENTION_MARAC_YEARS)
    recent = MaracReferral.objects.filter(referred_on__gt=cutoff).values("case__person")
    return Q(pk__in=recent)


HOLDING = Holding("marac", 50, held_about, anonymise, kept)
