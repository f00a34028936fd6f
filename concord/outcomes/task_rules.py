"""The rule that reminds a case's lead to ask the follow-up questions some months after the
case closed (CONCORD_FOLLOW_UP_MONTHS; concord.cases.task_rules), only when the person
agreed at the exit questions to be contacted after support. A follow-up's task appears on
the day it is due and closes once that follow-up's answers are recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from concord.cases.models import CaseQuerySet
from concord.cases.task_rules import TaskRule, Wanted
from concord.outcomes.models import OutcomeMeasure
from concord.outcomes.stages import EXIT, FOLLOW_UP, months_after, stage_key

RULE_NAME = "outcome_follow_up"


def _title(months: int) -> str:
    return f"Ask the follow-up questions ({months} month{'s' if months != 1 else ''})"


def follow_ups(cases: CaseQuerySet, today: date) -> Iterator[Wanted]:
    """For each configured month: the closed cases whose person agreed to be contacted,
    closed at least that many months ago, with no follow-up answers for that month."""
    agreed = OutcomeMeasure.objects.filter(case=OuterRef("pk"), stage=EXIT, may_contact_after=True)
    for months in settings.FOLLOW_UP_MONTHS:
        answered = OutcomeMeasure.objects.filter(
            case=OuterRef("pk"), stage=FOLLOW_UP, follow_up_months=months
        )
        # No month is shorter than 28 days: the database finds the few cases that may be
        # due, the calendar decides.
        latest = timezone.make_aware(
            datetime.combine(today - timedelta(days=28 * months), time.max)
        )
        due = (
            cases.filter(Exists(agreed), closed_at__lte=latest)
            .exclude(Exists(answered))
            .values_list("pk", "agency_id", "closed_at", "lead_professional_id")
        )
        for case_id, agency_id, closed_at, lead in due.iterator():
            due_on = months_after(timezone.localtime(closed_at).date(), months)
            if due_on <= today:
                source = stage_key(FOLLOW_UP, months)
                yield Wanted(case_id, agency_id, source, _title(months), due_on, lead)


FOLLOW_UP_RULE = TaskRule(RULE_NAME, follow_ups, on_closed_cases=True)
