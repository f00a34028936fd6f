"""Finding a person by one of their case references (concord.people.search)."""

from __future__ import annotations

import re

from django.db.models import Q

# As concord.cases.services.case_reference writes them: HAVE-000042.
CASE_REFERENCE = re.compile(r"^[A-Za-z]{1,4}-\d{6}$")


def matches_case_reference(text: str) -> Q | None:
    if not CASE_REFERENCE.match(text):
        return None
    return Q(cases__reference__iexact=text)
