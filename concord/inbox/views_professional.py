"""The professionals' referral form (public, issue 18) and the download of a referral's
files by the help point's workers. The form's page is kept by no browser or proxy; the
referrer is told the referral's reference and nothing else, on the answer to the form
itself, so that nothing of it is ever in a URL or a cookie."""

from __future__ import annotations

import logging
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from concord.accounts.http import ConcordRequest
from concord.core import filetypes
from concord.core.decorators import rule_required
from concord.core.forms import saved
from concord.core.public_pages import public_page
from concord.inbox import abuse, professional, services
from concord.inbox.forms_professional import ProfessionalReferralForm
from concord.inbox.scope import InboxScope

logger = logging.getLogger(__name__)

TITLE = "Refer someone for support"
# Why a form was refused: its status, what the page says, and what to do.
REFUSALS = {
    "too_large": (
        413,
        "The form and its files are larger than we can take.",
        "Attach fewer or smaller files and send the form again.",
    ),
    "flood": (
        429,
        "Too many forms have been sent from this connection.",
        "Try again in an hour, or contact the service by phone.",
    ),
    "honeypot": (400, "We could not send this form.", "Contact the service by phone."),
}


def _refused(request: HttpRequest, why: str) -> HttpResponse:
    status, message, advice = REFUSALS[why]
    logger.info("Professional referral refused: %s", why)
    return render(
        request,
        "inbox/professional_refused.html",
        {"title": TITLE, "message": message, "advice": advice},
        status=status,
    )


@public_page
def refer(request: HttpRequest) -> HttpResponse:
    """The form; once sent, the reference of the referral kept in the help point's inbox."""
    service = services.receiving_help_point()
    if service is None:
        return render(request, "inbox/professional_unavailable.html", {"title": TITLE}, status=503)
    if request.method == "POST":
        if abuse.too_large(request, professional.request_limit()):
            return _refused(request, "too_large")
        if abuse.is_flood(request):
            return _refused(request, "flood")
        if abuse.honeypot_filled(request):
            return _refused(request, "honeypot")
    instrument = professional.checklist(service)
    form = ProfessionalReferralForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instrument=instrument,
    )
    if form.is_valid():
        referral = saved(
            form,
            lambda: professional.submit_referral(
                service, form.details(), form.risk_checklist(), form.uploads()
            ),
        )
        if referral is not None:
            return render(
                request,
                "inbox/professional_sent.html",
                {"title": "Referral sent", "reference": referral.reference},
            )
    return render(
        request,
        "inbox/professional_form.html",
        {
            "title": TITLE,
            "form": form,
            "honeypot": abuse.HONEYPOT,
            "attachments_allowed": professional.attachments_allowed(),
        },
    )


@rule_required("inbox.view")
def download_file(request: ConcordRequest[InboxScope], file_id: UUID) -> FileResponse:
    """A file a professional attached, for the help point's workers: audited, as an
    attachment, never kept by the browser."""
    scope = request.scope.narrowed_to(InboxScope)
    file = scope.referral_file(file_id)
    try:
        stored = professional.open_file(request.user, file)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=professional.download_name(file),
        content_type=filetypes.KINDS[file.kind][2],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
