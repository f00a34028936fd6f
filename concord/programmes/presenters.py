"""What the family-service and perpetrator-programme pages show: GOV.UK summary cards
for each child and each part of the programme record, with their Record and Change links."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from concord.accounts.models import User
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.models import Case
from concord.core.presenters import TimelineEntry, govuk_date
from concord.people import reference as ref
from concord.people.presenters import age_text, person_link
from concord.programmes import vocabulary as v
from concord.programmes.models import (
    FAMILY_RECORDS,
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
    children_of,
)
from concord.programmes.services import is_family_case, is_programme_case

NOT_RECORDED = "Not recorded"


def _label(vocabulary: ref.Choices, code: str, empty: str = NOT_RECORDED) -> str:
    return dict(vocabulary).get(code, empty) if code else empty


def _lines(lines: Iterable[str]) -> SafeString:
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


def _row(key: str, value: str | SafeString, action: dict[str, str] | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "key": {"text": key},
        "value": {"html": value} if isinstance(value, SafeString) else {"text": value},
    }
    if action:
        row["actions"] = {"items": [action]}
    return row


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# Family service ------------------------------------------------------------------------------


def family_children(case: Case) -> list[CaseChild]:
    """The children already fetched with the case (see models.family_relations)."""
    return list(children_of(case))


def risk_assessment_line(assessment: ChildRiskAssessment) -> str:
    return (
        f"{assessment.get_level_display()} on {govuk_date(assessment.assessed_on)}, "
        f"by {assessment.completed_by}"
    )


def attendance_line(attendance: ChildAttendance) -> str:
    sessions = _count(attendance.sessions_attended, "session", "sessions")
    first, last = attendance.first_session_on, attendance.last_session_on
    when = (
        f"on {govuk_date(first)}" if first == last else f"{govuk_date(first)} to {govuk_date(last)}"
    )
    return f"{attendance.get_kind_display()}: {sessions}, {when}"


def family_summary(children: list[CaseChild]) -> list[dict[str, Any]]:
    """The case's family-service figures at a glance."""
    assessments = sum(len(child.risk_assessments.all()) for child in children)
    sessions: dict[str, int] = {}
    for child in children:
        for attendance in child.attendances.all():
            sessions[attendance.kind] = sessions.get(attendance.kind, 0) + (
                attendance.sessions_attended
            )
    attended = [
        f"{label}: {_count(sessions[code], 'session', 'sessions')}"
        for code, label in v.ATTENDANCE_KINDS
        if code in sessions
    ]
    return [
        _row("Children and young people", str(len(children))),
        _row("Risk assessments completed", str(assessments)),
        _row("Sessions attended", _lines(attended) if attended else "None yet"),
    ]


def child_cards(
    case: Case, children: list[CaseChild], *, today: date, can_record: bool
) -> list[dict[str, Any]]:
    """One GOV.UK summary card per child: who, how involved, risk assessments, the
    concerns asked about, sessions attended; with links to record each."""
    cards = []
    for child in children:
        person = child.person
        assessments = [risk_assessment_line(a) for a in child.risk_assessments.all()]
        attendances = [attendance_line(a) for a in child.attendances.all()]
        rows = [
            _row("Person", person_link(person)),
            _row("Involved as", child.get_role_display()),
            _row("Date of birth" if person.date_of_birth else "Age", age_text(person, today)),
            _row("Risk assessments", _lines(assessments) if assessments else "None yet"),
        ]
        rows += [
            _row(label, _label(ref.YES_NO_NOT_KNOWN, child.flag(code)))
            for code, label in v.CHILD_FLAGS
        ]
        rows.append(
            _row("Concerns last asked", govuk_date(child.flags_asked_on) or "Not yet asked")
        )
        rows.append(_row("Sessions attended", _lines(attendances) if attendances else "None yet"))
        card: dict[str, Any] = {"title": {"text": str(person), "headingLevel": 3}}
        if can_record:
            args = [case.pk, child.pk]
            card["actions"] = {
                "items": [
                    {
                        "href": reverse("programmes:child-risk-assessment", args=args),
                        "text": "Add a risk assessment",
                    },
                    {
                        "href": reverse("programmes:child-concerns", args=args),
                        "text": "Record concerns",
                    },
                    {
                        "href": reverse("programmes:child-sessions", args=args),
                        "text": "Record sessions",
                    },
                ]
            }
        cards.append({"card": card, "rows": rows})
    return cards


