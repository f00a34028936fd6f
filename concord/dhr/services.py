"""Every write to a homicide review: one short transaction each, the acting user, the
domain's checks (concord.domain.homicide_reviews) and an audit event naming the fields
changed, never their values. The callers reach the review through the panel's scope
(concord.dhr.scope), so these functions trust that the actor sits on its panel."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.accounts.models import Agency, Membership, User
from concord.core import audit
from concord.core.validators import future_problem
from concord.dhr.models import (
    AgencyReport,
    DeathKind,
    Decision,
    PanelMember,
    Recommendation,
    Relationship,
    ReportKind,
    Review,
)
from concord.domain.homicide_reviews import ReviewDates, date_problems
from concord.domain.periods import financial_year_of

INITIALS = re.compile(r"[A-Z]{1,4}")
REFERENCE_ATTEMPTS = 3


def initials_of(text: str) -> str:
    """Initials as typed ("a.b.", "A B") as Concord keeps them ("AB")."""
    return re.sub(r"[\s.]", "", text).upper()


@transaction.atomic
def notify_death(
    membership: Membership,
    *,
    notified_on: date,
    died_on: date,
    area: str,
    kind: str,
    victim_initials: str,
    perpetrator_initials: str = "",
    relationship: str,
    victim_name: str = "",
    perpetrator_name: str = "",
) -> Review:
    """Record a death notified to the partnership, and seat the partnership manager who
    recorded it on the review's panel as its coordinator: from then on only the panel
    opens it."""
    actor = membership.user
    victim, perpetrator = initials_of(victim_initials), initials_of(perpetrator_initials)
    problems = date_problems(
        ReviewDates(died_on, notified_on), held=False, today=timezone.localdate()
    )
    if not area.strip():
        problems["area"] = "Enter the area where the death happened"
    if kind not in DeathKind.values:
        problems["kind"] = "Select what kind of death it was"
    if relationship not in Relationship.values:
        problems["relationship"] = "Select the relationship between them"
    if not INITIALS.fullmatch(victim):
        problems["victim_initials"] = "Enter the victim's initials: 1 to 4 letters"
    if perpetrator and not INITIALS.fullmatch(perpetrator):
        problems["perpetrator_initials"] = "Enter the perpetrator's initials: 1 to 4 letters"
    if problems:
        raise ValidationError(problems)
    review = Review(
        notified_on=notified_on,
        died_on=died_on,
        area=area.strip(),
        kind=kind,
        victim_initials=victim,
        perpetrator_initials=perpetrator,
        relationship=relationship,
        victim_name=victim_name.strip(),
        perpetrator_name=perpetrator_name.strip(),
        notified_by=actor,
    )
    _save_with_new_reference(review)
    PanelMember.objects.create(
        review=review,
        user=actor,
        name=actor.full_name,
        organisation=membership.agency.name,
        is_coordinator=True,
    )
    audit.record(
        "dhr.death_notified",
        actor=actor,
        agency=membership.agency,
        target=review,
        changes=[
            field
            for field in (
                "notified_on",
                "died_on",
                "area",
                "kind",
                "victim_initials",
                "perpetrator_initials",
                "relationship",
                "victim_name",
                "perpetrator_name",
            )
            if getattr(review, field)
        ],
    )
    return review


def _save_with_new_reference(review: Review) -> None:
    """The next reference of the notification's financial year (DHR-2026-03). Two
    notifications at once may pick the same number: the unique reference refuses the
    second, which takes the next."""
    year = financial_year_of(review.notified_on)
    prefix = f"DHR-{year}-"
    for _attempt in range(REFERENCE_ATTEMPTS):
        taken = Review.objects.filter(reference__startswith=prefix).count()
        review.reference = f"{prefix}{taken + 1:02d}"
        try:
            with transaction.atomic():
                review.save()
            return
        except IntegrityError:
            continue
    raise ValidationError("Another death was notified at the same moment: try again")


def reveal_names(actor: User, review: Review, reason: str) -> tuple[str, str]:
    """The victim's and the perpetrator's names, for a panel member who said why; the
    reveal is audited with the reason (as a unit's location is)."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you need to see the names"})
    audit.record(
        "dhr.names_revealed",
        actor=actor,
        target=review,
        changes=["victim_name", "perpetrator_name"],
        reason=reason.strip(),
    )
    return review.victim_name, review.perpetrator_name


@transaction.atomic
def record_decision(
    actor: User, review: Review, *, decision: str, decided_on: date, reasons: str
) -> Review:
    """Whether the partnership holds a review, when it decided and why. A decision may be
    corrected until the review is submitted to the Home Office."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.submitted_on is not None:
        raise ValidationError(
            {"decision": "The review has been submitted to the Home Office: its decision stays"}
        )
    problems: dict[str, str] = {}
    if decision not in (Decision.HOLD, Decision.NOT_HOLD):
        problems["decision"] = "Select whether to hold a review"
    if not reasons.strip():
        problems["reasons"] = "Enter the reasons for the decision"
    # Nothing is submitted yet, so only the decision's own date can be out of order.
    dates = _dates(review, decided_on=decided_on)
    problems |= date_problems(dates, held=True, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    values = {"decision": decision, "decided_on": decided_on, "decision_reasons": reasons.strip()}
    return audit.save_changes(review, values, "dhr.decision_recorded", actor=actor, agency=None)


@transaction.atomic
def record_home_office_dates(
    actor: User, review: Review, *, submitted_on: date | None, published_on: date | None
) -> Review:
    """When the review went to the Home Office's quality panel and when it was published;
    only for a review the partnership decided to hold, each date in order."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_held:
        raise ValidationError(
            {"submitted_on": "Record a decision to hold a review before its submission"}
        )
    dates = _dates(review, submitted_on=submitted_on, published_on=published_on)
    problems = date_problems(dates, held=True, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    values = {"submitted_on": submitted_on, "published_on": published_on}
    return audit.save_changes(
        review, values, "dhr.home_office_dates_recorded", actor=actor, agency=None
    )


def _dates(review: Review, **changes: date | None) -> ReviewDates:
    values = {
        "died_on": review.died_on,
        "notified_on": review.notified_on,
        "decided_on": review.decided_on,
        "submitted_on": review.submitted_on,
        "published_on": review.published_on,
    }
    return ReviewDates(**(values | changes))  # type: ignore[arg-type]


@transaction.atomic
def add_panel_member(
    actor: User,
    review: Review,
    *,
    user: User | None = None,
    name: str = "",
    organisation: str = "",
    is_chair: bool = False,
) -> PanelMember:
    """Seat a Concord user (who may then open the review) or someone without an account,
    by name and organisation. A review has one chair."""
    review = Review.objects.select_for_update().get(pk=review.pk)  # one seat at a time
    problems: dict[str, str] = {}
    if user is None and not name.strip():
        problems["name"] = "Enter the panel member's name, or the email of their Concord account"
    if user is None and not organisation.strip():
        problems["organisation"] = "Enter the panel member's organisation"
    if user is not None and review.panel.filter(user=user).exists():
        problems["email"] = f"{user.full_name} is on the panel already"
    if is_chair and review.panel.filter(is_chair=True).exists():
        problems["is_chair"] = "The review has a chair: remove them first to seat another"
    if problems:
        raise ValidationError(problems)
    member = PanelMember(
        review=review,
        user=user,
        name=name.strip() or (user.full_name if user else ""),
        organisation=organisation.strip(),
        is_chair=is_chair,
    )
    if user is not None and not member.organisation:
        membership = Membership.objects.active().filter(user=user).select_related("agency").first()
        member.organisation = membership.agency.name if membership else ""
    member.full_clean()
    member.save()
    audit.record(
        "dhr.panel_member_added",
        actor=actor,
        target=review,
        changes=["panel.user" if user else "panel.name", *(["panel.is_chair"] if is_chair else [])],
    )
    return member


@transaction.atomic
def remove_panel_member(actor: User, member: PanelMember) -> Review:
    """Take a seat away. The last member with a Concord account stays: without one, nobody
    could open the review again."""
    review = Review.objects.select_for_update().get(pk=member.review_id)
    with_accounts = review.panel.filter(user__isnull=False)
    if member.user_id is not None and not with_accounts.exclude(pk=member.pk).exists():
        raise ValidationError(
            "The panel needs at least one member with a Concord account: add another first"
        )
    member.delete()
    audit.record("dhr.panel_member_removed", actor=actor, target=review, changes=["panel"])
    return review


@transaction.atomic
def request_agency_report(
    actor: User, review: Review, *, organisation: str, kind: str, requested_on: date
) -> AgencyReport:
    """Ask an agency for its chronology or its report."""
    problems: dict[str, str] = {}
    if not organisation.strip():
        problems["organisation"] = "Enter the agency asked"
    if kind not in ReportKind.values:
        problems["kind"] = "Select a chronology or an agency report"
    future = future_problem(requested_on, "The date requested")
    if future:
        problems["requested_on"] = future
    elif requested_on < review.notified_on:
        problems["requested_on"] = "The date requested cannot be before the date notified"
    if problems:
        raise ValidationError(problems)
    report = AgencyReport(
        review=review, organisation=organisation.strip(), kind=kind, requested_on=requested_on
    )
    report.full_clean()
    report.save()
    audit.record(
        "dhr.agency_report_requested",
        actor=actor,
        target=review,
        changes=["reports.organisation", "reports.kind", "reports.requested_on"],
    )
    return report


@transaction.atomic
def record_report_received(actor: User, report: AgencyReport, received_on: date) -> AgencyReport:
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    problem = future_problem(received_on, "The date received")
    if problem is None and received_on < report.requested_on:
        problem = "The date received cannot be before the date requested"
    if problem:
        raise ValidationError({"received_on": problem})
    return audit.save_changes(
        report,
        {"received_on": received_on},
        "dhr.agency_report_received",
        actor=actor,
        agency=None,
        target=report.review,
        prefix="reports.",
    )


@transaction.atomic
def add_recommendation(
    actor: User,
    review: Review,
    *,
    number: int,
    text: str,
    owner: str,
    owner_agency: Agency | None,
    due_on: date,
) -> Recommendation:
    """A recommendation of a review the partnership decided to hold."""
    review = Review.objects.select_for_update().get(pk=review.pk)  # one number at a time
    problems: dict[str, str] = {}
    if not review.is_held:
        problems["text"] = "Record a decision to hold a review before its recommendations"
    if number < 1:
        problems["number"] = "Enter a number of 1 or more"
    elif review.recommendations.filter(number=number).exists():
        problems["number"] = f"Recommendation {number} exists already: choose another number"
    if not text.strip():
        problems["text"] = "Enter the recommendation"
    if not owner.strip():
        problems["owner"] = "Enter who is responsible for it"
    if problems:
        raise ValidationError(problems)
    recommendation = Recommendation(
        review=review,
        number=number,
        text=text.strip(),
        owner=owner.strip(),
        owner_agency=owner_agency,
        due_on=due_on,
    )
    recommendation.full_clean()
    recommendation.save()
    audit.record(
        "dhr.recommendation_added",
        actor=actor,
        target=review,
        changes=[f"recommendations.{field}" for field in ("number", "text", "owner", "due_on")],
    )
    return recommendation


@transaction.atomic
def complete_recommendation(
    actor: User, recommendation: Recommendation, *, completed_on: date | None, evidence: str
) -> Recommendation:
    """Mark a recommendation complete: only with the date and the evidence that it was
    done. Refused, with nothing changed, without them."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    problems: dict[str, str] = {}
    if recommendation.is_complete:
        problems["completed_on"] = f"Recommendation {recommendation.number} is complete already"
    elif completed_on is None:
        problems["completed_on"] = "Enter the date it was completed"
    else:
        future = future_problem(completed_on, "The date completed")
        if future:
            problems["completed_on"] = future
    if not evidence.strip():
        problems["evidence"] = "Enter the evidence that the recommendation was completed"
    if problems:
        raise ValidationError(problems)
    return audit.save_changes(
        recommendation,
        {"completed_on": completed_on, "evidence": evidence.strip()},
        "dhr.recommendation_completed",
        actor=actor,
        agency=None,
        target=recommendation.review,
        prefix="recommendations.",
    )
