"""The rule that sets a task to chase a referral the receiving service has not decided
within TASK_REFERRAL_WAITING_DAYS (concord.cases.task_rules): on the referring case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from concord.cases.models import CaseQuerySet
from concord.cases.task_rules import TaskRule, Wanted
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Referral


def waiting_referrals(cases: CaseQuerySet, today: date) -> Iterator[Wanted]:
    days = timedelta(days=settings.TASK_REFERRAL_WAITING_DAYS)
    waiting = (
        Referral.objects.filter(case__in=cases.values("pk"), status=ReferralStatus.PENDING)
        .filter(referred_at__lt=timezone.now() - days)
        .values_list(
            "pk", "case_id", "agency_id", "referred_at", "to_service__name", "referred_by_id"
        )
    )
    for pk, case_id, agency_id, referred_at, service, referrer in waiting.iterator():
        due = timezone.localtime(referred_at).date() + days
        title = f"Chase the referral to {service or 'another service'}: no decision yet"
        yield Wanted(case_id, agency_id, str(pk), title, due, referrer)


REFERRAL_WAITING = TaskRule("referral_waiting", waiting_referrals)
