"""The case page's sections (concord.cases.case_page): each app registers its own, and the
page shows them in their fixed order, exactly where they were before the registry."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.case_page import SECTIONS

pytestmark = pytest.mark.django_db


def test_every_app_registers_its_section_at_its_documented_place():
    assert [(section.place, section.name) for section in SECTIONS.in_order()] == [
        (5, "tasks_section"),
        (8, "children_section"),
        (10, "programme_section"),
        (20, "housing_section"),
        (21, "stay_section"),
        (30, "risk_section"),
        (35, "support_section"),
        (36, "safety_plans_section"),
        (37, "outcomes_section"),
        (40, "status_section"),
        (50, "referral_section"),
        (60, "marac_section"),
    ]


@pytest.mark.parametrize(
    ("kind", "first"),
    [(ServiceKind.HOUSING, ">Housing</h2>"), (ServiceKind.FAMILY, "Children and young people")],
)
def test_the_case_page_shows_the_sections_in_their_order(signed_in, idva, person_a, kind, first):
    case = services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency, kind=kind),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )

    body = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    headings = [">Record</h2>", first, ">Risk</h2>", ">Support offered</h2>", ">Status</h2>"]
    headings += [">Referrals</h2>"]
    headings += [">Consents</h2>", ">MARAC</h2>", ">Timeline</h2>"]
    places = [body.index(heading) for heading in headings]
    assert places == sorted(places)