# Perpetrator programme -----------------------------------------------------------------------

#: The parts of the programme record, in the order the work happens: (slug, title).
PROGRAMME_SECTIONS: tuple[tuple[str, str], ...] = (
    ("referral", "Referral"),
    ("assessment", "Assessment"),
    ("sessions", "Sessions"),
    ("completion", "End of the programme"),
    ("children-and-needs", "Children and needs"),
    ("partner-support", "Partner support"),
    ("onward-referrals", "Onward referrals"),
)


def _assessment(r: ProgrammeRecord) -> list[tuple[str, str]]:
    if r.assessment_on is None:
        return [("Appointment", NOT_RECORDED)]
    outcome = _label(v.ASSESSMENT_OUTCOMES, r.assessment_outcome, "No outcome recorded")
    if r.unsuitable_reason:
        outcome += f": {_label(v.UNSUITABLE_REASONS, r.unsuitable_reason).lower()}"
    rows = [
        ("Appointment", govuk_date(r.assessment_on)),
        ("Attended", _label(v.ASSESSMENT_ATTENDANCE, r.assessment_attendance)),
    ]
    if r.assessment_attendance == v.ATTENDED:
        rows.append(("Outcome", outcome))
    return rows


def _completion(r: ProgrammeRecord) -> list[tuple[str, str]]:
    if r.completion == v.COMPLETED:
        return [("Completed", govuk_date(r.completion_on))]
    if r.completion == v.LEFT_EARLY:
        return [
            ("Left early", govuk_date(r.completion_on)),
            ("Why", _label(v.LEFT_EARLY_REASONS, r.left_early_reason)),
        ]
    return [("Ended", "Not yet")]


def _children_and_needs(r: ProgrammeRecord) -> list[tuple[str, str]]:
    children = _label(ref.YES_NO_NOT_KNOWN, r.has_children)
    if r.has_children == "yes" and r.number_of_children:
        children += f": {r.number_of_children}"
    return [
        ("Complex needs", _label(ref.YES_NO_NOT_KNOWN, r.complex_needs)),
        ("Has children", children),
        (
            "Child-protection threshold reached",
            _label(ref.YES_NO_NOT_KNOWN, r.child_protection_threshold),
        ),
    ]


def _section_rows(slug: str, r: ProgrammeRecord) -> list[tuple[str, str]]:
    if slug == "referral":
        return [("Referral received", govuk_date(r.referral_received_on) or NOT_RECORDED)]
    if slug == "assessment":
        return _assessment(r)
    if slug == "sessions":
        return [("Offered", str(r.sessions_offered)), ("Attended", str(r.sessions_attended))]
    if slug == "completion":
        return _completion(r)
    if slug == "children-and-needs":
        return _children_and_needs(r)
    if slug == "partner-support":
        return [
            ("Support offered to the partner", _label(v.YES_NO, r.partner_support_offered)),
            ("Partner had support before", _label(ref.YES_NO_NOT_KNOWN, r.partner_prior_support)),
        ]
    return [
        ("Partner referred to an IDVA", govuk_date(r.referred_to_idva_on) or "Not referred"),
        ("Case referred to MARAC", govuk_date(r.referred_to_marac_on) or "Not referred"),
    ]


def _recorded(slug: str, r: ProgrammeRecord) -> bool:
    """Whether anything of this part of the record has been recorded yet."""
    answers = (r.complex_needs, r.has_children, r.child_protection_threshold)
    return {
        "referral": True,
        "assessment": r.assessment_on is not None,
        "sessions": bool(r.sessions_offered),
        "completion": bool(r.completion),
        "children-and-needs": any(answer != ref.NOT_KNOWN for answer in answers),
        "partner-support": bool(r.partner_support_offered),
        "onward-referrals": bool(r.referred_to_idva_on or r.referred_to_marac_on),
    }[slug]


