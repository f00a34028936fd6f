"""Grants and spend (DOMAIN §15, ADR 0029): funding streams by financial year, their
allocations to contracts and services, and each allocation's spend returned quarter by
quarter. Writes are one short transaction each with an audit event; reads add spend up
against the even profile of concord.domain.spend.

A stream may not be allocated beyond its amount: the stream's row is locked while its
allocations are added up, so two people allocating at once cannot overshoot it together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from concord.accounts.models import Membership, Service
from concord.accounts.roles import Role
from concord.commissioning.models import (
    Allocation,
    Contract,
    FundingStream,
    SpendReturn,
    StreamKind,
)
from concord.core import audit
from concord.domain.periods import financial_year_of, quarter_of
from concord.domain.spend import SpendToDate, added_up, pounds, spend_to_date

KEEPERS = frozenset({Role.PARTNERSHIP_MANAGER, Role.CONTRACT_MONITORING_OFFICER})
# The years a stream may be for: far enough back for the grant's first year, and ahead.
FIRST_YEAR = 2021
YEARS_AHEAD = 2


def _require_keeper(membership: Membership) -> None:
    if membership.role_enum not in KEEPERS:
        raise ValidationError(
            "Only the partnership manager or a contract monitoring officer can do this"
        )


def may_return_spend(membership: Membership, allocation: Allocation) -> bool:
    """The keepers, or a service manager of the agency the allocation funds."""
    if membership.role_enum in KEEPERS:
        return True
    if membership.role_enum is not Role.SERVICE_MANAGER:
        return False
    return funded_agency_id(allocation) == membership.agency_id


def funded_agency_id(allocation: Allocation) -> object:
    """The agency the allocation pays: the contract's provider, or the service's agency."""
    if allocation.contract is not None:
        return allocation.contract.provider_id
    assert allocation.service is not None  # the model's constraint: one or the other
    return allocation.service.agency_id


def year_problem(year: int | None, today: date) -> str:
    latest = financial_year_of(today) + YEARS_AHEAD
    if year is None or not FIRST_YEAR <= year <= latest:
        return f"Enter a financial year from {FIRST_YEAR} to {latest}"
    return ""


@transaction.atomic
def add_stream(
    membership: Membership,
    *,
    name: str,
    kind: str,
    funder: str,
    year: int | None,
    amount_pence: int | None,
    today: date,
) -> FundingStream:
    """A stream of money for one financial year (the DA grant, or another)."""
    _require_keeper(membership)
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Enter the stream's name"
    if kind not in StreamKind.values:
        problems["kind"] = "Select the kind of funding"
    if not funder.strip():
        problems["funder"] = "Enter who awards the money"
    if problem := year_problem(year, today):
        problems["year"] = problem
    if amount_pence is None or amount_pence <= 0:
        problems["amount_pence"] = "Enter an amount of more than £0"
    if problems:
        raise ValidationError(problems)
    assert year is not None and amount_pence is not None
    if FundingStream.objects.filter(name=name.strip(), year=year).exists():
        raise ValidationError({"name": "There is already a stream of this name for the year"})
    values = {
        "name": name.strip(),
        "kind": kind,
        "funder": funder.strip(),
        "year": year,
        "amount_pence": amount_pence,
    }
    return audit.save_changes(
        FundingStream(),
        values,
        "commissioning.stream_added",
        actor=membership.user,
        agency=membership.agency,
    )


def allocated_so_far(stream: FundingStream) -> int:
    total = stream.allocations.aggregate(total=Sum("amount_pence"))["total"]
    return int(total or 0)


@transaction.atomic
def allocate(
    membership: Membership,
    stream: FundingStream,
    *,
    contract: Contract | None,
    service: Service | None,
    purpose: str,
    amount_pence: int | None,
) -> Allocation:
    """Give part of ``stream`` to a contract or a service; never more than is left of it."""
    _require_keeper(membership)
    locked = FundingStream.objects.select_for_update().get(pk=stream.pk)
    problems: dict[str, str] = {}
    if (contract is None) == (service is None):
        problems["contract"] = "Select a contract or a service, not both"
    if not purpose.strip():
        problems["purpose"] = "Enter what the money is for"
    if amount_pence is None or amount_pence <= 0:
        problems["amount_pence"] = "Enter an amount of more than £0"
    else:
        left = locked.amount_pence - allocated_so_far(locked)
        if amount_pence > left:
            problems["amount_pence"] = (
                f"The amount is more than is left of the stream: {pounds(max(left, 0))} "
                f"of {pounds(locked.amount_pence)} is unallocated"
            )
    if problems:
        raise ValidationError(problems)
    values = {
        "stream": locked,
        "contract": contract,
        "service": service,
        "purpose": purpose.strip(),
        "amount_pence": amount_pence,
    }
    return audit.save_changes(
        Allocation(),
        values,
        "commissioning.allocation_added",
        actor=membership.user,
        agency=membership.agency,
    )


@transaction.atomic
def return_spend(
    membership: Membership,
    allocation: Allocation,
    *,
    quarter: int | None,
    spent_pence: int | None,
    note: str = "",
) -> SpendReturn:
    """Record what was spent of ``allocation`` in a quarter of its stream's year, or correct
    the quarter's earlier return (the audit keeps the amount before and after)."""
    # Only the allocation's row is locked: its contract or service is on the nullable side
    # of an outer join, which PostgreSQL refuses to lock.
    locked = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("contract", "service")
        .get(pk=allocation.pk)
    )
    if not may_return_spend(membership, locked):
        raise ValidationError(
            "Only a service manager of the funded agency, the partnership manager or a "
            "contract monitoring officer can do this"
        )
    problems: dict[str, str] = {}
    if quarter is None or not 1 <= quarter <= 4:
        problems["quarter"] = "Enter a quarter from 1 to 4"
    if spent_pence is None or spent_pence < 0:
        problems["spent_pence"] = "Enter the amount spent, £0 or more"
    if problems:
        raise ValidationError(problems)
    assert quarter is not None and spent_pence is not None
    found = SpendReturn.objects.filter(allocation=locked, quarter=quarter).first()
    if found is None:
        return audit.save_changes(
            SpendReturn(allocation=locked, quarter=quarter, returned_by=membership.user),
            {"spent_pence": spent_pence, "note": note.strip()},
            "commissioning.spend_returned",
            actor=membership.user,
            agency=membership.agency,
        )
    before = found.spent_pence
    found.spent_pence, found.note, found.returned_by = spent_pence, note.strip(), membership.user
    found.full_clean()
    found.save()
    changes = ["note"] if before == spent_pence else ["spent_pence", "note"]
    audit.record(
        "commissioning.spend_corrected",
        actor=membership.user,
        agency=membership.agency,
        target=found,
        changes=changes,
        # Amounts of public money, not about anyone: kept so a correction can be followed.
        reason=f"Q{quarter} {pounds(before)} to {pounds(spent_pence)}"[:60],
    )
    return found


