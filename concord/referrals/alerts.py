"""What an accepted referral shares on the receiving agency's alerts panel (concord.core
.alerts, ADR 0017): the referring agency's record of the person, read live, for as long as
the referral's lawful basis stands. A pending, declined or withdrawn referral shares
nothing; one made with consent stops sharing when that consent is withdrawn or expires;
one made on a safeguarding basis shares for that reason, recorded when it was made."""

from __future__ import annotations

from datetime import date

from django.db.models import Model

from concord.core.alerts import Record, Viewer
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Referral

VIA = "accepted referral"


def shared_with(person: Model, viewer: Viewer, today: date) -> list[Record]:
    accepted = (
        Referral.objects.filter(
            created_case__person_id=person.pk,
            receiving_agency_id=viewer.agency.pk,
            status=ReferralStatus.ACCEPTED,
        )
        .exclude(agency_id=viewer.agency.pk)
        .select_related("case__person", "agency", "consent")
    )
    found: dict[object, Record] = {}
    for referral in accepted:
        if referral.consent is not None and not referral.consent.is_valid_on(today):
            continue
        found.setdefault(
            referral.case.person_id, Record(referral.case.person, referral.agency.name, VIA)
        )
    return list(found.values())