def programme_record_of(case: Case) -> ProgrammeRecord | None:
    """The case's programme record, fetched with the case (``programme_record``)."""
    return getattr(case, "programme_record", None)


def programme_cards(case: Case, *, can_change: bool) -> list[dict[str, Any]]:
    """One GOV.UK summary card per part of the programme record, with its Record or
    Change link while the case is live. Before anything is recorded, the referral shows
    the day the case was referred."""
    record = programme_record_of(case)
    referred_on = timezone.localtime(case.referred_at).date()
    shown = record or ProgrammeRecord(referral_received_on=referred_on)  # unsaved, as made
    cards = []
    for slug, title in PROGRAMME_SECTIONS:
        card: dict[str, Any] = {"title": {"text": title, "headingLevel": 2}}
        if can_change:
            recorded = record is not None and _recorded(slug, record)
            card["actions"] = {
                "items": [
                    {
                        "href": reverse("programmes:perpetrator-section", args=[case.pk, slug]),
                        "text": "Change" if recorded else "Record",
                    }
                ]
            }
        rows = [_row(key, value) for key, value in _section_rows(slug, shown)]
        cards.append({"card": card, "rows": rows})
    return cards


# On the case page ----------------------------------------------------------------------------


def case_relations(case: Case, user: User) -> tuple[str | models.Prefetch[Any], ...]:
    """What the case page fetches with the case: two more queries for a family-service
    case (its children come with the case page's Children section, fetched first), one
    more for a programme case, none for any other."""
    if is_family_case(case):
        return FAMILY_RECORDS
    if is_programme_case(case):
        return ("programme_record",)
    return ()


def case_link(page: CasePage) -> dict[str, str] | None:
    """The button from the case page to the family-service or programme record of the
    case, when its service keeps one."""
    case = page.record
    if is_family_case(case):
        return {
            "text": "Children and young people",
            "href": reverse("programmes:family", args=[case.pk]),
        }
    if is_programme_case(case):
        return {
            "text": "Programme record",
            "href": reverse("programmes:perpetrator", args=[case.pk]),
        }
    return None


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """Family-service or programme events for the case timeline: each child's risk
    assessments and sessions (children fetched with the case by ``family_relations``, so
    restricted children only for their named workers), or the programme record's steps."""
    if is_family_case(case):
        return [entry for child in children_of(case) for entry in _child_entries(child)]
    record = programme_record_of(case) if is_programme_case(case) else None
    return _programme_entries(record) if record is not None else []


def _child_entries(child: CaseChild) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(a.assessed_on, a.created_at, f"Risk assessment of {child.person}", [_risk(a)])
        for a in child.risk_assessments.all()
    ]
    entries += [
        TimelineEntry(
            a.first_session_on, a.created_at, f"Sessions for {child.person}", [attendance_line(a)]
        )
        for a in child.attendances.all()
    ]
    return entries


def _risk(assessment: ChildRiskAssessment) -> str:
    return f"{assessment.get_level_display()}, by {assessment.completed_by}"


def _programme_entries(r: ProgrammeRecord) -> list[TimelineEntry]:
    ended = "Completed the programme" if r.completion == v.COMPLETED else "Left the programme early"
    dated = [
        (r.referral_received_on, "Programme referral received", []),
        (r.assessment_on, "Programme assessment", [f"{k}: {x}" for k, x in _assessment(r)[1:]]),
        (r.completion_on, ended, [f"{k}: {x}" for k, x in _completion(r)[1:]]),
        (r.referred_to_idva_on, "Partner referred to an IDVA", []),
        (r.referred_to_marac_on, "Case referred to MARAC", []),
    ]
    return [
        TimelineEntry(day, r.updated_at, title, details) for day, title, details in dated if day
    ]


CASE_SECTION = CaseSection(
    "programme_section",
    10,
    "programmes/case_section.html",
    build=case_link,
    prefetch=case_relations,
    timeline=timeline_entries,
)
