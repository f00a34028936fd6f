"""A user's own API tokens: create (the key is shown once), list and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from concord.accounts import services
from concord.accounts.forms import ApiTokenForm


@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = services.create_api_token(
            request.user,  # type: ignore[arg-type]
            request.membership,  # type: ignore[attr-defined]
            name=form.cleaned_data["name"],
        )
        form = ApiTokenForm()
    user_tokens = request.user.api_tokens.select_related("membership__agency")  # type: ignore[union-attr]
    return render(
        request,
        "accounts/tokens.html",
        {"title": "API tokens", "form": form, "issued": issued, "tokens": user_tokens},
    )


@require_POST
def revoke_token(request: HttpRequest, token_id: str) -> HttpResponse:
    token = get_object_or_404(
        request.user.api_tokens.filter(revoked_at__isnull=True),  # type: ignore[union-attr]
        pk=token_id,
    )
    services.revoke_api_token(request.user, token)  # type: ignore[arg-type]
    messages.success(request, f"Token ‘{token.name}’ is revoked. It can no longer be used")
    return redirect("accounts:tokens")
