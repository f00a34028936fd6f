"""Offers of support and the IDVA flag in what a subject access export shows."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from concord.cases import holding, services

pytestmark = pytest.mark.django_db


def test_a_case_s_offers_of_support_are_held_about_the_person(idva, person_a, help_point):
    case = services.open_case(
        idva.user,
        person_a,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
        worked_by_idva=True,
    )
    offer = services.offer_support(idva.user, case, kind="idva", offered_on=date(2026, 11, 3))
    services.answer_offer(idva.user, offer, answer="declined", answered_on=date(2026, 11, 4))

    held = list(holding.held_about(person_a))

    assert [record.kind for record in held] == ["Case", "Offer of support"]
    case_fields = {item.label: item.value for item in held[0].fields}
    assert case_fields["Worked by an IDVA"] == "Yes"
    offer_fields = {item.label: item.value for item in held[1].fields}
    assert offer_fields == {
        "Case": case.reference,
        "Support": "IDVA support",
        "Offered": "3 November 2026",
        "Answer": "Declined",
        "Answered": "4 November 2026",
    }
