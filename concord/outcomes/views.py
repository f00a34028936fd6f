"""Workers' pages for outcome measures: a case's measures and links, recording the answers
given with a worker, making a one-time link, and one measure's answers. Cases and measures
are reached only through ``request.scope``; every write goes through
concord.outcomes.services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from concord.accounts.http import ConcordRequest
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.models import Case
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_datetime
from concord.outcomes import presenters, services
from concord.outcomes.forms import AnswersForm, LinkForm
from concord.outcomes.scope import OutcomesScope
from concord.outcomes.stages import StageError, parse_stage_key, stage_key

OutcomesRequest = ConcordRequest[OutcomesScope]


def case_section(page: CasePage) -> dict[str, Any] | None:
    """On the case page, a link to the case's outcome measures (no query of its own)."""
    if not rules.test_rule("outcomes.view_measure", page.request.membership):
        return None
    return {"url": reverse("outcomes:case", args=[page.record.pk])}


CASE_SECTION = CaseSection("outcomes_section", 37, "outcomes/case_section.html", case_section)


def _case_url(case: Case) -> str:
    return reverse("outcomes:case", args=[case.pk])


@rule_required("outcomes.view_measure")
def case_measures(request: OutcomesRequest, case_id: UUID) -> HttpResponse:
    """The case's answers at each stage, the stages still to ask and the links made."""
    case = request.scope.case(case_id)
    measures = list(request.scope.outcome_measures.filter(case=case))
    links = list(request.scope.questionnaire_links.filter(case=case))
    audit.record(
        "outcome_measures.listed",
        actor=request.user,
        agency=case.agency,
        object_type="outcomes.outcomemeasure",
        object_id=case.pk,
    )
    answered = {measure.stage_key for measure in measures}
    may_record = rules.test_rule("outcomes.record_measure", request.membership)
    to_ask = [
        {"label": stage.label, "url": reverse("outcomes:record", args=[case.pk, key])}
        for stage in services.stages_for(case)
        if (key := stage_key(stage.stage, stage.months)) not in answered
    ]
    return render(
        request,
        "outcomes/case.html",
        {
            "title": "Outcome measures",
            "case": case,
            "rows": presenters.measure_rows(measures),
            "to_ask": to_ask if may_record else [],
            "links": presenters.link_rows(links),
            "link_url": reverse("outcomes:make-link", args=[case.pk])
            if may_record and to_ask
            else "",
            "closed": case.closed_at is not None,
            "back_url": reverse("cases:detail", args=[case.pk]),
        },
    )


def _stage(key: str) -> tuple[str, int]:
    try:
        return parse_stage_key(key, settings.FOLLOW_UP_MONTHS)
    except StageError:
        raise Http404 from None


@rule_required("outcomes.record_measure")
def record(request: OutcomesRequest, case_id: UUID, stage_key: str) -> HttpResponse:
    case = request.scope.case(case_id)
    stage, months = _stage(stage_key)
    label = services.Stage(stage, months).label
    questionnaire = services.active_questionnaire()
    form = AnswersForm(
        posted(request),
        questions=questionnaire.questions_at(stage),
        with_date=True,
        initial={"answered_on": timezone.localdate()},
    )
    problem = ""
    try:
        services.check_stage(case, stage, months)
    except ValidationError as error:
        problem = " ".join(error.messages)
    if not problem and request.method == "POST" and form.is_valid():
        answered_on = form.cleaned_data["answered_on"]
        answers = form.answers()
        measure = saved(
            form,
            lambda: services.record_measure(
                request.user,
                case,
                stage=stage,
                months=months,
                answers=answers,
                answered_on=answered_on,
            ),
        )
        if measure:
            messages.success(request, f"The {label.lower()} answers are recorded")
            return redirect("outcomes:case", case_id=case.pk)
    return render(
        request,
        "outcomes/record.html",
        {
            "title": f"{label} questions",
            "caption": f"Case {case.reference}",
            "intro": "Ask each question in these words and record the answer the person gives.",
            "problem": problem,
            "form": form,
            "submit": "Save answers",
            "back_url": _case_url(case),
        },
    )


@rule_required("outcomes.view_measure")
def measure_detail(request: OutcomesRequest, measure_id: UUID) -> HttpResponse:
    measure = request.scope.outcome_measure(measure_id)
    return render(
        request,
        "outcomes/measure.html",
        {
            "title": f"{measure.stage_label} answers",
            "caption": f"Case {measure.case.reference}",
            "measure": measure,
            "summary": presenters.answer_rows(measure),
            "how": measure.get_how_display(),
            "version": str(measure.questionnaire),
            "back_url": _case_url(measure.case),
        },
    )


@rule_required("outcomes.record_measure")
def make_link(request: OutcomesRequest, case_id: UUID) -> HttpResponse:
    """Make a one-time link; its address is shown once, on the answer to the form."""
    case = request.scope.case(case_id)
    answered = set(
        request.scope.outcome_measures.filter(case=case).values_list("stage", "follow_up_months")
    )
    stages = [s for s in services.stages_for(case) if (s.stage, s.months) not in answered]
    form = LinkForm(posted(request), stages=stages)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        made = saved(
            form,
            lambda: services.make_link(
                request.user, case, stage=chosen.stage, months=chosen.months
            ),
        )
        if made:
            link, token = made
            response = render(
                request,
                "outcomes/link_made.html",
                {
                    "title": "Send the link",
                    "caption": f"Case {case.reference}",
                    "address": request.build_absolute_uri(
                        reverse("questionnaire:answer", args=[token])
                    ),
                    "stage": link.stage_label,
                    "expires": govuk_datetime(link.expires_at),
                    "back_url": _case_url(case),
                },
            )
            add_never_cache_headers(response)  # the address is shown once, never kept
            return response
    return render(
        request,
        "core/form_page.html",
        {
            "title": "Make a link to answer alone",
            "caption": f"Case {case.reference}",
            "intro": (
                "The person opens the link on their own device and answers without signing "
                "in. It works once, and shows only the questions: nothing about them or their "
                "case. Send it only by the safe way of contact they gave."
            ),
            "form": form,
            "submit": "Make link",
            "back_url": _case_url(case),
        },
    )
