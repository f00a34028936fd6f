"""The rule that sets a task for each open MARAC action given to the agency that holds the
victim's case (concord.cases.task_rules), due when the action is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import F

from concord.cases.models import CaseQuerySet
from concord.cases.task_rules import TaskRule, Wanted
from concord.marac.models import MaracAction

TITLE_LENGTH = 150


def marac_actions(cases: CaseQuerySet, today: date) -> Iterator[Wanted]:
    actions = (
        MaracAction.objects.open()
        .filter(item__referral__case__in=cases.values("pk"))
        .filter(agency=F("item__referral__case__agency"))
        .values_list(
            "pk",
            "item__referral__case_id",
            "agency_id",
            "due_on",
            "description",
            "item__referral__case__lead_professional_id",
        )
    )
    for pk, case_id, agency_id, due_on, description, lead in actions.iterator():
        title = f"MARAC action: {description}"
        if len(title) > TITLE_LENGTH:
            title = title[: TITLE_LENGTH - 1] + "…"
        yield Wanted(case_id, agency_id, str(pk), title, due_on, lead)


MARAC_ACTION = TaskRule("marac_action", marac_actions)
