"""MARAC meetings: the MARAC home page for each role, scheduling, the agenda (and its
export), each listed case with its research, discussion and action plan, and the
outcome of an action."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_response
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date
from concord.marac import presenters, services
from concord.marac.forms import (
    ActionForm,
    AgendaForm,
    AgendaManyForm,
    DiscussionForm,
    MeetingForm,
    OutcomeForm,
    ResearchForm,
)
from concord.marac.models import AgendaItem, MaracMeeting
from concord.marac.scope import MaracScope
from concord.marac.views import form_page

RECENT_MEETINGS = 10
REFERRAL_RELATIONS = ("area", "agency")


def _meeting_url(meeting: MaracMeeting) -> str:
    return reverse("marac:meeting", args=[meeting.pk])


def _item_url(item: AgendaItem) -> str:
    return reverse("marac:item", args=[item.pk])


def _meeting_title(meeting: MaracMeeting) -> str:
    return f"{meeting.area} on {govuk_date(meeting.meets_on)}"


# The MARAC home page -------------------------------------------------------------------------


def _meetings(request: ConcordRequest[MaracScope]) -> dict[str, Any]:
    today = timezone.localdate()
    meetings = request.scope.marac_meetings.select_related("area").annotate(cases=Count("items"))
    upcoming = meetings.filter(meets_on__gte=today).order_by("meets_on")
    recent = meetings.filter(meets_on__lt=today).order_by("-meets_on")[:RECENT_MEETINGS]
    return {
        "upcoming": presenters.meeting_rows(upcoming),
        "recent": presenters.meeting_rows(recent),
    }


@rule_required("marac.view_referral")
def home(request: ConcordRequest[MaracScope]) -> HttpResponse:
    """What each role starts from: the coordinator's referrals waiting for an agenda and
    meetings; the representative's meetings and open actions; the referrals the agency
    made."""
    scope, membership = request.scope, request.membership
    referrals = scope.marac_referrals.select_related(*REFERRAL_RELATIONS)
    context: dict[str, Any] = {
        "title": "MARAC",
        "made": presenters.referral_table_rows(referrals.filter(agency=membership.agency)),
    }
    if rules.test_rule("marac.coordinate", membership):
        areas = list(scope.marac_areas)
        waiting = referrals.filter(area__in=areas).waiting().order_by("referred_on")
        context["areas"] = [
            {
                "name": area.name,
                "schedule_url": reverse("marac:schedule", args=[area.slug]),
                "dashboard_url": reverse("marac:dashboard", args=[area.slug]),
            }
            for area in areas
        ]
        context["waiting"] = presenters.referral_table_rows(waiting)
    if rules.test_rule("marac.view_meeting", membership):
        context |= _meetings(request)
    if rules.test_rule("marac.record_action_outcome", membership):
        actions = scope.marac_actions.open().select_related("item__referral")
        context["actions"] = presenters.open_action_rows(actions)
    audit.record("marac.listed", actor=request.user, agency=membership.agency, object_type="marac")
    return render(request, "marac/home.html", context)


# Meetings ------------------------------------------------------------------------------------


@rule_required("marac.coordinate")
def schedule(request: ConcordRequest[MaracScope], slug: str) -> HttpResponse:
    area = request.scope.marac_area(slug)
    form = MeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        meeting = saved(form, lambda: services.schedule_meeting(request.user, area, **values))
        if meeting:
            messages.success(request, f"The meeting on {govuk_date(meeting.meets_on)} is scheduled")
            return redirect(_meeting_url(meeting))
    title = f"Schedule a meeting of {area}"
    return form_page(request, form, title, "Schedule meeting", reverse("marac:home"))


@rule_required("marac.coordinate")
def change_meeting(request: ConcordRequest[MaracScope], meeting_id: UUID) -> HttpResponse:
    meeting = request.scope.coordinated_marac_meeting(meeting_id)
    initial = {
        "meets_on": meeting.meets_on,
        "starts_at": meeting.starts_at,
        "venue": meeting.venue,
        "agencies": list(meeting.agencies.all()),
    }
    form = MeetingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.change_meeting(request.user, meeting, **values)):
            messages.success(request, "The meeting is saved")
            return redirect(_meeting_url(meeting))
    title = f"Change the meeting of {_meeting_title(meeting)}"
    return form_page(request, form, title, "Save", _meeting_url(meeting))


def _agenda(request: ConcordRequest[MaracScope], meeting: MaracMeeting) -> Any:
    return (
        request.scope.agenda_items.filter(meeting=meeting)
        .select_related("referral__agency")
        .prefetch_related("referral__people_causing_harm")
    )


@rule_required("marac.view_meeting")
def meeting_detail(request: ConcordRequest[MaracScope], meeting_id: UUID) -> HttpResponse:
    meeting = request.scope.marac_meeting(meeting_id)
    coordinates = rules.test_rule("marac.coordinate", request.membership)
    waiting = []
    if coordinates:
        referrals = request.scope.marac_referrals.filter(area=meeting.area).waiting()
        waiting = presenters.referral_table_rows(referrals.select_related(*REFERRAL_RELATIONS))
    return render(
        request,
        "marac/meeting.html",
        {
            "title": _meeting_title(meeting),
            "meeting": meeting,
            "when_and_where": presenters.meeting_place_rows(meeting),
            "agencies": ", ".join(agency.name for agency in meeting.agencies.all()),
            "agenda": presenters.agenda_rows(_agenda(request, meeting)),
            "waiting": waiting,
            "coordinates": coordinates,
            "back_url": reverse("marac:home"),
        },
    )


@rule_required("marac.coordinate")
def add_to_agenda(request: ConcordRequest[MaracScope], meeting_id: UUID) -> HttpResponse:
    """Tick the referrals waiting for a meeting of this MARAC to put them all on the agenda."""
    meeting = request.scope.coordinated_marac_meeting(meeting_id)
    waiting = request.scope.marac_referrals.filter(area=meeting.area).waiting()
    waiting = waiting.select_related("agency").order_by("referred_on", "created_at")
    form = AgendaManyForm(posted(request), waiting=waiting)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["referrals"]
        if saved(form, lambda: services.list_many_on_agenda(request.user, meeting, chosen)):
            count = len(chosen)
            added = "1 referral is" if count == 1 else f"{count} referrals are"
            messages.success(request, f"{added} on the agenda")
            return redirect(_meeting_url(meeting))
    title = f"Add referrals to the agenda of {_meeting_title(meeting)}"
    return form_page(request, form, title, "Add to the agenda", _meeting_url(meeting))


@rule_required("marac.view_meeting")
def agenda_export(
    request: ConcordRequest[MaracScope], meeting_id: UUID, file_format: str
) -> HttpResponseBase:
    """The agenda's MARAC summaries as CSV or XLSX; the export is audited."""
    meeting = request.scope.marac_meeting(meeting_id)
    audit.record(
        "marac_meeting.exported",
        actor=request.user,
        agency=request.membership.agency,
        target=meeting,
        reason=file_format,
    )
    filename = f"marac-agenda-{meeting.meets_on.isoformat()}"
    rows = presenters.agenda_export_rows(_agenda(request, meeting))
    if file_format == "xlsx":
        return xlsx_response(filename, presenters.AGENDA_HEADER, rows)
    return csv_response(filename, presenters.AGENDA_HEADER, rows)


