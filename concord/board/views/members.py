"""The board's membership: members by statutory category with the gaps flagged, a
member's page with their declarations of interest, and the manager's forms."""

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
from concord.board.figures import category_gaps, in_term_on
from concord.board.forms import EndInterestForm, EndTermForm, InterestForm, MemberForm
from concord.board.models import BoardMember, Category, InterestDeclaration
from concord.board.views.common import form_page, found, may_keep, tabs
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date, summary_rows


@rule_required("board.view_board")
def home(request: ConcordRequest[Any]) -> HttpResponse:
    """The membership by statutory category, each required category without a member in
    term today flagged."""
    today = timezone.localdate()
    members = list(BoardMember.objects.select_related("agency").order_by("name"))
    interests = dict(
        InterestDeclaration.objects.current(today)
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    gaps = category_gaps(members, today)
    context = {
        "title": "Local Partnership Board members",
        "tabs": tabs("board:home"),
        "gaps": presenters.gap_warnings(gaps),
        "groups": presenters.category_groups(members, today, interests),
        "ended": presenters.ended_rows(members, today),
        "may_keep": may_keep(request),
        "in_term": len(in_term_on(members, today)),
    }
    return render(request, "board/members.html", context)


@rule_required("board.view_board")
def member(request: ConcordRequest[Any], member_id: UUID) -> HttpResponse:
    today = timezone.localdate()
    found_member = found(BoardMember.objects.select_related("agency", "user"), member_id)
    declarations = list(found_member.interests.all())
    keeps = may_keep(request)
    facts = [
        ("Organisation", found_member.organisation),
        ("Job title", found_member.role_title or "Not recorded"),
        ("Statutory category", str(Category(found_member.category).label)),
        ("Voting", "Yes" if found_member.voting else "No (adviser or observer)"),
        ("Term", presenters.term_text(found_member)),
        ("Status", presenters.term_tag(found_member, today)),
    ]
    if keeps:
        facts.append(("Concord account", str(found_member.user) if found_member.user else "None"))
    rows = [
        [
            {"text": govuk_date(d.declared_on)},
            {"text": d.interest},
            {"html": _interest_state(d, keeps)},
        ]
        for d in declarations
    ]
    actions = found_member.actions.select_related("meeting", "owner").order_by("done_on", "due_on")
    context = {
        "title": found_member.name,
        "member": found_member,
        "summary": summary_rows(facts),
        "interests": rows,
        "actions": [presenters.action_row(a, today, keeps) for a in actions],
        "may_keep": keeps,
        "ended": found_member.term_ends_on is not None and found_member.term_ends_on < today,
    }
    return render(request, "board/member.html", context)


def _interest_state(declaration: InterestDeclaration, keeps: bool) -> Any:
    if declaration.ended_on is not None:
        return f"Ended on {govuk_date(declaration.ended_on)}"
    if keeps:
        return presenters.link(
            reverse("board:end_interest", args=[declaration.pk]),
            "End",
            f"the interest declared on {govuk_date(declaration.declared_on)}",
        )
    return "In force"


@rule_required("board.manage_board")
def add_member(request: ConcordRequest[Any]) -> HttpResponse:
    form = MemberForm(posted(request))
    if form.is_valid():
        added = saved(form, lambda: services.add_member(request.membership, **form.values()))
        if added is not None:
            messages.success(request, f"{added.name} is added to the board")
            return redirect("board:member", member_id=added.pk)
    return form_page(
        request, form, title="Add a member", submit="Add member", back_url=reverse("board:home")
    )


@rule_required("board.manage_board")
def change_member(request: ConcordRequest[Any], member_id: UUID) -> HttpResponse:
    current = found(BoardMember.objects.all(), member_id)
    form = MemberForm(posted(request), initial=MemberForm.initial_of(current))
    if form.is_valid():
        changed = saved(
            form, lambda: services.change_member(request.membership, current, **form.values())
        )
        if changed is not None:
            messages.success(request, f"{changed.name}'s details are saved")
            return redirect("board:member", member_id=current.pk)
    return form_page(
        request,
        form,
        title=f"Change {current.name}'s details",
        submit="Save",
        back_url=reverse("board:member", args=[current.pk]),
    )


@rule_required("board.manage_board")
def end_term(request: ConcordRequest[Any], member_id: UUID) -> HttpResponse:
    current = found(BoardMember.objects.all(), member_id)
    form = EndTermForm(posted(request), initial={"ended_on": timezone.localdate()})
    if form.is_valid():
        ended_on = form.cleaned_data["ended_on"]
        if (
            saved(form, lambda: services.end_term(request.membership, current, ended_on=ended_on))
            is not None
        ):
            messages.success(request, f"{current.name}'s term ends on {govuk_date(ended_on)}")
            return redirect("board:member", member_id=current.pk)
    return form_page(
        request,
        form,
        title=f"End {current.name}'s term",
        submit="End term",
        back_url=reverse("board:member", args=[current.pk]),
        intro="The member's place stays on record, with their attendance and actions.",
    )


@rule_required("board.manage_board")
def declare_interest(request: ConcordRequest[Any], member_id: UUID) -> HttpResponse:
    current = found(BoardMember.objects.all(), member_id)
    form = InterestForm(posted(request))
    if form.is_valid():
        values = form.cleaned_data
        if (
            saved(
                form,
                lambda: services.declare_interest(
                    request.membership,
                    current,
                    declared_on=values["declared_on"],
                    interest=values["interest"],
                ),
            )
            is not None
        ):
            messages.success(request, "The declaration of interest is recorded")
            return redirect("board:member", member_id=current.pk)
    return form_page(
        request,
        form,
        title=f"Record {current.name}'s declaration of interest",
        submit="Record declaration",
        back_url=reverse("board:member", args=[current.pk]),
    )


@rule_required("board.manage_board")
def end_interest(request: ConcordRequest[Any], declaration_id: UUID) -> HttpResponse:
    declaration = found(InterestDeclaration.objects.select_related("member"), declaration_id)
    form = EndInterestForm(posted(request), initial={"ended_on": timezone.localdate()})
    if form.is_valid():
        ended_on = form.cleaned_data["ended_on"]
        if (
            saved(
                form,
                lambda: services.end_interest(request.membership, declaration, ended_on=ended_on),
            )
            is not None
        ):
            messages.success(request, "The declaration of interest has ended")
            return redirect("board:member", member_id=declaration.member_id)
    return form_page(
        request,
        form,
        title=f"End {declaration.member.name}'s declaration of interest",
        submit="End declaration",
        back_url=reverse("board:member", args=[declaration.member_id]),
        intro=f"Declared on {govuk_date(declaration.declared_on)}: {declaration.interest}",
    )