# Reading ------------------------------------------------------------------------------------


def current_quarter(year: int, today: date) -> int:
    """The last quarter of ``year`` to have ended by ``today``: 4 for a past year, 0 before
    the first ends."""
    this = quarter_of(today)
    if year < this.year:
        return 4
    if year > this.year:
        return 0
    return this.number - 1


@dataclass(frozen=True)
class AllocationSpend:
    allocation: Allocation
    spent: dict[int, int]  # quarter -> pence, the quarters returned
    to_date: SpendToDate


@dataclass(frozen=True)
class StreamSpend:
    stream: FundingStream
    allocations: list[AllocationSpend]
    to_date: SpendToDate

    @property
    def allocated_pence(self) -> int:
        return self.to_date.allocated_pence

    @property
    def unallocated_pence(self) -> int:
        return self.stream.amount_pence - self.allocated_pence


def allocation_spend(allocations: Iterable[Allocation], quarter: int) -> list[AllocationSpend]:
    """Each allocation with its spend returned and its spend to ``quarter``: one query for
    all their returns."""
    allocations = list(allocations)
    spent: dict[object, dict[int, int]] = defaultdict(dict)
    returns = SpendReturn.objects.filter(allocation__in=allocations).values_list(
        "allocation_id", "quarter", "spent_pence"
    )
    for allocation_id, number, pence in returns:
        spent[allocation_id][number] = pence
    return [
        AllocationSpend(a, spent[a.pk], spend_to_date(a.amount_pence, spent[a.pk], quarter))
        for a in allocations
    ]


def streams_spend(
    streams: Sequence[FundingStream], allocations: Iterable[Allocation], quarter: int
) -> list[StreamSpend]:
    """Each stream with the allocations given (those the reader may see) and their spend."""
    by_stream: dict[object, list[AllocationSpend]] = defaultdict(list)
    for spend in allocation_spend(allocations, quarter):
        by_stream[spend.allocation.stream_id].append(spend)
    return [
        StreamSpend(
            stream,
            by_stream[stream.pk],
            added_up((a.to_date for a in by_stream[stream.pk]), quarter),
        )
        for stream in streams
    ]


def year_total(streams: Iterable[StreamSpend], quarter: int) -> SpendToDate:
    return added_up((s.to_date for s in streams), quarter)


def year_spend(year: int, quarter: int) -> list[StreamSpend]:
    """Every stream of ``year`` and all its allocations (the partnership's view)."""
    streams = list(FundingStream.objects.filter(year=year).order_by("name"))
    allocations = Allocation.objects.filter(stream__year=year).select_related(
        "contract", "service__agency"
    )
    return streams_spend(streams, allocations, quarter)


def contract_allocations(contract: Contract, today: date) -> list[AllocationSpend]:
    """A contract's allocations, newest year first, each with spend to the last quarter of
    its year ended by ``today``."""
    allocations = list(contract.allocations.select_related("stream").order_by("-stream__year"))
    spends = []
    for allocation in allocations:
        allocation.contract = contract
        upto = current_quarter(allocation.stream.year, today)
        spends.extend(allocation_spend([allocation], upto))
    return spends
