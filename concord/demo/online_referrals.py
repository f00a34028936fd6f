"""Two self-referrals waiting in the SAFE help point's inbox (issue 18): one sent an hour
ago, one sent two days ago and overdue for first contact. Made by the public form's own
service, then dated back."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from concord.inbox import services
from concord.inbox.models import OnlineReferral

DEMO_SELF_REFERRALS = [
    (
        timedelta(hours=1),
        {
            "name": "Jo",
            "contact_method": "text",
            "phone": "07700 900312",
            "safe_times": "Weekday mornings, before 11",
            "never": ["no_voicemail", "no_name"],
            "danger_now": "no",
            "more": "He checks my phone in the evenings.",
        },
    ),
    (
        timedelta(days=2),
        {
            "name": "Mrs K",
            "contact_method": "call",
            "phone": "07700 900587",
            "safe_times": "Tuesdays and Thursdays, 1pm to 3pm",
            "never": ["no_withheld"],
            "never_other": "Do not call the house phone",
            "danger_now": "not_sure",
            "language": "Urdu",
            "interpreter_needed": True,
        },
    ),
]


def record_demo_online_referrals() -> None:
    service = services.receiving_help_point()
    if service is None or OnlineReferral.objects.filter(service=service).exists():
        return
    now = timezone.now()
    for age, values in DEMO_SELF_REFERRALS:
        referral = services.receive_self_referral(service, **values)  # type: ignore[arg-type]
        OnlineReferral.objects.filter(pk=referral.pk).update(received_at=now - age)
