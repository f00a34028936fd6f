"""Signing off the annual Part 4 return: one transaction, the exact figures and the
completeness check kept as they stand, an audit event."""

from __future__ import annotations

from datetime import date, timedelta

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from concord.accounts.models import Membership
from concord.core import audit
from concord.domain.periods import day_label, financial_year
from concord.part4.figures import completeness, part4_figures
from concord.part4.models import Part4Return

NOT_OFFICER = "Only a contract monitoring officer can sign off the return"


def unfinished_year_problem(year: int, today: date) -> str:
    """Why the return of ``year`` cannot be final yet; empty once the year has ended."""
    period = financial_year(year)
    if today <= period.last:
        return (
            f"The {period.label} year ends on {day_label(period.last)}: its return can be "
            f"signed off or exported from {day_label(period.last + timedelta(days=1))}"
        )
    return ""


@transaction.atomic
def sign_off(membership: Membership, year: int, *, today: date | None = None) -> Part4Return:
    """Sign off the return of a finished year as the next version of that year's return,
    keeping its exact figures and what the completeness check found."""
    if not rules.test_rule("part4.sign_off_return", membership):
        raise ValidationError(NOT_OFFICER)
    today = today or timezone.localdate()
    problem = unfinished_year_problem(year, today)
    if problem:
        raise ValidationError({"year": problem})
    figures = part4_figures(year)
    missing = completeness(year, today=today, long_stay_days=settings.PART4_LONG_STAY_DAYS)
    signed = Part4Return.objects.filter(council=membership.agency, year=year)
    version = (signed.aggregate(last=Max("version"))["last"] or 0) + 1
    found = Part4Return.objects.create(
        council=membership.agency,
        year=year,
        version=version,
        figures=figures.to_json(),
        completeness=[item.to_json() for item in missing],
        signed_off_by=membership.user,
        signed_off_at=timezone.now(),
    )
    audit.record(
        "part4.return_signed_off",
        actor=membership.user,
        agency=membership.agency,
        target=found,
        reason=f"{year} version {version}",
    )
    return found
