"""The demo's grants and spend, risks and sharing agreements load once and show what a
newcomer needs to see: an underspend, an overspend, a quarter not returned, an overdue
risk review and an agency whose submissions no agreement covers."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from concord.accounts.models import Agency
from concord.commissioning import funding
from concord.commissioning.models import FundingStream, SpendReturn
from concord.domain.periods import financial_year_of
from concord.strategy import risks
from concord.strategy.models import Risk
from concord.submissions import agreements
from concord.submissions.models import SharingAgreement

pytestmark = pytest.mark.django_db


def test_the_demo_funding_risks_and_agreements_load_once(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("seed_demo", stdout=StringIO())
    counts = (FundingStream.objects.count(), SpendReturn.objects.count(), Risk.objects.count())
    call_command("seed_demo", stdout=StringIO())

    assert (
        FundingStream.objects.count(),
        SpendReturn.objects.count(),
        Risk.objects.count(),
    ) == counts
    assert counts[0] == 2 and counts[2] == 5
    assert SharingAgreement.objects.count() == 2
    today = timezone.localdate()
    year = financial_year_of(today)
    upto = funding.current_quarter(year, today)
    texts = {
        spend.allocation.purpose: spend.to_date
        for stream in funding.year_spend(year, upto)
        for spend in stream.allocations
    }
    if upto:
        assert "underspent" in texts["Safe accommodation support"].variance_text
        assert "overspent" in texts["Refuge support staff"].variance_text
        assert texts["Two IDVA posts"].not_returned == (upto,)
    assert any(risks.review_overdue(r, today) for r in Risk.objects.all())
    police, homes = Agency.objects.get(slug="police"), Agency.objects.get(slug="riverford-homes")
    assert agreements.covered(police, "incident", today)
    assert not agreements.covered(homes, "referral", today)
