"""Family-service and perpetrator-programme records imported from an agency's history (see
docs/data-dictionary/import-format.md), written through concord.programmes.services like
the pages, on cases that may have closed since.

Family service: each child or young person on a case (a person from ``people.csv``) with
the concerns asked about them, then their risk assessments and the sessions they attended,
which refer to the child's row. Perpetrator programme: one row per case holding the whole
programme record; each part filled in is recorded by its own service, in the order the
work happens, so the rules between parts are checked as on the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from concord.accounts.models import User
from concord.cases.import_rows import (
    Context,
    Kind,
    Row,
    RowProblem,
    code_value,
    date_value,
    filled,
    imported_case,
    imported_id,
    imported_person,
    reported_in,
    require,
    required_date,
    whole_number,
    worker,
)
from concord.cases.models import Case
from concord.people import reference as ref
from concord.programmes import services
from concord.programmes import vocabulary as v
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)

# Family service ------------------------------------------------------------------------------

CHILDREN = "family_service_children"
CHILD_REQUIRED = ("case_record_id", "person_record_id", "role")
FLAGS = tuple(code for code, _ in v.CHILD_FLAGS)


def _child(context: Context, row: Row) -> CaseChild:
    require(row, *CHILD_REQUIRED)
    case = imported_case(context, row)
    person = imported_person(context, row)
    named = {"person": "person_record_id", "asked_on": "flags_asked_on"}
    with reported_in({NON_FIELD_ERRORS: "case_record_id", **named}):
        child = services.add_child(
            context.actor,
            case,
            person,
            role=code_value(row["role"], "role", v.CHILD_ROLES),
            historical=True,
        )
        if filled(row, ("flags_asked_on", *FLAGS)):
            services.record_child_flags(
                context.actor,
                child,
                asked_on=required_date(row, "flags_asked_on"),
                historical=True,
                **{
                    flag: code_value(row.get(flag, ""), flag, ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN)
                    for flag in FLAGS
                },
            )
    return child


def _imported_child(context: Context, row: Row) -> CaseChild:
    """The child's row (from ``family_service_children.csv``) this row belongs to."""
    record_id = imported_id(context, CHILDREN, row["child_record_id"], "child_record_id")
    return CaseChild.objects.select_related("case__service").get(pk=record_id)


RISK_REQUIRED = ("child_record_id", "assessed_on", "level")


def _child_risk_assessment(context: Context, row: Row) -> ChildRiskAssessment:
    require(row, *RISK_REQUIRED)
    with reported_in({NON_FIELD_ERRORS: "child_record_id"}):
        return services.record_child_risk_assessment(
            context.actor,
            _imported_child(context, row),
            assessed_on=required_date(row, "assessed_on"),
            level=code_value(row["level"], "level", v.RISK_LEVELS),
            completed_by=worker(context, row.get("completed_by_email", ""), "completed_by_email"),
            historical=True,
        )


SESSIONS_REQUIRED = ("child_record_id", "kind", "sessions_attended", "first_session_on")


def _child_sessions(context: Context, row: Row) -> ChildAttendance:
    require(row, *SESSIONS_REQUIRED)
    with reported_in({NON_FIELD_ERRORS: "child_record_id"}):
        return services.record_child_attendance(
            context.actor,
            _imported_child(context, row),
            kind=code_value(row["kind"], "kind", v.ATTENDANCE_KINDS),
            sessions_attended=whole_number(row["sessions_attended"], "sessions_attended") or 0,
            first_session_on=required_date(row, "first_session_on"),
            last_session_on=date_value(row.get("last_session_on", ""), "last_session_on"),
            historical=True,
        )


# Perpetrator programme -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammePart:
    """A part of the programme record: its columns (named as the record's fields, which
    the services name too) and how it is recorded from the row."""

    columns: tuple[str, ...]
    record: Callable[[User, Case, Row], ProgrammeRecord]


def _code(row: Row, column: str, vocabulary: ref.Choices, default: str = "") -> str:
    return code_value(row.get(column, ""), column, vocabulary, default)


def _assessment(actor: User, case: Case, row: Row) -> ProgrammeRecord:
    return services.record_programme_assessment(
        actor,
        case,
        assessment_on=required_date(row, "assessment_on"),
        assessment_attendance=_code(row, "assessment_attendance", v.ASSESSMENT_ATTENDANCE),
        assessment_outcome=_code(row, "assessment_outcome", v.ASSESSMENT_OUTCOMES),
        unsuitable_reason=_code(row, "unsuitable_reason", v.UNSUITABLE_REASONS),
        historical=True,
    )


