"""The caseload's MARAC column (concord.cases.caseload): where the case's latest MARAC
referral stands (waiting for an agenda, listed for a meeting on a date, heard), with a
filter. A referral whose must-not-receive list names the user or their agency is left out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Subquery

from concord.accounts.models import Membership
from concord.cases.caseload import CaseloadColumn
from concord.cases.models import Case, CaseQuerySet
from concord.core.presenters import govuk_date
from concord.marac.lifecycle import MaracStatus
from concord.marac.models import MaracReferral


def _latest(membership: Membership) -> Any:
    referrals = MaracReferral.objects.filter(case=OuterRef("pk")).not_kept_from(membership)
    return referrals.order_by("-referred_on", "-created_at")


def _with_marac(cases: CaseQuerySet, membership: Membership) -> CaseQuerySet:
    latest = _latest(membership)
    return cases.annotate(
        marac_status=Subquery(latest.values("status")[:1]),
        marac_referred_on=Subquery(latest.values("referred_on")[:1]),
        marac_meets_on=Subquery(latest.values("agenda_item__meeting__meets_on")[:1]),
    )


def marac_text(case: Case, today: date) -> str:
    status = getattr(case, "marac_status", None)
    if status is None:
        return "Not referred"
    meets_on = getattr(case, "marac_meets_on", None)
    if status == MaracStatus.REFERRED:
        return f"Referred {govuk_date(getattr(case, 'marac_referred_on', None))}"
    if status == MaracStatus.LISTED:
        return f"Next meeting {govuk_date(meets_on)}"
    return f"Heard {govuk_date(meets_on)}"


def _with_status(status: MaracStatus | None) -> Callable[[CaseQuerySet, date], CaseQuerySet]:
    def narrow(cases: CaseQuerySet, today: date) -> CaseQuerySet:
        referrals = MaracReferral.objects.filter(case=OuterRef("pk"))
        if status is None:
            return cases.exclude(Exists(referrals))
        return cases.filter(Exists(referrals.filter(status=status)))

    return narrow


def _cell(case: Case, today: date) -> dict[str, Any]:
    return {"text": marac_text(case, today)}


MARAC = CaseloadColumn(
    "marac",
    20,
    "MARAC",
    _with_marac,
    _cell,
    marac_text,
    "MARAC",
    {
        "referred": ("Referred, waiting for an agenda", _with_status(MaracStatus.REFERRED)),
        "listed": ("On an agenda", _with_status(MaracStatus.LISTED)),
        "heard": ("Heard", _with_status(MaracStatus.HEARD)),
        "none": ("Not referred", _with_status(None)),
    },
)
