"""Risk assessment pages. Cases, assessments and incidents are reached only through
``request.scope``; every write goes through concord.risk.services; each form posts, then
redirects. An assessment is answered section by section, checked, then finished."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.cases import lifecycle as case_lifecycle
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.models import Case
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.risk import presenters, repeat_rule, services
from concord.risk.criteria import criteria_met
from concord.risk.dash import Level
from concord.risk.forms import IncidentForm, JudgementForm, SectionForm, StartForm
from concord.risk.models import Incident, RiskAssessment, Section, checklist_sections
from concord.risk.scope import RiskScope


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _assessment_url(assessment: RiskAssessment) -> str:
    return reverse("risk:assessment", args=[assessment.pk])


def _form_page(
    request: ConcordRequest[RiskScope], form: Form, title: str, submit: str, back_url: str
) -> HttpResponse:
    context = {"title": title, "form": form, "submit": submit, "back_url": back_url}
    return render(request, "accounts/form_page.html", context)


def _sections(assessment: RiskAssessment) -> list[Section]:
    return checklist_sections(assessment.instrument.questions.all())


# On the case page ----------------------------------------------------------------------------


def case_section(page: CasePage) -> dict[str, Any] | None:
    """The risk part of a case page in two queries: the latest level and score, the trend
    of finished assessments, the draft in progress, incidents and the MARAC criteria met.
    The case's last MARAC referral comes from the page's MARAC section; whether an incident
    since makes it a repeat is MARAC's rule (DOMAIN §4), asked through ``repeat_rule``."""
    request, case = page.request, page.record
    if not rules.test_rule("risk.view_assessment", request.membership):
        return None
    marac = page.section("marac_section")
    last_marac_referral: date | None = marac["last_referred_on"] if marac else None
    scope = request.scope.narrowed_to(RiskScope)
    assessments = list(scope.risk_assessments.filter(case=case).select_related("instrument"))
    incidents = list(scope.incidents.filter(case=case))
    finished = [a for a in assessments if not a.is_draft]
    draft = next((a for a in assessments if a.is_draft), None)
    latest = finished[0] if finished else None
    today = timezone.localdate()
    repeat = repeat_rule.is_repeat(
        last_marac_referral, (incident.occurred_on for incident in incidents), today
    )
    criteria = criteria_met(latest, incidents, as_of=today, repeat=repeat)
    referred = _referred_since(marac, latest, incidents) if criteria else False
    may_assess = rules.test_rule("risk.assess", request.membership)
    return {
        "latest": latest,
        "latest_tag": presenters.level_tag(latest.level) if latest else "",
        "trend": presenters.trend_rows(finished),
        "draft_url": reverse("risk:assessment", args=[draft.pk]) if draft else "",
        "incidents": presenters.incident_rows(incidents),
        "criteria": presenters.criteria_text(criteria),
        "refer_url": reverse("marac:refer", args=[case.pk]) if criteria and not referred else "",
        "referred": marac["latest_status"] if referred and marac else "",
        "can_assess": may_assess and not draft and case_lifecycle.is_active(case.status),
        "assess_label": "Assess risk again" if finished else "Assess risk",
        "assess_url": reverse("risk:start", args=[case.pk]),
        "can_record_incident": rules.test_rule("risk.record_incident", request.membership),
        "incident_url": reverse("risk:record-incident", args=[case.pk]),
    }


def _referred_since(
    marac: dict[str, Any] | None, latest: RiskAssessment | None, incidents: list[Incident]
) -> bool:
    """Whether the case's MARAC referral answers the criteria met: one still waiting to be
    heard, or one made on or after the latest assessment and incident. A new assessment or
    incident after a heard referral brings the prompt back."""
    if not marac or marac["last_referred_on"] is None:
        return False
    if marac["waiting"]:
        return True
    since = [timezone.localdate(latest.finished_at)] if latest and latest.finished_at else []
    since += [incident.occurred_on for incident in incidents]
    return all(marac["last_referred_on"] >= day for day in since)


CASE_SECTION = CaseSection("risk_section", 30, "risk/case_section.html", case_section)


# Assessing -----------------------------------------------------------------------------------


