"""Information-sharing agreements (DOMAIN §15, ADR 0029): the register of agreements and
their signatories, and whether an agency's submissions of a kind are covered on a day.

An agency is covered on a day for a kind of submission when it has signed, and not yet
withdrawn from, an agreement in force that day (started, not ended) naming that kind. An
agreement past its review date still covers; the pages say its review is overdue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from concord.accounts.models import Agency, Membership
from concord.accounts.roles import Role
from concord.core import audit
from concord.submissions.models import SharingAgreement, Signatory, SubmissionKind

KEEPERS = frozenset({Role.PARTNERSHIP_MANAGER, Role.PARTNERSHIP_ANALYST})


def in_force(agreement: SharingAgreement, on: date) -> bool:
    return agreement.starts_on <= on and (agreement.ends_on is None or on <= agreement.ends_on)


def signed_on_day(signatory: Signatory, on: date) -> bool:
    return signatory.signed_on <= on and (
        signatory.withdrawn_on is None or on < signatory.withdrawn_on
    )


def covers(signatory: Signatory, kind: str, on: date) -> bool:
    agreement = signatory.agreement
    return kind in agreement.kinds and in_force(agreement, on) and signed_on_day(signatory, on)


def review_overdue(agreement: SharingAgreement, on: date) -> bool:
    return agreement.review_on < on and (agreement.ends_on is None or on <= agreement.ends_on)


class Coverage:
    """Every signature, read once, for pages that ask about many agencies and days."""

    def __init__(self, signatories: Iterable[Signatory]) -> None:
        self._by_agency: dict[object, list[Signatory]] = defaultdict(list)
        for signatory in signatories:
            self._by_agency[signatory.agency_id].append(signatory)

    def covering(self, agency_id: object, kind: str, on: date) -> SharingAgreement | None:
        """The agreement covering it (the one reviewed last, if several), or None."""
        found = [s.agreement for s in self._by_agency[agency_id] if covers(s, kind, on)]
        return max(found, key=lambda a: (a.review_on, a.title), default=None)


def coverage(agency: Agency | None = None) -> Coverage:
    signatories = Signatory.objects.select_related("agreement")
    if agency is not None:
        signatories = signatories.filter(agency=agency)
    return Coverage(signatories)


def covering_agreement(agency: Agency, kind: str, on: date) -> SharingAgreement | None:
    return coverage(agency).covering(agency.pk, kind, on)


def covered(agency: Agency, kind: str, on: date) -> bool:
    """Whether ``agency``'s submissions of ``kind`` are covered by an agreement on ``on``."""
    return covering_agreement(agency, kind, on) is not None


# Writing ------------------------------------------------------------------------------------


def _require_keeper(membership: Membership) -> None:
    if membership.role_enum not in KEEPERS:
        raise ValidationError(
            "Only the partnership manager or a partnership analyst can keep the register"
        )


def _agreement_problems(values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not values["title"]:
        problems["title"] = "Enter the agreement's title"
    if not values["purpose"]:
        problems["purpose"] = "Enter what the agreement shares information for"
    if not values["kinds"] or set(values["kinds"]) - set(SubmissionKind.values):
        problems["kinds"] = "Select the kinds of submission the agreement covers"
    if values["starts_on"] is None:
        problems["starts_on"] = "Enter the date the agreement starts"
    if values["review_on"] is None:
        problems["review_on"] = "Enter the date of the next review"
    elif values["starts_on"] and values["review_on"] <= values["starts_on"]:
        problems["review_on"] = "The review date must be after the start date"
    ends_on = values["ends_on"]
    if ends_on is not None and values["starts_on"] and ends_on <= values["starts_on"]:
        problems["ends_on"] = "The end date must be after the start date"
    return problems


@transaction.atomic
def save_agreement(
    membership: Membership,
    agreement: SharingAgreement | None = None,
    *,
    title: str,
    purpose: str,
    lawful_basis: str,
    kinds: Sequence[str],
    starts_on: date | None,
    review_on: date | None,
    ends_on: date | None = None,
) -> SharingAgreement:
    """Add an agreement to the register, or change ``agreement``."""
    _require_keeper(membership)
    values: dict[str, Any] = {
        "title": title.strip(),
        "purpose": purpose.strip(),
        "lawful_basis": lawful_basis.strip(),
        "kinds": sorted(set(kinds)),
        "starts_on": starts_on,
        "review_on": review_on,
        "ends_on": ends_on,
    }
    if problems := _agreement_problems(values):
        raise ValidationError(problems)
    if agreement is not None:
        agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    return audit.save_changes(
        agreement or SharingAgreement(),
        values,
        "submissions.agreement_changed" if agreement else "submissions.agreement_added",
        actor=membership.user,
        agency=membership.agency,
        only_if_changed=agreement is not None,
    )


def add_signatory(
    membership: Membership,
    agreement: SharingAgreement,
    *,
    agency: Agency | None,
    signed_on: date | None,
    signed_by: str,
    today: date,
) -> Signatory:
    """Record that an agency signed the agreement (once per agency)."""
    _require_keeper(membership)
    problems: dict[str, str] = {}
    if agency is None:
        problems["agency"] = "Select the agency that signed"
    elif agreement.signatories.filter(agency=agency).exists():
        problems["agency"] = "This agency has already signed the agreement"
    if signed_on is None:
        problems["signed_on"] = "Enter the date it was signed"
    elif signed_on > today:
        problems["signed_on"] = "The date signed must be today or in the past"
    if not signed_by.strip():
        problems["signed_by"] = "Enter the name and post of who signed"
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            return audit.save_changes(
                Signatory(agreement=agreement),
                {"agency": agency, "signed_on": signed_on, "signed_by": signed_by.strip()},
                "submissions.agreement_signed",
                actor=membership.user,
                agency=membership.agency,
                exclude=["agreement"],
            )
    except IntegrityError:
        raise ValidationError({"agency": "This agency has already signed the agreement"}) from None


@transaction.atomic
def withdraw_signatory(
    membership: Membership, signatory: Signatory, *, withdrawn_on: date | None, today: date
) -> Signatory:
    """The agency no longer shares under the agreement from ``withdrawn_on``."""
    _require_keeper(membership)
    locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if locked.withdrawn_on is not None:
        raise ValidationError("The agency has already withdrawn")
    if withdrawn_on is None:
        raise ValidationError({"withdrawn_on": "Enter the date the agency withdrew"})
    if withdrawn_on > today:
        raise ValidationError({"withdrawn_on": "The date withdrawn must be today or in the past"})
    if withdrawn_on < locked.signed_on:
        raise ValidationError(
            {"withdrawn_on": "The date withdrawn must be on or after the date signed"}
        )
    return audit.save_changes(
        locked,
        {"withdrawn_on": withdrawn_on},
        "submissions.agreement_withdrawn",
        actor=membership.user,
        agency=membership.agency,
    )
