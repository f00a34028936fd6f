"""Referrals imported from an agency's history (``referrals.csv``, see
docs/data-dictionary/import-format.md). Each goes from an imported case to another of the
agency's services or to an agency outside Concord, on the day it was made, with the
person's consent (recorded with it, covering where it went) or a safeguarding basis and
reason; then it is accepted, declined or withdrawn through the same services as the pages.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS

from concord.accounts.models import Membership, Service
from concord.cases.import_rows import (
    Context,
    Kind,
    Row,
    RowProblem,
    agency_service,
    code_value,
    date_value,
    filled,
    imported_case,
    moment_value,
    reported_in,
    require,
    required_date,
)
from concord.cases.models import Case
from concord.people import reference as ref
from concord.referrals import services
from concord.referrals.lifecycle import STATUS_CHOICES, ReferralStatus
from concord.referrals.models import Consent, Referral
from concord.referrals.vocabulary import REFERRAL_PURPOSE, SAFEGUARDING_BASES

COLUMNS = (
    "record_id",
    "case_record_id",
    "referred_at",
    "to_service",
    "outside_agency",
    "summary",
    "consent_given_on",
    "consent_expires_on",
    "safeguarding_basis",
    "safeguarding_reason",
    "status",
    "decided_at",
    "decline_reason",
    "receiving_case_record_id",
)
REQUIRED = ("case_record_id", "referred_at", "summary")
CONSENT_COLUMNS = ("consent_given_on", "consent_expires_on")

# The row's columns for what the services name when they refuse.
MADE_IN = {
    "consent": "consent_given_on",
    "given_on": "consent_given_on",
    "expires_on": "consent_expires_on",
    NON_FIELD_ERRORS: "safeguarding_basis",
}
DECIDED_IN = {
    "decided_at": "decided_at",
    "reason": "decline_reason",
    "case": "receiving_case_record_id",
    NON_FIELD_ERRORS: "status",
}


def _referral(context: Context, row: Row) -> Referral:
    require(row, *REQUIRED)
    case = imported_case(context, row)
    status = code_value(row.get("status", ""), "status", STATUS_CHOICES, default="")
    _check_decision_columns(row, status)
    to_service = (
        agency_service(context, row["to_service"], "to_service") if row.get("to_service") else None
    )
    outside_agency = row.get("outside_agency", "")
    with reported_in(MADE_IN):
        referral = services.make_referral(
            context.actor,
            case,
            summary=row["summary"],
            to_service=to_service,
            outside_agency=outside_agency,
            consent=_consent(context, row, case, to_service, outside_agency),
            safeguarding_basis=code_value(
                row.get("safeguarding_basis", ""), "safeguarding_basis", SAFEGUARDING_BASES, ""
            ),
            safeguarding_reason=row.get("safeguarding_reason", ""),
            referred_at=moment_value(row["referred_at"], "referred_at"),
        )
    if status and status != referral.status:
        _decide(context, row, referral, ReferralStatus(status))
    return referral


def _check_decision_columns(row: Row, status: str) -> None:
    if row.get("decline_reason") and status != ReferralStatus.DECLINED:
        raise RowProblem(["decline_reason: give a reason only for a declined referral"])
    if row.get("receiving_case_record_id") and status != ReferralStatus.ACCEPTED:
        raise RowProblem(
            ["receiving_case_record_id: name the receiving case only for an accepted referral"]
        )


def _consent(
    context: Context, row: Row, case: Case, to_service: Service | None, outside_agency: str
) -> Consent | None:
    """The person's consent to this referral, recorded with it and covering only where
    the referral went; None when the row gives no consent."""
    if not filled(row, CONSENT_COLUMNS):
        return None
    return services.record_consent(
        context.actor,
        case.person,
        purpose=REFERRAL_PURPOSE,
        given=True,
        given_on=required_date(row, "consent_given_on"),
        expires_on=date_value(row.get("consent_expires_on", ""), "consent_expires_on"),
        agencies=[to_service.agency] if to_service else [],
        outside_agency="" if to_service else outside_agency,
    )


def _decide(context: Context, row: Row, referral: Referral, status: ReferralStatus) -> None:
    """Move the referral from pending to the status it reached, as the agency would have."""
    acting_as = _acting_as(context)
    require(row, "decided_at")
    decided_at = moment_value(row["decided_at"], "decided_at")
    with reported_in(DECIDED_IN):
        if status == ReferralStatus.ACCEPTED:
            services.accept_referral(
                acting_as, referral, case=_receiving_case(context, row), decided_at=decided_at
            )
        elif status == ReferralStatus.DECLINED:
            reason = code_value(
                row.get("decline_reason", ""), "decline_reason", ref.DECLINE_REASONS
            )
            services.decline_referral(acting_as, referral, reason=reason, decided_at=decided_at)
        elif status == ReferralStatus.WITHDRAWN:
            services.withdraw_referral(acting_as, referral, decided_at=decided_at)
        else:
            raise RowProblem(
                [
                    f"status: a referral {'outside' if referral.is_outside_concord else 'within'}"
                    f" Concord starts as {referral.status}, not {status}"
                ]
            )


def _acting_as(context: Context) -> Membership:
    membership = (
        Membership.objects.active().filter(agency=context.agency, user=context.actor).first()
    )
    if membership is None:
        raise RowProblem([f"status: the importing user has no role at {context.agency}"])
    return membership


def _receiving_case(context: Context, row: Row) -> Case | None:
    if not row.get("receiving_case_record_id"):
        return None
    return imported_case(context, row, "receiving_case_record_id")


KINDS: tuple[Kind, ...] = (Kind("referrals", COLUMNS, _referral, required=REQUIRED),)
