"""MARAC referrals: referring a case, the referral's page (whole for the referring agency
and the MARAC's coordinators, the MARAC summary for representatives), the must-not-receive
list, the safe contact shown on request, listing on an agenda, and the follow-up."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency, User
from concord.accounts.roles import CASE_WORK_ROLES, Role
from concord.cases import lifecycle as case_lifecycle
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.models import Case
from concord.core import once
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date
from concord.marac import presenters, services
from concord.marac.forms import (
    AgendaForm,
    FollowUpForm,
    MustNotReceiveForm,
    ReferToMaracForm,
    SafeContactForm,
)
from concord.marac.lifecycle import MaracStatus
from concord.marac.models import MaracArea, MaracReferral
from concord.marac.scope import MaracScope
from concord.marac.views import form_page
from concord.risk.criteria import criteria_met

REVEALED = "marac_safe_contact"
# Service errors named by the service's fields, shown against the form's own fields.
REFERRAL_FIELDS = {"people_causing_harm": "harm_given_name"}


def _referral_url(referral: MaracReferral) -> str:
    return reverse("marac:referral", args=[referral.pk])


# On the case page ----------------------------------------------------------------------------


def case_section(page: CasePage) -> dict[str, Any]:
    """The MARAC part of a case page: the case's MARAC referrals, the day of the last (for
    the risk section's repeat criterion), and the way to refer."""
    request, case = page.request, page.record
    scope = request.scope.narrowed_to(MaracScope)
    referrals = list(scope.marac_referrals.filter(case=case).select_related("area", "agency"))
    may_refer = rules.test_rule("marac.refer", request.membership)
    latest = referrals[0] if referrals else None  # newest first
    return {
        "rows": presenters.referral_table_rows(referrals),
        "last_referred_on": latest.referred_on if latest else None,
        "waiting": latest is not None and latest.status != MaracStatus.HEARD,
        "latest_status": presenters.latest_status_text(latest) if latest else "",
        "can_refer": may_refer and case_lifecycle.is_active(case.status),
        "refer_url": reverse("marac:refer", args=[case.pk]),
    }


CASE_SECTION = CaseSection("marac_section", 60, "marac/case_section.html", case_section)


# Referring -----------------------------------------------------------------------------------


def _from_risk(request: ConcordRequest[MaracScope], case: Case) -> dict[str, Any]:
    """What the case's latest finished risk assessment says, to start the referral with:
    its score and the criteria it meets (the register decides a repeat)."""
    latest = request.scope.risk_assessments.filter(case=case).finished().first()
    incidents = list(request.scope.incidents.filter(case=case))
    criteria = criteria_met(latest, incidents, as_of=timezone.localdate())
    found: dict[str, Any] = {"criteria": [criterion.value for criterion in criteria]}
    if latest is not None:
        found["score"] = latest.score
    return found


