"""The home panel of safe accommodation vacancies (concord.core.home_panels): how many units
and bed spaces are free tonight across the partnership, with the way to the vacancy board.
Counts only: never where."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from concord.accommodation.scope import HousingScope
from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel


def free_tonight(request: ConcordRequest[Any]) -> dict[str, int]:
    free = request.scope.narrowed_to(HousingScope).vacancies
    totals = free.aggregate(units=Count("pk"), bed_spaces=Sum("bed_spaces"))
    return {"units": totals["units"], "bed_spaces": totals["bed_spaces"] or 0}


VACANCIES = HomePanel(
    "accommodation_vacancies",
    35,
    "accommodation.view_vacancies",
    "accommodation/home_vacancies.html",
    free_tonight,
)
