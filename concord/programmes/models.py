"""Records of the family service (0 to 19) and the perpetrator programme, kept on cases at
services of those kinds. Dates and answers are checked by concord.programmes.services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models

# CaseChild lives in concord.cases since children are on every case; re-exported here.
from concord.cases.models import CaseChild as CaseChild
from concord.cases.models import CaseChildQuerySet, child_relations
from concord.cases.models import answer_field as _answer
from concord.core.models import AgencyScopedModel
from concord.programmes import vocabulary as v

if TYPE_CHECKING:
    from concord.accounts.models import User
    from concord.cases.models import Case


# Family service ------------------------------------------------------------------------------


class ChildRiskAssessment(AgencyScopedModel):
    """A child-specific risk assessment; every one is kept, the newest shown first."""

    case_child = models.ForeignKey(
        CaseChild, on_delete=models.CASCADE, related_name="risk_assessments"
    )
    assessed_on = models.DateField()
    level = models.CharField(max_length=20, choices=v.RISK_LEVELS)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.level} on {self.assessed_on}"


class ChildAttendance(AgencyScopedModel):
    """Sessions a child attended: group work, the crèche or one-to-one."""

    case_child = models.ForeignKey(CaseChild, on_delete=models.CASCADE, related_name="attendances")
    kind = models.CharField(max_length=20, choices=v.ATTENDANCE_KINDS)
    sessions_attended = models.PositiveSmallIntegerField()
    first_session_on = models.DateField()
    last_session_on = models.DateField()

    class Meta:
        ordering = ["-last_session_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "last_session_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_session_on__gte=models.F("first_session_on")),
                name="attendance_last_after_first",
            ),
            models.CheckConstraint(
                condition=models.Q(sessions_attended__gte=1), name="attendance_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sessions_attended} {self.kind} from {self.first_session_on}"


#: What a family-service case's children carry beyond their people and support: their risk
#: assessments (with who completed them) and sessions attended.
FAMILY_RECORDS: tuple[str | models.Prefetch[Any], ...] = (
    models.Prefetch(
        "children__risk_assessments",
        queryset=ChildRiskAssessment.objects.select_related("completed_by"),
    ),
    "children__attendances",
)


def family_relations(user: User) -> tuple[str | models.Prefetch[Any], ...]:
    """What to fetch with a family-service case so its page reads every child, their
    support, risk assessments and sessions in a fixed number of queries; restricted
    children only for their named workers."""
    return (child_relations(user), *FAMILY_RECORDS)


def children_of(case: Case) -> CaseChildQuerySet:
    """The children on a case: those ``family_relations`` fetched with it, if it did."""
    # a reverse relation the type checker cannot see
    children: CaseChildQuerySet = cast(Any, case).children.all()
    return children


# Perpetrator programme -----------------------------------------------------------------------


class ProgrammeRecord(AgencyScopedModel):
    """The perpetrator-programme work of one case: referral, assessment, sessions, the end
    of the programme, children and needs, support offered to the partner (the victim) and
    onward referrals. Each part is recorded on its own and may be corrected."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="programme_record"
    )
    referral_received_on = models.DateField()
    assessment_on = models.DateField(null=True, blank=True)
    assessment_attendance = models.CharField(
        max_length=20, choices=v.ASSESSMENT_ATTENDANCE, blank=True
    )
    assessment_outcome = models.CharField(max_length=20, choices=v.ASSESSMENT_OUTCOMES, blank=True)
    unsuitable_reason = models.CharField(max_length=40, choices=v.UNSUITABLE_REASONS, blank=True)
    sessions_offered = models.PositiveSmallIntegerField(default=0)
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    completion = models.CharField(max_length=20, choices=v.COMPLETIONS, blank=True)
    completion_on = models.DateField(null=True, blank=True)
    left_early_reason = models.CharField(max_length=40, choices=v.LEFT_EARLY_REASONS, blank=True)
    complex_needs = _answer()
    has_children = _answer()
    number_of_children = models.PositiveSmallIntegerField(null=True, blank=True)
    child_protection_threshold = _answer(
        help_text="Whether concerns about the children reached the child-protection threshold"
    )
    partner_support_offered = models.CharField(
        max_length=20, choices=v.YES_NO, blank=True, help_text="Empty until recorded"
    )
    partner_prior_support = _answer(
        help_text="Whether the partner had support from a service before this referral"
    )
    referred_to_idva_on = models.DateField(null=True, blank=True)
    referred_to_marac_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "referral_received_on"]),
            models.Index(fields=["agency", "completion_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_attended__lte=models.F("sessions_offered")),
                name="programme_attended_within_offered",
            ),
            models.CheckConstraint(
                condition=models.Q(assessment_on__isnull=True)
                | models.Q(assessment_on__gte=models.F("referral_received_on")),
                name="programme_assessed_after_referral",
            ),
            models.CheckConstraint(
                condition=models.Q(completion_on__isnull=True)
                | models.Q(completion_on__gte=models.F("assessment_on")),
                name="programme_ended_after_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"Programme record for {self.case_id}"