# One case at a meeting ------------------------------------------------------------------------


def _attends(request: ConcordRequest[MaracScope], meeting: MaracMeeting) -> bool:
    return meeting.agencies.filter(pk=request.membership.agency_id).exists()


@rule_required("marac.view_meeting")
def item_detail(request: ConcordRequest[MaracScope], item_id: UUID) -> HttpResponse:
    item = request.scope.agenda_item(item_id)
    meeting, referral, membership = item.meeting, item.referral, request.membership
    coordinates = rules.test_rule("marac.coordinate", membership)
    represents = rules.test_rule("marac.record_research", membership) and _attends(request, meeting)
    before = item.heard_at is None and meeting.meets_on >= timezone.localdate()
    research = item.research.select_related("agency", "recorded_by")
    actions = item.actions.select_related("agency")
    return render(
        request,
        "marac/item.html",
        {
            "title": referral.victim_name,
            "page_title": f"MARAC case – {_meeting_title(meeting)}",
            "item": item,
            "meeting": meeting,
            "meeting_title": _meeting_title(meeting),
            "summary": presenters.summary_rows(referral),
            "research": presenters.research_rows(research),
            "actions": presenters.action_rows(
                actions, outcome_agency_id=membership.agency_id if represents else None
            ),
            "coordinates": coordinates,
            "can_research": represents and before,
            "can_move": coordinates and item.heard_at is None,
            "can_discuss": coordinates and meeting.meets_on <= timezone.localdate(),
            "can_add_action": coordinates and item.heard_at is not None,
            "referral_url": reverse("marac:referral", args=[referral.pk]),
            "back_url": _meeting_url(meeting),
        },
    )


