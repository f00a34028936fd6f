"""Referrals and consents in the chronology (concord.core.chronology): each step of a
referral credited to whoever took it (made by the referrer, accepted or declined by the
receiver), and the person's consents. One query per part over all the cases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import rules

from concord.cases.models import Case
from concord.core.chronology import Entry, Kind, dated, register, timed
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Referral
from concord.referrals.scope import ReferralsScope

REFERRAL = Kind("referral", "Referrals", 40)
CONSENT = Kind("consent", "Consents", 45)
DECISIONS = {
    ReferralStatus.ACCEPTED: "Referral accepted",
    ReferralStatus.DECLINED: "Referral declined",
    ReferralStatus.WITHDRAWN: "Referral withdrawn",
}


def _may(scope: ReferralsScope, rule: str) -> bool:
    return bool(rules.test_rule(rule, scope.membership))


def referral_entries(scope: ReferralsScope, cases: Sequence[Case]) -> Iterator[Entry]:
    """Referrals made from the cases and the referrals the cases came from."""
    relations = ("referring_service", "to_service", "referred_by", "decided_by")
    if _may(scope, "referrals.view_referral"):
        for referral in scope.referrals.filter(case__in=cases).select_related(*relations):
            where = referral.to_service.name if referral.to_service else referral.outside_agency
            yield from _steps(referral, referral.case_id, f"Referred to {where}")
    if _may(scope, "referrals.receive_referral"):
        for referral in scope.inbox.filter(created_case__in=cases).select_related(*relations):
            source = f"Referral received from {referral.referring_service.name}"
            yield from _steps(referral, referral.created_case_id, source)


def _steps(referral: Referral, case_id: object, made: str) -> Iterator[Entry]:
    yield timed(referral.referred_at, REFERRAL.code, made, referral.referred_by, case_id)
    decision = DECISIONS.get(ReferralStatus(referral.status))
    if decision and referral.decided_at is not None:
        reason = referral.get_decline_reason_display() if referral.decline_reason else ""
        yield timed(
            referral.decided_at, REFERRAL.code, decision, referral.decided_by, case_id,
            f"Reason: {reason.lower()}" if reason else "",
        )  # fmt: skip


def consent_entries(scope: ReferralsScope, cases: Sequence[Case]) -> Iterator[Entry]:
    """The consents of the cases' people (a person's, not a case's: no case named)."""
    if not _may(scope, "referrals.record_consent"):
        return
    people = {case.person_id for case in cases}
    consents = scope.consents.filter(person__in=people).select_related("recorded_by")
    for consent in consents:
        purpose = consent.get_purpose_display().lower()
        summary = f"Consent to {purpose} {'given' if consent.given else 'refused'}"
        yield dated(consent.given_on, CONSENT.code, summary, consent.recorded_by, None)
        if consent.withdrawn_on is not None:
            withdrawn = f"Consent to {purpose} withdrawn"
            yield dated(consent.withdrawn_on, CONSENT.code, withdrawn, None, None)


def register_kinds() -> None:
    register(REFERRAL, referral_entries)
    register(CONSENT, consent_entries)
