"""Agencies, services and teams (system administrators) and each agency's users (its own
administrators). Administrators manage accounts; they never see case records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from concord.accounts import services
from concord.accounts.forms import AgencyForm, AgencyPartForm, MemberForm, ServiceForm, TeamForm
from concord.accounts.http import ConcordRequest
from concord.accounts.models import ROLE_CHOICES, Agency, Membership, User
from concord.accounts.presenters import member_rows
from concord.accounts.roles import Role, needs_second_person
from concord.core import once
from concord.core.decorators import rule_required
from concord.core.forms import posted, search_text
from concord.core.presenters import govuk_datetime


def _managed_agency(request: ConcordRequest, agency_id: UUID | None) -> Agency:
    """The agency whose accounts are being managed: the user's own, or (for system
    administrators) any. Another agency is 404 for an agency administrator."""
    own: Agency = request.membership.agency
    if agency_id is None or agency_id == own.pk:
        return own
    if not rules.test_rule("accounts.manage_agencies", request.membership):
        raise Http404
    return get_object_or_404(Agency, pk=agency_id)


@rule_required("accounts.manage_agencies")
def agencies(request: ConcordRequest) -> HttpResponse:
    rows = Agency.objects.annotate(
        service_count=Count("services", distinct=True),
        user_count=Count("memberships", filter=Q(memberships__is_active=True), distinct=True),
    )
    return render(request, "accounts/agencies.html", {"title": "Agencies", "agencies": rows})


@rule_required("accounts.manage_agencies")
def create_agency(request: ConcordRequest) -> HttpResponse:
    form = AgencyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        agency = services.create_agency(request.user, **form.cleaned_data)
        messages.success(request, f"{agency.name} is added")
        return redirect("accounts:agency", agency_id=agency.pk)
    return render(
        request,
        "accounts/form_page.html",
        {
            "title": "Add an agency",
            "form": form,
            "submit": "Add agency",
            "back_url": reverse("accounts:agencies"),
        },
    )


@rule_required("accounts.manage_agencies")
def agency_detail(request: ConcordRequest, agency_id: UUID) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id)
    return render(
        request,
        "accounts/agency.html",
        {
            "title": agency.name,
            "agency": agency,
            "services": agency.services.all(),
            "teams": agency.teams.select_related("service"),
        },
    )


@rule_required("accounts.manage_agencies")
def add_service(request: ConcordRequest, agency_id: UUID) -> HttpResponse:
    return _add_agency_part(request, agency_id, ServiceForm, services.add_service)


@rule_required("accounts.manage_agencies")
def add_team(request: ConcordRequest, agency_id: UUID) -> HttpResponse:
    return _add_agency_part(request, agency_id, TeamForm, services.add_team)


def _add_agency_part(
    request: ConcordRequest,
    agency_id: UUID,
    form_class: type[AgencyPartForm],
    add: Callable[..., Any],
) -> HttpResponse:
    """The page adding a service or a team to an agency."""
    agency = get_object_or_404(Agency, pk=agency_id)
    form = form_class(posted(request), agency=agency)
    part = form_class.part
    if request.method == "POST" and form.is_valid():
        add(request.user, agency, **form.cleaned_data)
        messages.success(request, f"{part.capitalize()} ‘{form.cleaned_data['name']}’ is added")
        return redirect("accounts:agency", agency_id=agency.pk)
    return render(
        request,
        "accounts/form_page.html",
        {
            "title": f"Add a {part} to {agency.name}",
            "form": form,
            "submit": f"Add {part}",
            "back_url": reverse("accounts:agency", args=[agency.pk]),
        },
    )


@rule_required("accounts.manage_users")
def users(request: ConcordRequest, agency_id: UUID | None = None) -> HttpResponse:
    agency = _managed_agency(request, agency_id)
    memberships = (
        Membership.objects.filter(agency=agency)
        .select_related("user", "team")
        .prefetch_related("services")
        .order_by("user__full_name", "role")
    )
    search = search_text(request)
    role = request.POST.get("role", "") if request.method == "POST" else ""
    if search:
        memberships = memberships.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    if role in dict(ROLE_CHOICES):
        memberships = memberships.filter(role=role)
    return render(
        request,
        "accounts/users.html",
        {
            "title": f"Users at {agency.name}",
            "agency": agency,
            "rows": member_rows(memberships),
            "search": search,
            "role": role,
            "role_choices": ROLE_CHOICES,
        },
    )


@rule_required("accounts.manage_users")
def add_member(request: ConcordRequest, agency_id: UUID | None = None) -> HttpResponse:
    agency = _managed_agency(request, agency_id)
    form = MemberForm(posted(request), agency=agency, acting_as=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            return _give_or_request_role(request, agency, form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
    return render(
        request,
        "accounts/form_page.html",
        {
            "title": f"Add a user to {agency.name}",
            "form": form,
            "submit": "Add user",
            "back_url": reverse("accounts:agency-users", args=[agency.pk]),
        },
    )


def _give_or_request_role(
    request: ConcordRequest, agency: Agency, chosen: dict[str, Any]
) -> HttpResponse:
    """A role without case records is given at once; one that sees them is asked for, and
    waits for a second person (concord.accounts.views.grants)."""
    if not needs_second_person(Role(chosen["role"])):
        membership = services.add_member(request.membership, agency, **chosen)
        messages.success(
            request, f"{membership.user.full_name} is added as {membership.role_label}"
        )
        return redirect("accounts:member", agency_id=agency.pk, user_id=membership.user_id)
    grant = services.request_role_grant(request.membership, agency, **chosen)
    messages.success(
        request,
        f"{grant.user.full_name} will be {grant.role_label} once another administrator or "
        f"the service manager of {agency.name} approves",
    )
    return redirect("accounts:grant", grant_id=grant.pk)


@rule_required("accounts.manage_users")
@never_cache
def member_detail(request: ConcordRequest, agency_id: UUID, user_id: UUID) -> HttpResponse:
    agency = _managed_agency(request, agency_id)
    memberships = Membership.objects.filter(agency=agency, user_id=user_id).select_related("user")
    if not memberships:
        raise Http404
    member = memberships[0].user
    if request.method == "POST":
        return _act_on_member(request, member, memberships)
    return render(
        request,
        "accounts/member.html",
        {
            "title": member.full_name,
            "agency": agency,
            "member": member,
            "memberships": memberships,
            "can_manage": services.may_manage_account(request.membership, member),
            "link": once.take(request, "set_password_link"),
        },
    )


def _act_on_member(
    request: ConcordRequest, member: User, memberships: QuerySet[Membership]
) -> HttpResponse:
    """Reset password or authenticator app, or end a role; then back to the member page."""
    action = request.POST.get("action")
    if action == "reset-password":
        link = services.reset_password(request.membership, member)
        once.keep_for_next_page(
            request,
            "set_password_link",
            {
                "url": request.build_absolute_uri(link.path),
                "expires": govuk_datetime(link.expires_at),
            },
        )
    elif action == "reset-mfa":
        services.reset_mfa(request.membership, member)
        messages.success(request, f"{member} will set up a new authenticator app at next sign-in")
    elif action == "end-membership":
        membership = get_object_or_404(memberships, pk=request.POST.get("membership"))
        services.end_membership(request.membership, membership)
        messages.success(request, f"{member} no longer has the role {membership.role_label}")
    else:
        return HttpResponseBadRequest("Unknown action")
    agency_id = memberships[0].agency_id
    return redirect("accounts:member", agency_id=agency_id, user_id=member.pk)
