"""The public self-referral form (DOMAIN §17), for a person who may be watched: one page,
no account, no session or messages (the CSRF cookie is the only one), nothing typed shown
again after sending. Abuse controls: a size limit on the request, a rate limit per client
address on every post, and a honeypot field (ADR 0031)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from concord.core.forms import saved
from concord.core.public_pages import public_page
from concord.inbox import abuse, services
from concord.inbox.forms import SelfReferralForm

#: The largest form post accepted, in bytes: every field at its limit fits well inside.
MAX_BODY_BYTES = 32 * 1024


def _refused(request: HttpRequest, status: int, title: str) -> HttpResponse:
    """The form is not sent, and the page says to call instead; nothing typed is shown."""
    return render(request, "inbox/self_refused.html", {"title": title}, status=status)


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def self_referral(request: HttpRequest) -> HttpResponse:
    service = services.receiving_help_point()
    if service is None:
        return render(request, "inbox/self_unavailable.html", {"title": "Get support"})
    form = SelfReferralForm()
    if request.method == "POST":
        if abuse.too_large(request, MAX_BODY_BYTES):
            return _refused(request, 413, "Your form is too long to send")
        if abuse.is_flood(request):
            return _refused(request, 429, "Your form could not be sent")
        if abuse.honeypot_filled(request):
            return _refused(request, 400, "Your form could not be sent")
        form = SelfReferralForm(request.POST)
        if form.is_valid():
            values = form.service_values()
            if saved(form, lambda: services.receive_self_referral(service, **values)):
                return redirect("self_referral:sent")
    context = {"title": "Ask us to contact you", "form": form, "service": service}
    return render(request, "inbox/self_form.html", context)


@public_page
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    """Said to anyone who opens it: nothing of what was sent, nor whether anything was."""
    return render(request, "inbox/self_sent.html", {"title": "Your request has been sent"})
