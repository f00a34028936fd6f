"""The board's meetings: the list (upcoming and held), a meeting's page with its agenda,
papers, minutes, attendance and quoracy, decisions and actions, and the manager's forms.
Papers download as attachments, never cached, each download audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.board import presenters, services
from concord.board.figures import quoracy_of
from concord.board.forms import (
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
)
from concord.board.models import BoardMember, Meeting, Paper
from concord.board.views.common import form_page, found, may_keep, tabs
from concord.core import filetypes
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date


@rule_required("board.view_board")
def meetings(request: ConcordRequest[Any]) -> HttpResponse:
    today = timezone.localdate()
    upcoming = list(Meeting.objects.upcoming(today))
    held = list(Meeting.objects.held(today))
    quoracies = quoracy_of(held)
    papers = dict(
        Paper.objects.values("meeting_id").annotate(n=Count("id")).values_list("meeting_id", "n")
    )
    context = {
        "title": "Board meetings",
        "tabs": tabs("board:meetings"),
        "upcoming": [presenters.meeting_row(m, None, papers.get(m.pk, 0), False) for m in upcoming],
        "held": [
            presenters.meeting_row(m, quoracies[m.pk], papers.get(m.pk, 0), True) for m in held
        ],
        "may_keep": may_keep(request),
    }
    return render(request, "board/meetings.html", context)


@rule_required("board.view_board")
def meeting(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    today = timezone.localdate()
    current = found(Meeting.objects.all(), meeting_id)
    keeps = may_keep(request)
    held = current.held_on <= today
    attendance = list(current.attendance.select_related("member").order_by("member__name"))
    quoracy = quoracy_of([current])[current.pk]
    context = {
        "title": f"{current.title}, {govuk_date(current.held_on)}",
        "meeting": current,
        "held": held,
        "held_on": govuk_date(current.held_on),
        "agenda": list(current.agenda.all()),
        "papers": [
            presenters.paper_row(p)
            for p in current.papers.defer("content").select_related("agenda_item", "meeting")
        ],
        "minutes_approved": govuk_date(current.minutes_approved_on),
        "attendance": [
            [
                {"text": a.member.name},
                {"text": a.member.organisation},
                {"text": presenters.attendance_text(a.attendance, a.deputy_name)},
            ]
            for a in attendance
        ],
        "quoracy": presenters.quoracy_text(quoracy),
        "quoracy_tag": presenters.quoracy_tag(quoracy),
        "decisions": [
            [{"text": d.reference}, {"text": d.text}]
            for d in current.decisions.order_by("created_at")
        ],
        "actions": [
            presenters.action_row(a, today, keeps, with_meeting=False)
            for a in current.actions.select_related("owner", "meeting")
        ],
        "may_keep": keeps,
    }
    return render(request, "board/meeting.html", context)


@rule_required("board.manage_board")
def add_meeting(request: ConcordRequest[Any]) -> HttpResponse:
    form = MeetingForm(posted(request))
    if form.is_valid():
        added = saved(form, lambda: services.add_meeting(request.membership, **form.cleaned_data))
        if added is not None:
            messages.success(request, "The meeting is added: add its agenda and papers")
            return redirect("board:meeting", meeting_id=added.pk)
    return form_page(
        request,
        form,
        title="Add a meeting",
        submit="Add meeting",
        back_url=reverse("board:meetings"),
    )


@rule_required("board.manage_board")
def change_meeting(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    current = found(Meeting.objects.all(), meeting_id)
    initial = {"title": current.title, "held_on": current.held_on, "location": current.location}
    form = MeetingForm(posted(request), initial=initial)
    if (
        form.is_valid()
        and saved(
            form, lambda: services.change_meeting(request.membership, current, **form.cleaned_data)
        )
        is not None
    ):
        messages.success(request, "The meeting's details are saved")
        return redirect("board:meeting", meeting_id=current.pk)
    return form_page(
        request,
        form,
        title="Change the meeting's details",
        submit="Save",
        back_url=reverse("board:meeting", args=[current.pk]),
    )


@rule_required("board.manage_board")
def add_agenda_item(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    current = found(Meeting.objects.all(), meeting_id)
    form = AgendaItemForm(posted(request))
    if (
        form.is_valid()
        and saved(
            form,
            lambda: services.add_agenda_item(request.membership, current, **form.cleaned_data),
        )
        is not None
    ):
        messages.success(request, "The item is added to the agenda")
        return redirect(reverse("board:meeting", args=[current.pk]) + "#agenda")
    return form_page(
        request,
        form,
        title="Add an agenda item",
        caption=f"{current.title}, {govuk_date(current.held_on)}",
        submit="Add item",
        back_url=reverse("board:meeting", args=[current.pk]),
        intro="Items are numbered in the order they are added.",
    )


@rule_required("board.manage_board")
def add_paper(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    current = found(Meeting.objects.all(), meeting_id)
    files = request.FILES if request.method == "POST" else None
    form = PaperForm(posted(request), files, meeting=current)
    if form.is_valid():
        values = form.cleaned_data
        if (
            saved(
                form,
                lambda: services.add_paper(
                    request.membership,
                    current,
                    upload=values["file"],
                    title=values["title"],
                    agenda_item=values["agenda_item"],
                ),
            )
            is not None
        ):
            messages.success(request, "The paper is added")
            return redirect(reverse("board:meeting", args=[current.pk]) + "#papers")
    return form_page(
        request,
        form,
        title="Add a paper",
        caption=f"{current.title}, {govuk_date(current.held_on)}",
        submit="Upload paper",
        back_url=reverse("board:meeting", args=[current.pk]),
        upload=True,
        intro=f"A PDF, Word, Excel, PowerPoint or OpenDocument file, or an image. "
        f"{services.too_large_message()}.",
    )


@rule_required("board.view_board")
def download_paper(request: ConcordRequest[Any], paper_id: UUID) -> HttpResponse:
    paper = found(Paper.objects.select_related("meeting"), paper_id)
    services.open_paper(request.user, request.membership, paper.pk)
    response = HttpResponse(bytes(paper.content), content_type=filetypes.KINDS[paper.kind][2])
    response["Content-Disposition"] = f'attachment; filename="{presenters.download_name(paper)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@rule_required("board.manage_board")
def minutes(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    current = found(Meeting.objects.all(), meeting_id)
    form = MinutesForm(posted(request), initial={"minutes": current.minutes})
    if form.is_valid():
        text = form.cleaned_data["minutes"]
        if (
            saved(form, lambda: services.record_minutes(request.membership, current, minutes=text))
            is not None
        ):
            messages.success(request, "The minutes are saved as a draft until approved")
            return redirect(reverse("board:meeting", args=[current.pk]) + "#minutes")
    return form_page(
        request,
        form,
        title="Minutes",
        caption=f"{current.title}, {govuk_date(current.held_on)}",
        submit="Save minutes",
        back_url=reverse("board:meeting", args=[current.pk]),
    )


@rule_required("board.manage_board")
def approve_minutes(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    current = found(Meeting.objects.all(), meeting_id)
    form = ApproveMinutesForm(posted(request), initial={"approved_on": timezone.localdate()})
    if form.is_valid():
        approved_on = form.cleaned_data["approved_on"]
        if (
            saved(
                form,
                lambda: services.approve_minutes(
                    request.membership, current, approved_on=approved_on
                ),
            )
            is not None
        ):
            messages.success(request, "The minutes are approved")
            return redirect(reverse("board:meeting", args=[current.pk]) + "#minutes")
    return form_page(
        request,
        form,
        title="Approve the minutes",
        caption=f"{current.title}, {govuk_date(current.held_on)}",
        submit="Approve minutes",
        back_url=reverse("board:meeting", args=[current.pk]),
        intro="Once approved, the minutes cannot be changed.",
    )


@rule_required("board.manage_board")
def attendance(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    """Who attended: each member in term on the meeting's date, present, by deputy, with
    apologies or absent."""
    current = found(Meeting.objects.all(), meeting_id)
    members = list(BoardMember.objects.in_term(current.held_on).order_by("name"))
    recorded = {a.member_id: a for a in current.attendance.all()}
    form = AttendanceForm(posted(request), members=members, recorded=recorded)
    if (
        form.is_valid()
        and saved(
            form, lambda: services.record_attendance(request.membership, current, form.entries())
        )
        is not None
    ):
        messages.success(request, "The attendance is recorded")
        return redirect(reverse("board:meeting", args=[current.pk]) + "#attendance")
    context = {
        "title": "Record attendance",
        "caption": f"{current.title}, {govuk_date(current.held_on)}",
        "form": form,
        "meeting": current,
        "back_url": reverse("board:meeting", args=[current.pk]),
    }
    return render(request, "board/attendance.html", context)
