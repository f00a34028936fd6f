"""Forms that do their work once, however often they are sent.

A response can be lost after the work is done (the server stopped, the connection
dropped); the user sees an error and sends the form again, and a second contact is
recorded. So every form carries a one-time token, made when the form is rendered, and a
signed-in user's form that carries one is handled once: its first answer, when that is a
redirect, is kept, and the same form sent again gets the same redirect without the view
running again.

Forms without a token (Django's admin, the test client, API calls) work as before.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.html import format_html

from concord.core.models import FormSubmission

logger = logging.getLogger(__name__)

FORM_TOKEN = "concord_form_token"  # noqa: S105 - the name of a form field
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
API_PREFIX = "/api/"
SENT_BEFORE = (
    "You had already sent this form, so it was not saved again. "
    "To add something new, open the form again."
)
# Exceptions Django turns into a page (404, 403): what the view wrote before raising one,
# such as the audit event of a read, stands, as it did before forms were handled once.
ANSWERS = (Http404, PermissionDenied)


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


class FormInputs:
    """What ``{{ csrf_input }}`` renders inside a form: Django's CSRF input and a fresh
    one-time token. Fresh each time it is rendered, so two forms on one page never share
    a token."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def __html__(self) -> str:
        token_input = format_html(
            '<input type="hidden" name="{}" value="{}">', FORM_TOKEN, new_form_token()
        )
        return csrf_input(self.request) + token_input

    __str__ = __html__


def form_inputs(request: HttpRequest) -> dict[str, Any]:
    """Context processor. Every form template already renders ``{{ csrf_input }}`` (which
    Django's Jinja2 backend sets before it runs the context processors), so replacing it
    gives every form, present and future, its token without a change to any template."""
    return {"csrf_input": FormInputs(request)}


class FormSubmissionMiddleware:
    """Handles a signed-in user's form that carries a token once (see the module's
    docstring). It calls the view itself, inside one transaction, so it must come last in
    MIDDLEWARE: no other middleware's ``process_view`` runs after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        token = _posted_token(request)
        if token is None:
            return None
        return submit_once(request, token, lambda: view(request, *args, **kwargs))


def _posted_token(request: HttpRequest) -> str | None:
    if request.method != "POST" or request.path.startswith(API_PREFIX):
        return None
    if not request.user.is_authenticated:
        return None
    token = request.POST.get(FORM_TOKEN, "")
    return token if TOKEN_PATTERN.fullmatch(token) else None


def submit_once(request: HttpRequest, token: str, view: Callable[[], HttpResponse]) -> HttpResponse:
    """Run the view unless the signed-in user's token was used; keep its answer when it
    redirects.

    The token is claimed first, in the transaction the view then runs in: a second request
    with the same token waits on the claim (a unique constraint) until the first commits,
    then finds the token used and repeats the first answer, never running the view at the
    same time (no second upload kept, no second task queued). An answer that is not a
    redirect (form errors, search results) gives the token back, keeping the view's other
    writes; an error rolls everything back."""
    user = request.user.pk
    assert user is not None  # only signed-in users' forms come here (_posted_token)
    answer: Exception | None = None
    with transaction.atomic():
        if not _claim(user, token):
            return _repeat(request, user, token)
        try:
            response: HttpResponse | None = view()
        except ANSWERS as error:
            answer, response = error, None
        _settle(user, token, response)
    if answer is not None:
        raise answer
    assert response is not None  # set when no answer was raised
    return response


def _claim(user: UUID, token: str) -> bool:
    try:
        with transaction.atomic():
            FormSubmission.objects.create(user_id=user, token=token, sent_at=timezone.now())
    except IntegrityError:
        return False
    return True


def _settle(user: UUID, token: str, response: HttpResponse | None) -> None:
    claimed = FormSubmission.objects.filter(user_id=user, token=token)
    location = _redirect_location(response)
    if location:
        claimed.update(location=location)
    else:
        claimed.delete()


def _redirect_location(response: HttpResponse | None) -> str:
    if response is None or not 300 <= response.status_code < 400:
        return ""
    location = str(response.get("Location", ""))
    return location if len(location) <= FormSubmission.LOCATION_MAX_LENGTH else ""


def _repeat(request: HttpRequest, user: UUID, token: str) -> HttpResponse:
    """The first answer again, as a 303 (see other): the browser fetches it with GET. The
    message tells someone who went back to the form and sent it again why nothing changed."""
    earlier = FormSubmission.objects.filter(user_id=user, token=token).first()
    logger.info("A form was sent again; its first answer is repeated")
    messages.info(request, SENT_BEFORE, fail_silently=True)
    location = earlier.location if earlier is not None and earlier.location else "/"
    return HttpResponseRedirect(location, status=303)


def forget_old_form_submissions(older_than: timedelta = timedelta(days=2)) -> int:
    """Delete the kept answers of forms sent longer ago than ``older_than``; returns how
    many. The background worker calls this periodically (daily is enough): a form sent
    again after that long is treated as new."""
    cutoff = timezone.now() - older_than
    deleted, _ = FormSubmission.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