def _sessions(actor: User, case: Case, row: Row) -> ProgrammeRecord:
    return services.record_programme_sessions(
        actor,
        case,
        sessions_offered=whole_number(row.get("sessions_offered", ""), "sessions_offered") or 0,
        sessions_attended=whole_number(row.get("sessions_attended", ""), "sessions_attended") or 0,
        historical=True,
    )


def _completion(actor: User, case: Case, row: Row) -> ProgrammeRecord:
    return services.record_programme_completion(
        actor,
        case,
        completion=_code(row, "completion", v.COMPLETIONS),
        completion_on=required_date(row, "completion_on"),
        left_early_reason=_code(row, "left_early_reason", v.LEFT_EARLY_REASONS),
        historical=True,
    )


def _children_and_needs(actor: User, case: Case, row: Row) -> ProgrammeRecord:
    return services.record_programme_children_and_needs(
        actor,
        case,
        complex_needs=_code(row, "complex_needs", ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN),
        has_children=_code(row, "has_children", ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN),
        child_protection_threshold=_code(
            row, "child_protection_threshold", ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN
        ),
        number_of_children=whole_number(row.get("number_of_children", ""), "number_of_children"),
        historical=True,
    )


def _partner_support(actor: User, case: Case, row: Row) -> ProgrammeRecord:
    return services.record_partner_support(
        actor,
        case,
        partner_support_offered=_code(row, "partner_support_offered", v.YES_NO),
        partner_prior_support=_code(
            row, "partner_prior_support", ref.YES_NO_NOT_KNOWN, ref.NOT_KNOWN
        ),
        historical=True,
    )


def _onward_referrals(actor: User, case: Case, row: Row) -> ProgrammeRecord:
    return services.record_onward_referrals(
        actor,
        case,
        referred_to_idva_on=date_value(row.get("referred_to_idva_on", ""), "referred_to_idva_on"),
        referred_to_marac_on=date_value(
            row.get("referred_to_marac_on", ""), "referred_to_marac_on"
        ),
        historical=True,
    )


PARTS = (
    ProgrammePart(
        ("assessment_on", "assessment_attendance", "assessment_outcome", "unsuitable_reason"),
        _assessment,
    ),
    ProgrammePart(("sessions_offered", "sessions_attended"), _sessions),
    ProgrammePart(("completion", "completion_on", "left_early_reason"), _completion),
    ProgrammePart(
        ("complex_needs", "has_children", "number_of_children", "child_protection_threshold"),
        _children_and_needs,
    ),
    ProgrammePart(("partner_support_offered", "partner_prior_support"), _partner_support),
    ProgrammePart(("referred_to_idva_on", "referred_to_marac_on"), _onward_referrals),
)


def _programme_record(context: Context, row: Row) -> ProgrammeRecord:
    case = imported_case(context, row)
    if ProgrammeRecord.objects.filter(case=case).exists():
        raise RowProblem(
            ["case_record_id: this case already has a programme record; change it in Concord"]
        )
    received_on = date_value(row.get("referral_received_on", ""), "referral_received_on")
    with reported_in({NON_FIELD_ERRORS: "case_record_id"}):
        record = services.record_programme_referral(
            context.actor,
            case,
            referral_received_on=received_on or timezone.localdate(case.referred_at),
            historical=True,
        )
        for part in PARTS:
            if filled(row, part.columns):
                record = part.record(context.actor, case, row)
    return record


KINDS: tuple[Kind, ...] = (
    Kind(
        CHILDREN,
        ("record_id", *CHILD_REQUIRED, "flags_asked_on", *FLAGS),
        _child,
        required=CHILD_REQUIRED,
    ),
    Kind(
        "child_risk_assessments",
        ("record_id", *RISK_REQUIRED, "completed_by_email"),
        _child_risk_assessment,
        required=RISK_REQUIRED,
    ),
    Kind(
        "child_sessions",
        ("record_id", *SESSIONS_REQUIRED, "last_session_on"),
        _child_sessions,
        required=SESSIONS_REQUIRED,
    ),
    Kind(
        "perpetrator_programme_records",
        (
            "record_id",
            "case_record_id",
            "referral_received_on",
            *(column for part in PARTS for column in part.columns),
        ),
        _programme_record,
        required=("case_record_id",),
    ),
)
