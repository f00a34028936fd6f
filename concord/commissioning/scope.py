"""Contracts and quarterly returns, through ``request.scope`` (ADR 0011): the
commissioner's own contracts, or the provider's."""

from __future__ import annotations

from uuid import UUID

import rules

from concord.accounts.scope import MembershipScope
from concord.commissioning.models import Contract, ContractQuerySet, QuarterlyReturn


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
