"""The council's home panel (concord.core.home_panels): the safe accommodation return of
the last finished year, and whether it is signed off."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.domain.periods import financial_year_label, financial_year_of
from concord.part4.models import Part4Return


def last_return(request: ConcordRequest[Any]) -> dict[str, Any]:
    year = financial_year_of(timezone.localdate()) - 1
    latest = Part4Return.objects.filter(council=request.membership.agency).latest_of(year)
    if latest is None:
        state = "Not signed off yet."
    else:
        state = f"Version {latest.version} signed off on {govuk_date(latest.signed_off_at)}."
    return {"year": year, "label": financial_year_label(year), "state": state}


PART4_RETURN = HomePanel(
    "part4_return", 85, "part4.view_return", "part4/home_return.html", last_return
)
