"""Contracts and quarterly returns, through ``request.scope`` (ADR 0011): the
commissioner's own contracts, or the provider's."""

from __future__ import annotations

from uuid import UUID

import rules
from django.db.models import Q, QuerySet

from concord.accounts.scope import MembershipScope
from concord.commissioning.models import (
    Allocation,
    Contract,
    ContractQuerySet,
    FundingStream,
    QuarterlyReturn,
)


class CommissioningScope(MembershipScope):
    @property
    def contracts(self) -> ContractQuerySet:
        """Contracts the agency owns (contract monitoring officers) or provides (service
        managers)."""
        self._require("commissioning.view_contract")
        if rules.test_rule("commissioning.manage_contract", self.membership):
            return Contract.objects.owned_by(self.agency)
        return Contract.objects.provided_by(self.agency)

    def contract(self, contract_id: UUID | str) -> Contract:
        found = self.contracts.select_related("provider", "agency").filter(pk=contract_id)
        return self._one(found.first())

    def managed_contract(self, contract_id: UUID | str) -> Contract:
        self._require("commissioning.manage_contract")
        return self.contract(contract_id)

    def quarterly_return(self, return_id: UUID | str) -> QuarterlyReturn:
        """A return of one of the agency's contracts; 404 for any other."""
        found = QuarterlyReturn.objects.filter(contract__in=self.contracts.values("pk"))
        found = found.select_related("contract__provider", "contract__agency").filter(pk=return_id)
        return self._one(found.first())

    def provided_return(self, return_id: UUID | str) -> QuarterlyReturn:
        self._require("commissioning.submit_return")
        return self.quarterly_return(return_id)

    def reviewed_return(self, return_id: UUID | str) -> QuarterlyReturn:
        self._require("commissioning.review_return")
        return self.quarterly_return(return_id)

    # Grants and spend: the partnership's, not an agency's (ADR 0025), except that a
    # provider's service manager reaches only allocations to its own contracts and services.

    @property
    def keeps_funding(self) -> bool:
        return rules.test_rule("commissioning.manage_funding", self.membership)

    @property
    def allocations(self) -> QuerySet[Allocation]:
        self._require("commissioning.view_funding")
        found = Allocation.objects.select_related("stream", "contract", "service__agency")
        if self.keeps_funding:
            return found.all()
        return found.filter(Q(contract__provider=self.agency) | Q(service__agency=self.agency))

    def allocation(self, allocation_id: UUID | str) -> Allocation:
        return self._one(self.allocations.filter(pk=allocation_id).first())

    def spend_allocation(self, allocation_id: UUID | str) -> Allocation:
        """An allocation whose spend this membership may return; 404 for any other."""
        self._require("commissioning.return_spend")
        return self.allocation(allocation_id)

    @property
    def streams(self) -> QuerySet[FundingStream]:
        """Every stream for those who keep them; a provider's, the streams that fund it."""
        self._require("commissioning.view_funding")
        if self.keeps_funding:
            return FundingStream.objects.all()
        return FundingStream.objects.filter(pk__in=self.allocations.values("stream_id")).distinct()

    def stream(self, stream_id: UUID | str) -> FundingStream:
        return self._one(self.streams.filter(pk=stream_id).first())

    def kept_stream(self, stream_id: UUID | str) -> FundingStream:
        self._require("commissioning.manage_funding")
        return self.stream(stream_id)