@rule_required("marac.refer")
def refer(request: ConcordRequest[MaracScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    areas = MaracArea.objects.filter(is_active=True)
    related = case.person.relationships.values("other")
    known_harm = request.scope.people.filter(pk__in=related, is_person_causing_harm=True)
    only_area = areas.first() if areas.count() == 1 else None
    form = ReferToMaracForm(
        posted(request),
        areas=areas,
        known_harm=known_harm,
        initial={
            "referred_on": timezone.localdate(),
            "area": only_area,
            **_from_risk(request, case),
        },
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        referral = saved(
            form,
            lambda: services.refer_to_marac(request.user, case, **values),
            REFERRAL_FIELDS,
        )
        if referral:
            done = f"{case.person} is referred to {referral.area}"
            if referral.is_repeat:
                done += (
                    f". This is a repeat: the case was referred before on "
                    f"{govuk_date(referral.previous_referred_on)}"
                )
            messages.success(request, done)
            return redirect("marac:referral", referral_id=referral.pk)
    return render(
        request,
        "marac/refer.html",
        {
            "title": f"Refer {case.person} to MARAC",
            "page_title": f"Refer to MARAC – Case {case.reference}",
            "case": case,
            "form": form,
            "back_url": reverse("cases:detail", args=[case.pk]),
        },
    )


# One referral --------------------------------------------------------------------------------


def _revealed(request: ConcordRequest[MaracScope], referral: MaracReferral) -> str | None:
    revealed = once.take(request, REVEALED)
    if revealed and revealed.get("referral") == str(referral.pk):
        return str(revealed["value"])
    return None


def _item_url(request: ConcordRequest[MaracScope], referral: MaracReferral) -> str:
    """The case's page at its meeting, for those who attend or coordinate the meeting."""
    item = getattr(referral, "agenda_item", None)
    if item is None or not rules.test_rule("marac.view_meeting", request.membership):
        return ""
    meeting = item.meeting
    coordinates = rules.test_rule("marac.coordinate", request.membership)
    if coordinates or meeting.agencies.filter(pk=request.membership.agency_id).exists():
        return reverse("marac:item", args=[item.pk])
    return ""


def _meeting_text(referral: MaracReferral) -> str:
    item = getattr(referral, "agenda_item", None)
    if item is None:
        return "Not yet on an agenda"
    verb = "Heard" if item.heard_at else "On the agenda"
    return f"{verb} at the meeting on {govuk_date(item.meeting.meets_on)}"


@rule_required("marac.view_referral")
@never_cache
def referral_detail(request: ConcordRequest[MaracScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.marac_referral(referral_id)
    membership = request.membership
    whole = rules.test_rule("marac.see_whole_referral", membership, referral)
    coordinates = whole and rules.test_rule("marac.coordinate", membership)
    referring = whole and referral.agency_id == membership.agency_id
    rows: list[dict[str, Any]] = []
    if whole:
        case_url = reverse("cases:detail", args=[referral.case_id]) if referring else ""
        safe_contact = _revealed(request, referral)
        rows = presenters.referral_rows(referral, safe_contact=safe_contact, case_url=case_url)
    kept_from = []
    if coordinates:
        kept_from = [str(user) for user in referral.must_not_receive_users.all()]
        kept_from += [f"All staff of {a}" for a in referral.must_not_receive_agencies.all()]
    return render(
        request,
        "marac/referral.html",
        {
            "title": f"MARAC referral of {referral.victim_name}",
            "page_title": f"MARAC referral of {govuk_date(referral.referred_on)}",
            "referral": referral,
            "summary": presenters.summary_rows(referral),
            "rows": rows,
            "meeting": _meeting_text(referral),
            "item_url": _item_url(request, referral),
            "reveal_form": SafeContactForm() if whole else None,
            "can_list": coordinates and referral.status == MaracStatus.REFERRED,
            "can_follow_up": referring and referral.status == MaracStatus.HEARD,
            "coordinates": coordinates,
            "kept_from": kept_from,
            "back_url": reverse("marac:home"),
        },
    )


@rule_required("marac.view_referral")
@never_cache
def reveal_safe_contact(request: ConcordRequest[MaracScope], referral_id: UUID) -> HttpResponse:
    """Show the victim's safe contact once, after the worker says why; audited."""
    referral = request.scope.marac_referral(referral_id)
    if not rules.test_rule("marac.see_whole_referral", request.membership, referral):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(_referral_url(referral))
    form = SafeContactForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        value = saved(form, lambda: services.reveal_safe_contact(request.user, referral, reason))
        if value is not None:
            once.keep_for_next_page(
                request, REVEALED, {"referral": str(referral.pk), "value": value}
            )
            return redirect(_referral_url(referral) + "#safe-contact")
    title = "Show the victim's safe contact"
    return form_page(request, form, title, "Show", _referral_url(referral), referral.victim_name)


def _may_be_named(referral: MaracReferral) -> tuple[Any, Any]:
    """Who can ever see the case, so who may be named: the MARAC's coordinators, every
    MARAC representative, and the referring agency's case workers; and the agencies other
    than the MARAC's host and the referring agency."""
    host = referral.area.hosted_by_id
    may_see = (
        Q(memberships__role=Role.MARAC_REPRESENTATIVE)
        | Q(memberships__role=Role.MARAC_COORDINATOR, memberships__agency=host)
        | Q(memberships__role__in=CASE_WORK_ROLES, memberships__agency=referral.agency_id)
    )
    users = (
        User.objects.filter(may_see, is_active=True, memberships__is_active=True)
        .distinct()
        .prefetch_related("memberships__agency")
    )
    agencies = Agency.objects.filter(is_active=True).exclude(pk__in=[host, referral.agency_id])
    return users, agencies


@rule_required("marac.coordinate")
def must_not_receive(request: ConcordRequest[MaracScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.coordinated_marac_referral(referral_id)
    users, agencies = _may_be_named(referral)
    initial = {
        "users": list(referral.must_not_receive_users.all()),
        "agencies": list(referral.must_not_receive_agencies.all()),
    }
    form = MustNotReceiveForm(posted(request), users=users, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data

        def save() -> MaracReferral:
            return services.set_must_not_receive(
                request.membership, referral, users=chosen["users"], agencies=chosen["agencies"]
            )

        if saved(form, save):
            messages.success(request, "Who must not receive this case is saved")
            return redirect(_referral_url(referral))
    title = "Who must not receive this case"
    return form_page(request, form, title, "Save", _referral_url(referral), referral.victim_name)


@rule_required("marac.coordinate")
def list_on_agenda(request: ConcordRequest[MaracScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.coordinated_marac_referral(referral_id)
    meetings = (
        request.scope.marac_meetings.filter(area=referral.area, meets_on__gte=timezone.localdate())
        .select_related("area")
        .order_by("meets_on")
    )
    form = AgendaForm(posted(request), meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        if saved(form, lambda: services.list_on_agenda(request.user, meeting, referral)):
            messages.success(
                request,
                f"{referral.victim_name} is on the agenda for {govuk_date(meeting.meets_on)}",
            )
            return redirect("marac:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "marac/list_on_agenda.html",
        {
            "title": f"Put {referral.victim_name} on an agenda",
            "page_title": "Put a MARAC referral on an agenda",
            "caption": referral.area.name,
            "submit": "Put on the agenda",
            "form": form,
            "has_meetings": meetings.exists(),
            "schedule_url": reverse("marac:schedule", args=[referral.area.slug]),
            "back_url": _referral_url(referral),
        },
    )


@rule_required("marac.refer")
def follow_up(request: ConcordRequest[MaracScope], referral_id: UUID) -> HttpResponse:
    referral = request.scope.referred_marac_referral(referral_id)
    form = FollowUpForm(posted(request), initial={"followed_up_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_follow_up(request.user, referral, **values)):
            messages.success(request, "The follow-up is recorded")
            return redirect(_referral_url(referral))
    title = "Follow up after the MARAC"
    return form_page(request, form, title, "Save", _referral_url(referral), referral.victim_name)
