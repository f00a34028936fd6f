"""The help point's calls of this membership's agency, through ``request.scope``
(ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from concord.accounts.scope import MembershipScope
from concord.helpline.models import HelplineCall, HelplineCallQuerySet


class HelplineScope(MembershipScope):
    @property
    def helpline_calls(self) -> HelplineCallQuerySet:
        """Calls logged at this agency's help point services."""
        self._require("helpline.log_call")
        return HelplineCall.objects.filter(agency=self.agency)

    def helpline_call(self, call_id: UUID | str) -> HelplineCall:
        """One call of this agency; the read is audited."""
        found = self.helpline_calls.select_related("service", "contact").filter(pk=call_id)
        return self._one(found.first(), "helpline_call.viewed")
