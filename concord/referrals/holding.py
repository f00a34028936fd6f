"""What the referrals app holds about a person (concord.people.personal_data): the referrals
made from their cases and their consents."""

from __future__ import annotations

from collections.abc import Iterator

from concord.core.presenters import govuk_date, govuk_datetime
from concord.people.models import Person
from concord.people.personal_data import ANONYMISED, HeldRecord, Holding, birth_month, field
from concord.referrals.models import Consent, Referral


def held_about(person: Person) -> Iterator[HeldRecord]:
    referrals = Referral.objects.filter(case__person=person).select_related("case", "to_service")
    for referral in referrals.order_by("referred_at"):
        yield HeldRecord(
            "Referral",
            f"{referral.case.reference}, to {referral.destination}",
            (
                field("Case", referral.case.reference),
                field("Referred", govuk_datetime(referral.referred_at)),
                field("To", referral.destination),
                field("Status", referral.get_status_display()),
                field("Name shared", referral.person_name),
                field("Date of birth shared", govuk_date(referral.date_of_birth)),
                field("Summary", referral.summary),
                field("Safeguarding reason", referral.safeguarding_reason),
            ),
        )
    for consent in Consent.objects.filter(person=person).order_by("given_on"):
        yield HeldRecord(
            "Consent",
            f"{consent.get_purpose_display()}, {govuk_date(consent.given_on)}",
            (
                field("Purpose", consent.get_purpose_display()),
                field("Given or refused", "Given" if consent.given else "Refused"),
                field("On", govuk_date(consent.given_on)),
                field("Expires", govuk_date(consent.expires_on)),
                field("Withdrawn", govuk_date(consent.withdrawn_on)),
            ),
        )


def anonymise(person: Person) -> int:
    """Blank the details each referral copied and its free text; keep its dates, statuses,
    services and decision, which figures count."""
    changed = 0
    for referral in Referral.objects.filter(case__person=person).only(
        "pk", "date_of_birth", "safeguarding_reason"
    ):
        changed += Referral.objects.filter(pk=referral.pk).update(
            given_name=ANONYMISED,
            family_name="person",
            date_of_birth=birth_month(referral.date_of_birth),
            summary=ANONYMISED,
            safeguarding_reason=ANONYMISED if referral.safeguarding_reason else "",
        )
    return changed


HOLDING = Holding("referrals", 40, held_about, anonymise)