@rule_required("risk.assess")
def start(request: ConcordRequest[RiskScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    earlier = request.scope.risk_assessments.filter(case=case)
    draft = earlier.drafts().first()
    if draft is not None:
        return redirect("risk:section", assessment_id=draft.pk, number=1)
    default = services.default_instrument(request.membership.agency)
    form = StartForm(
        posted(request),
        instruments=services.active_instruments(),
        reassessing=earlier.finished().exists(),
        initial={"instrument": default.pk if default else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = saved(
            form,
            lambda: services.start_assessment(
                request.user, case, data["instrument"], data.get("reason", "")
            ),
        )
        if assessment:
            return redirect("risk:section", assessment_id=assessment.pk, number=1)
    title = f"Assess risk: case {case.reference}"
    return _form_page(request, form, title, "Start the checklist", _case_url(case))


@rule_required("risk.assess")
def section(request: ConcordRequest[RiskScope], assessment_id: UUID, number: int) -> HttpResponse:
    assessment = request.scope.risk_assessment(assessment_id)
    if not assessment.is_draft:
        return redirect("risk:assessment", assessment_id=assessment.pk)
    sections = _sections(assessment)
    if not 1 <= number <= len(sections):
        raise Http404
    current = sections[number - 1]
    form = SectionForm(
        posted(request),
        questions=current.questions,
        answers=assessment.answers,
        comments=assessment.comments,
    )
    if request.method == "POST" and form.is_valid() and _answers_saved(request, assessment, form):
        if request.POST.get("then") == "draft":
            messages.success(request, "The assessment is saved as a draft")
            return redirect("cases:detail", case_id=assessment.case_id)
        if number < len(sections):
            return redirect("risk:section", assessment_id=assessment.pk, number=number + 1)
        return redirect("risk:assessment", assessment_id=assessment.pk)
    part = f"{assessment.instrument.name}, part {number} of {len(sections)}"
    back = (
        reverse("risk:section", args=[assessment.pk, number - 1])
        if number > 1
        else _case_url(assessment.case)
    )
    return render(
        request,
        "risk/section.html",
        {
            "title": current.title,
            "page_title": f"{part}: {current.title} – Case {assessment.case.reference}",
            "caption": part,
            "form": form,
            "back_url": back,
        },
    )


def _answers_saved(
    request: ConcordRequest[RiskScope], assessment: RiskAssessment, form: SectionForm
) -> bool:
    answers, comments = form.answers(), form.comments()

    def save() -> RiskAssessment:
        return services.record_answers(request.user, assessment, answers, comments)

    return saved(form, save) is not None


def assessment_detail(request: ConcordRequest[RiskScope], assessment_id: UUID) -> HttpResponse:
    assessment = request.scope.risk_assessment(assessment_id)
    return _assessment_page(request, assessment)


def _assessment_page(
    request: ConcordRequest[RiskScope],
    assessment: RiskAssessment,
    form: Form | None = None,
    problems: list[dict[str, str]] | None = None,
) -> HttpResponse:
    sections = _sections(assessment)
    may_assess = rules.test_rule("risk.assess", request.membership)
    level = assessment.level_enum
    heading = "Check the answers" if assessment.is_draft else "Risk assessment"
    return render(
        request,
        "risk/assessment.html",
        {
            "title": f"{heading}: case {assessment.case.reference}",
            "heading": heading,
            "assessment": assessment,
            "rows": presenters.result_rows(assessment),
            "level_tag": presenters.level_tag(assessment.level) if level else "",
            "sections": presenters.answer_sections(assessment, sections),
            "form": form,
            "problems": problems or [],
            "can_finish": may_assess and assessment.is_draft,
            "can_judge": may_assess and level is not None and level is not Level.HIGH,
            "back_url": _case_url(assessment.case),
        },
    )


@rule_required("risk.assess")
def finish(request: ConcordRequest[RiskScope], assessment_id: UUID) -> HttpResponse:
    """Finish from the check page: refused, with every unanswered question in the error
    summary (each a link to its question), unless all are answered."""
    assessment = request.scope.risk_assessment(assessment_id)
    if request.method != "POST":
        return redirect("risk:assessment", assessment_id=assessment.pk)
    try:
        services.finish_assessment(request.user, assessment)
    except ValidationError as error:
        form = Form(request.POST)
        form.add_error(None, error.messages)
        return _assessment_page(request, assessment, form, _problems(assessment, error))
    level = Level(assessment.level).label.lower()
    messages.success(
        request, f"The assessment is finished: {level} risk, with {assessment.score} yes answers"
    )
    return redirect("risk:assessment", assessment_id=assessment.pk)


def _problems(assessment: RiskAssessment, error: ValidationError) -> list[dict[str, str]]:
    """The error summary's items: an unanswered question links to its place in its part."""
    if not hasattr(error, "error_dict"):
        return [{"text": message, "href": "#main-content"} for message in error.messages]
    part = {q.code: s.number for s in _sections(assessment) for q in s.questions}
    return [
        {
            "text": message,
            "href": reverse("risk:section", args=[assessment.pk, part[code]]) + f"#id_{code}",
        }
        for code, messages_ in error.message_dict.items()
        for message in messages_
    ]


@rule_required("risk.assess")
def judgement(request: ConcordRequest[RiskScope], assessment_id: UUID) -> HttpResponse:
    assessment = request.scope.risk_assessment(assessment_id)
    level = assessment.level_enum
    if level is None or level is Level.HIGH:
        problem = "Finish the assessment first" if level is None else "The level is already high"
        messages.error(request, f"{problem}: professional judgement can only raise it")
        return redirect("risk:assessment", assessment_id=assessment.pk)
    form = JudgementForm(posted(request), current=level)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_judgement(request.user, assessment, **values)):
            messages.success(request, "Your professional judgement is recorded")
            return redirect("risk:assessment", assessment_id=assessment.pk)
    title = f"Professional judgement: case {assessment.case.reference}"
    return _form_page(request, form, title, "Record judgement", _assessment_url(assessment))


# Incidents -----------------------------------------------------------------------------------


@rule_required("risk.record_incident")
def record_incident(request: ConcordRequest[RiskScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    form = IncidentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_incident(request.user, case, **values)):
            messages.success(request, "The incident is recorded")
            return redirect("cases:detail", case_id=case.pk)
    title = f"Record an incident: case {case.reference}"
    return _form_page(request, form, title, "Save incident", _case_url(case))
