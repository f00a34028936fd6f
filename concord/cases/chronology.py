"""The case's own entries of the chronology (concord.core.chronology): contacts, changes of
status, safety plans, offers of support and the intake and exit reviews. Each source reads
all the cases in one query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from concord.cases.lifecycle import CaseStatus
from concord.cases.models import (
    Case,
    Contact,
    ExitReview,
    IntakeProfile,
    SafetyPlan,
    StatusChange,
    SupportOffer,
)
from concord.cases.vocabulary import ABUSE_CHANGES, FEELS_SAFER, SAFETY_PLAN_AREAS
from concord.core.chronology import Entry, Kind, dated, register, timed
from concord.core.presenters import govuk_date
from concord.people import reference as ref

CONTACT = Kind("contact", "Contacts", 10)
STATUS = Kind("status", "Status changes", 90)
SAFETY_PLAN = Kind("safety_plan", "Safety plans", 50)
SUPPORT_OFFER = Kind("support_offer", "Support offers", 55)
REVIEW = Kind("review", "Intake profiles and exit reviews", 95)


def contact_entries(scope: Any, cases: Sequence[Case]) -> Iterator[Entry]:
    for c in Contact.objects.filter(case__in=cases).select_related("worker"):
        summary = c.get_channel_display() + (" (out of hours)" if c.out_of_hours else "")
        minutes = f"{c.duration_minutes} minutes" if c.duration_minutes else ""
        made_by = f"Made by: {c.get_initiated_by_display().lower()}"
        yield timed(c.occurred_at, CONTACT.code, summary, c.worker, c.case_id, made_by, minutes)


def status_entries(scope: Any, cases: Sequence[Case]) -> Iterator[Entry]:
    """Each change of status, credited to whoever made it. The first is the referral to
    the service, on the day it was made and credited to whoever referred (the worker who
    typed it in is named beside it); a referral from another service in Concord is also
    that referral's own entry, credited to its referrer."""
    reasons = dict(ref.CLOSURE_REASONS) | dict(ref.DECLINE_REASONS)
    by_id = {case.pk: case for case in cases}
    changes = StatusChange.objects.filter(case__in=cases).select_related("changed_by")
    for change in changes:
        if not change.from_status:
            yield _referred(by_id[change.case_id], change)
            continue
        summary = f"Status: {CaseStatus(change.to_status).label}"
        reason = reasons.get(change.reason, "")
        detail = f"Reason: {reason.lower()}" if reason else ""
        yield timed(
            change.changed_at, STATUS.code, summary, change.changed_by, change.case_id, detail
        )


def _referred(case: Case, change: StatusChange) -> Entry:
    recorded = f"Recorded by {change.changed_by}" if change.changed_by else ""
    return timed(
        case.referred_at, STATUS.code, f"Referred to {case.service.name}",
        case.get_referral_source_display(), case.pk, recorded,
    )  # fmt: skip


def safety_plan_entries(scope: Any, cases: Sequence[Case]) -> Iterator[Entry]:
    for plan in SafetyPlan.objects.filter(case__in=cases):
        areas = dict(SAFETY_PLAN_AREAS)
        covers = "Covers: " + ", ".join(areas.get(code, code) for code in plan.areas)
        reviewed = f"Reviewed {govuk_date(plan.reviewed_on)}" if plan.reviewed_on else ""
        completed = f"Completed {govuk_date(plan.completed_on)}" if plan.completed_on else ""
        yield dated(
            plan.created_on, SAFETY_PLAN.code, "Safety plan made", None, plan.case_id,
            covers, reviewed, completed,
        )  # fmt: skip


def support_offer_entries(scope: Any, cases: Sequence[Case]) -> Iterator[Entry]:
    offers = SupportOffer.objects.filter(case__in=cases).select_related(
        "offered_by", "answer_recorded_by"
    )
    for offer in offers:
        support = offer.get_kind_display()
        yield dated(
            offer.offered_on, SUPPORT_OFFER.code, f"Offered: {support}", offer.offered_by,
            offer.case_id,
        )  # fmt: skip
        if offer.answered_on is not None:
            answer = offer.get_answer_display().lower()
            yield dated(
                offer.answered_on, SUPPORT_OFFER.code,
                f"Answer to the offer ({support}): {answer}",
                offer.answer_recorded_by, offer.case_id,
            )  # fmt: skip


def review_entries(scope: Any, cases: Sequence[Case]) -> Iterator[Entry]:
    """The intake safeguarding profile and the exit review (one query each)."""
    for profile in IntakeProfile.objects.filter(case__in=cases).select_related("assessed_by"):
        yes = [label for code, label in ref.INTAKE_ITEMS if profile.answer(code) == "yes"]
        detail = f"Yes to: {', '.join(yes)}" if yes else "No item answered yes"
        yield dated(
            profile.assessed_on, REVIEW.code, "Intake safeguarding profile", profile.assessed_by,
            profile.case_id, detail,
        )  # fmt: skip
    for review in ExitReview.objects.filter(case__in=cases):
        yield dated(
            review.reviewed_on, REVIEW.code, "Exit review", None, review.case_id,
            f"Feels safer: {dict(FEELS_SAFER)[review.feels_safer].lower()}",
            f"Abuse: {dict(ABUSE_CHANGES)[review.abuse_change].lower()}",
        )  # fmt: skip


def register_kinds() -> None:
    register(CONTACT, contact_entries)
    register(STATUS, status_entries)
    register(SAFETY_PLAN, safety_plan_entries)
    register(SUPPORT_OFFER, support_offer_entries)
    register(REVIEW, review_entries)
