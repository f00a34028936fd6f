"""The MARAC app's line of the alerts panel (concord.core.alerts, ADR 0017): the person's
latest MARAC referral, at any agency sharing it: referred, the meeting it is listed for, or
heard; and whether it is a repeat. A referral whose must-not-receive list names the viewer
or their agency is left out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from concord.core.alerts import Fact, Record, Viewer
from concord.core.presenters import govuk_date
from concord.marac.lifecycle import MaracStatus
from concord.marac.models import MaracReferral


def _status_text(referral: MaracReferral) -> str:
    item = getattr(referral, "agenda_item", None)
    if referral.status == MaracStatus.HEARD and item is not None:
        return f"Heard at the meeting on {govuk_date(item.meeting.meets_on)}"
    if item is not None:
        return f"On the agenda of the meeting on {govuk_date(item.meeting.meets_on)}"
    return f"Referred on {govuk_date(referral.referred_on)}, waiting for an agenda"


def facts(records: Sequence[Record], viewer: Viewer, today: date) -> list[Fact]:
    agencies = {r.person.pk: r.agency_name for r in records if r.is_shared}
    latest = (
        MaracReferral.objects.filter(case__person__in=[r.person.pk for r in records])
        .not_kept_from(viewer.membership)
        .select_related("case", "agenda_item__meeting")
        .order_by("-referred_on", "-created_at")
        .first()
    )
    if latest is None:
        return [Fact(40, "MARAC", "Not referred")]
    details: tuple[str, ...] = ()
    if latest.is_repeat:
        details = (f"Repeat: referred before on {govuk_date(latest.previous_referred_on)}",)
    source = agencies.get(latest.case.person_id, "")
    return [Fact(40, "MARAC", _status_text(latest), False, source, details)]
