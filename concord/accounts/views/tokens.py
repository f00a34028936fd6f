"""A user's own API tokens: create (the key is shown once), list and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from concord.accounts import services
from concord.accounts.forms import ApiTokenForm
from concord.accounts.http import ConcordRequest
from concord.core import once
from concord.core.forms import posted


@never_cache
def tokens(request: ConcordRequest) -> HttpResponse:
    form = ApiTokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        issued = services.create_api_token(
            request.user, request.membership, name=form.cleaned_data["name"]
        )
        once.keep_for_next_page(request, "api_token", issued.key)
        return redirect("accounts:tokens")
    user_tokens = request.user.api_tokens.select_related("membership__agency")
    context = {
        "title": "API tokens",
        "form": form,
        "new_key": once.take(request, "api_token"),
        "tokens": user_tokens,
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
def revoke_token(request: ConcordRequest, token_id: str) -> HttpResponse:
    token = get_object_or_404(
        request.user.api_tokens.filter(revoked_at__isnull=True),
        pk=token_id,
    )
    services.revoke_api_token(request.user, token)
    messages.success(request, f"Token ‘{token.name}’ is revoked. It can no longer be used")
    return redirect("accounts:tokens")
