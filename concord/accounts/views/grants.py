"""Role requests: a role that sees case records is asked for by one administrator and
approved or refused by a second person (another administrator or the agency's service
manager). Everyone who may decide sees the list; the person asked for is told at home."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from concord.accounts import services
from concord.accounts.forms import GrantDecisionForm
from concord.accounts.grants import GrantStatus
from concord.accounts.http import ConcordRequest
from concord.accounts.models import RoleGrant
from concord.accounts.presenters import grant_rows, grant_summary
from concord.core.decorators import rule_required
from concord.core.forms import posted

DECISIONS = {"approve": services.approve_role_grant, "refuse": services.refuse_role_grant}


@rule_required("accounts.review_role_grants")
def grants(request: ConcordRequest) -> HttpResponse:
    seen = (
        RoleGrant.objects.reviewed_by(request.membership)
        .select_related("user", "agency", "requested_by")
        .order_by("-created_at")
    )
    pending = [grant for grant in seen if grant.status == GrantStatus.PENDING]
    decided = [grant for grant in seen if grant.status != GrantStatus.PENDING]
    return render(
        request,
        "accounts/grants.html",
        {
            "title": "Role requests",
            "pending_rows": grant_rows(pending),
            "decided_rows": grant_rows(decided),
        },
    )


@rule_required("accounts.review_role_grants")
@never_cache
def grant_detail(request: ConcordRequest, grant_id: UUID) -> HttpResponse:
    grant = get_object_or_404(
        RoleGrant.objects.reviewed_by(request.membership).select_related(
            "user", "agency", "team", "requested_by", "decided_by"
        ),
        pk=grant_id,
    )
    form = GrantDecisionForm(posted(request))
    if request.method == "POST":
        if not services.may_decide_grant(request.membership, grant):
            raise PermissionDenied
        if form.is_valid():
            try:
                decided = DECISIONS[form.cleaned_data["decision"]](request.membership, grant)
            except ValidationError as refusal:
                form.add_error(None, refusal.messages)
            else:
                messages.success(
                    request,
                    f"{decided.user.full_name}'s request for {decided.role_label} is "
                    f"{decided.status_label.lower()}",
                )
                return redirect("accounts:grants")
    return render(
        request,
        "accounts/grant.html",
        {
            "title": f"{grant.role_label} for {grant.user.full_name}",
            "grant": grant,
            "services_text": ", ".join(s.name for s in grant.services.all()) or "All services",
            **grant_summary(grant),
            "pending": grant.status == GrantStatus.PENDING,
            "may_decide": grant.status == GrantStatus.PENDING
            and services.may_decide_grant(request.membership, grant),
            "form": form,
        },
    )