@rule_required("marac.coordinate")
def move_item(request: ConcordRequest[MaracScope], item_id: UUID) -> HttpResponse:
    item = request.scope.coordinated_agenda_item(item_id)
    meetings = (
        request.scope.marac_meetings.filter(
            area=item.meeting.area_id, meets_on__gte=timezone.localdate()
        )
        .exclude(pk=item.meeting_id)
        .order_by("meets_on")
    )
    form = AgendaForm(posted(request), meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        if saved(form, lambda: services.move_to_meeting(request.user, item, meeting)):
            messages.success(
                request, f"The case is on the agenda for {govuk_date(meeting.meets_on)}"
            )
            return redirect(_meeting_url(meeting))
    title = f"Move {item.referral.victim_name} to another meeting"
    page_title = "Move a MARAC case to another meeting"
    return form_page(request, form, title, "Move", _item_url(item), page_title=page_title)


@rule_required("marac.record_research")
def record_research(request: ConcordRequest[MaracScope], item_id: UUID) -> HttpResponse:
    item = request.scope.agenda_item(item_id)
    if not _attends(request, item.meeting):
        raise Http404
    mine = item.research.filter(agency=request.membership.agency).first()
    form = ResearchForm(posted(request), initial={"findings": mine.findings if mine else ""})
    if request.method == "POST" and form.is_valid():
        findings = form.cleaned_data["findings"]
        if saved(
            form, lambda: services.record_research(request.membership, item, findings=findings)
        ):
            messages.success(request, f"{request.membership.agency}'s research is recorded")
            return redirect(_item_url(item))
    title = f"Research for {item.referral.victim_name}"
    caption = _meeting_title(item.meeting)
    page_title = f"Research – {caption}"
    return form_page(request, form, title, "Save research", _item_url(item), caption, page_title)


@rule_required("marac.coordinate")
def record_discussion(request: ConcordRequest[MaracScope], item_id: UUID) -> HttpResponse:
    item = request.scope.coordinated_agenda_item(item_id)
    form = DiscussionForm(posted(request), initial={"summary": item.discussion_summary})
    if request.method == "POST" and form.is_valid():
        summary = form.cleaned_data["summary"]
        if saved(form, lambda: services.record_discussion(request.user, item, summary=summary)):
            messages.success(request, "The discussion is recorded and the case is heard")
            return redirect(_item_url(item))
    title = f"The discussion of {item.referral.victim_name}"
    caption = _meeting_title(item.meeting)
    page_title = f"The discussion – {caption}"
    return form_page(request, form, title, "Save", _item_url(item), caption, page_title)


@rule_required("marac.coordinate")
def add_action(request: ConcordRequest[MaracScope], item_id: UUID) -> HttpResponse:
    item = request.scope.coordinated_agenda_item(item_id)
    kept_from = item.referral.must_not_receive_agencies.values("pk")
    agencies = item.meeting.agencies.exclude(pk__in=kept_from)
    form = ActionForm(posted(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.assign_action(request.user, item, **values)):
            messages.success(request, f"The action is assigned to {values['agency']}")
            return redirect(_item_url(item))
    title = f"Add an action for {item.referral.victim_name}"
    caption = _meeting_title(item.meeting)
    page_title = f"Add an action – {caption}"
    return form_page(request, form, title, "Add action", _item_url(item), caption, page_title)


@rule_required("marac.record_action_outcome")
def action_outcome(request: ConcordRequest[MaracScope], action_id: UUID) -> HttpResponse:
    action = request.scope.marac_action(action_id)
    form = OutcomeForm(posted(request), initial={"outcome_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> Any:
            return services.record_action_outcome(
                request.membership,
                action,
                completed=data["outcome"] == "completed",
                outcome_on=data["outcome_on"],
                note=data["note"],
            )

        if saved(form, save):
            messages.success(request, "The action's outcome is recorded")
            return redirect(_item_url(action.item))
    title = f"Outcome of the action: {action.description}"
    caption = f"{action.item.referral.victim_name}, due {govuk_date(action.due_on)}"
    return form_page(request, form, title, "Save outcome", _item_url(action.item), caption)
