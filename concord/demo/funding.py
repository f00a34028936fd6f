"""The demo partnership's grants and spend, risk register and information-sharing
agreements (ADR 0029): this year's domestic abuse grant and a police and crime
commissioner's fund, allocated to the demo contract and services, with spend returned for
the quarters ended (one allocation under its profile, one over, one quarter not returned);
five risks, one of them overdue for review; two agreements, the police signed to one, and
Riverford Homes expected to send referrals with no agreement covering them.

Idempotent: each record is found again by its name, title or reference.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service
from concord.commissioning import funding
from concord.commissioning.models import Allocation, Contract, FundingStream
from concord.domain.periods import financial_year_dates, financial_year_of
from concord.domain.spend import quarter_profile
from concord.strategy import risks
from concord.strategy.models import Risk
from concord.submissions import agreements
from concord.submissions.models import SharingAgreement, SubmissionKind, SubmissionSchedule

DA_GRANT = "Domestic abuse (Part 4) grant"
PCC_FUND = "Police and crime commissioner victims' fund"

RISKS = [
    ("The domestic abuse grant is not confirmed beyond March", "medium", "high", 60),
    ("Refuge staff leave faster than they can be recruited", "high", "high", 30),
    ("Partner agencies send their data late or incomplete", "medium", "medium", -14),
    ("Demand for IDVA support outgrows the service", "high", "medium", 90),
    ("Survivors' voices are not heard in the board's decisions", "low", "medium", 120),
]


def record_demo_funding(
    agencies: dict[str, Agency],
    manager: Membership,
    partnership: Membership,
    contract_title: str,
) -> None:
    """``manager`` is Haven's service manager; ``partnership`` the partnership manager."""
    today = timezone.localdate()
    year = financial_year_of(today)
    contract = Contract.objects.filter(title=contract_title).first()
    refuge = Service.objects.filter(agency=agencies["turning-point"], name="Riverford refuge")
    grant = _stream(partnership, DA_GRANT, "da_grant", "MHCLG", year, 640_000_00, today)
    fund = _stream(
        partnership, PCC_FUND, "pcc", "Police and crime commissioner", year, 120_000_00, today
    )
    if contract is not None:
        support = _allocation(
            partnership, grant, "Safe accommodation support", 400_000_00, contract=contract
        )
        _spend(manager, support, year, today, share=95)  # under its profile
        idva = _allocation(partnership, fund, "Two IDVA posts", 80_000_00, contract=contract)
        _spend(manager, idva, year, today, share=100, skip_last=True)  # a quarter not returned
    if refuge.exists():
        staff = _allocation(
            partnership, grant, "Refuge support staff", 160_000_00, service=refuge.get()
        )
        _spend(partnership, staff, year, today, share=108)  # over its profile
    _risks(partnership, today)
    _agreements(partnership, agencies, today)


def _stream(
    membership: Membership, name: str, kind: str, funder: str, year: int, pence: int, today: date
) -> FundingStream:
    found = FundingStream.objects.filter(name=name, year=year).first()
    return found or funding.add_stream(
        membership, name=name, kind=kind, funder=funder, year=year, amount_pence=pence, today=today
    )


def _allocation(
    membership: Membership,
    stream: FundingStream,
    purpose: str,
    pence: int,
    *,
    contract: Contract | None = None,
    service: Service | None = None,
) -> Allocation:
    found = stream.allocations.filter(purpose=purpose).first()
    return found or funding.allocate(
        membership, stream, contract=contract, service=service, purpose=purpose, amount_pence=pence
    )


def _spend(
    membership: Membership,
    allocation: Allocation,
    year: int,
    today: date,
    *,
    share: int,
    skip_last: bool = False,
) -> None:
    """Spend of ``share``% of the profile in each quarter ended, unless already returned."""
    ended = funding.current_quarter(year, today)
    quarters = range(1, ended if skip_last else ended + 1)
    returned = set(allocation.spend.values_list("quarter", flat=True))
    for quarter in quarters:
        if quarter in returned:
            continue
        spent = quarter_profile(allocation.amount_pence, quarter) * share // 100
        note = (
            ""
            if share == 100
            else "Posts vacant for part of the quarter"
            if share < 100
            else "Agency staff covered sickness"
        )
        funding.return_spend(membership, allocation, quarter=quarter, spent_pence=spent, note=note)


def _risks(partnership: Membership, today: date) -> None:
    if Risk.objects.exists():
        return
    for title, likelihood, impact, review_in in RISKS:
        risks.add_risk(
            partnership,
            title=title,
            description="",
            likelihood=likelihood,
            impact=impact,
            owner=partnership,
            controls="Reported to the board each quarter; actions in the delivery plan.",
            review_on=today + timedelta(days=review_in),
        )


def _agreements(partnership: Membership, agencies: dict[str, Agency], today: date) -> None:
    first_day, _ = financial_year_dates(financial_year_of(today))
    SubmissionSchedule.objects.get_or_create(
        agency=agencies["riverford-homes"],
        kind=SubmissionKind.REFERRAL,
        defaults={"starts_on": first_day},
    )
    police = _agreement(
        partnership,
        "Partnership data: police incidents and outcomes",
        [SubmissionKind.INCIDENT, SubmissionKind.COURT_OUTCOME, SubmissionKind.PROTECTION_ORDER],
        first_day - timedelta(days=365),
        today,
    )
    if not police.signatories.exists():
        agreements.add_signatory(
            partnership,
            police,
            agency=agencies["police"],
            signed_on=police.starts_on,
            signed_by="Assistant Chief Constable",
            today=today,
        )
    children = _agreement(
        partnership,
        "Children's social care referrals",
        [SubmissionKind.REFERRAL],
        first_day,
        today,
    )
    if not children.signatories.exists():
        agreements.add_signatory(
            partnership,
            children,
            agency=agencies["childrens-social-care"],
            signed_on=first_day,
            signed_by="Director of Children's Services",
            today=today,
        )


def _agreement(
    partnership: Membership, title: str, kinds: list[str], starts_on: date, today: date
) -> SharingAgreement:
    found = SharingAgreement.objects.filter(title=title).first()
    return found or agreements.save_agreement(
        partnership,
        title=title,
        purpose="Counting domestic abuse across the partnership's agencies for its figures.",
        lawful_basis="UK GDPR Article 6(1)(e); Crime and Disorder Act 1998 section 115",
        kinds=kinds,
        starts_on=starts_on,
        review_on=starts_on + timedelta(days=730),
    )
