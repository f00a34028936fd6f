"""What the page's script asks the server about the idle timeout and form drafts. The server
decides when a session ends: the script only asks how long is left, and warns."""

from __future__ import annotations

import json
import math
from typing import Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from concord.core import audit, drafts
from concord.core.middleware import idle_seconds_left, note_activity
from concord.core.paths import safe_path
from concord.core.presenters import govuk_datetime

MAX_DRAFT_BYTES = 400_000


def _time_left(request: HttpRequest) -> JsonResponse:
    # Rounded up: 0 only once the time is up, when the next request signs the session out.
    return JsonResponse({"secondsLeft": max(0, math.ceil(idle_seconds_left(request)))})


@never_cache
@require_safe
def session_status(request: HttpRequest) -> JsonResponse:
    """How long is left before the idle sign-out. The script asks with the poll header, so
    asking is not activity."""
    return _time_left(request)


@never_cache
@require_POST
def stay_signed_in(request: HttpRequest) -> JsonResponse:
    """The timeout warning's "Stay signed in": the idle time starts again."""
    note_activity(request)
    audit.record("auth.session_extended", actor=cast(AbstractBaseUser, request.user))
    return _time_left(request)


@never_cache
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest) -> HttpResponse:
    """GET ?path=: the user's draft of the form at that path (204 when there is none);
    POST a JSON body {"path": ..., "fields": {name: [values]}}: keep it."""
    membership: Any = getattr(request, "membership", None)
    if request.method == "POST":
        return _save(request, membership)
    path = safe_path(request.GET.get("path", ""))
    restored = drafts.restore_draft(request.user, membership, path) if path else None
    if restored is None:
        return HttpResponse(status=204)
    return JsonResponse({"fields": restored.fields, "savedAt": govuk_datetime(restored.saved_at)})


def _save(request: HttpRequest, membership: Any) -> HttpResponse:
    if len(request.body) > MAX_DRAFT_BYTES:
        return JsonResponse({"error": "The draft is too long"}, status=413)
    try:
        sent = json.loads(request.body)
        drafts.save_draft(request.user, membership, sent.get("path", ""), sent.get("fields"))
    except (ValueError, AttributeError):
        return JsonResponse({"error": "Send the draft as JSON"}, status=400)
    except ValidationError as problem:
        return JsonResponse({"error": " ".join(problem.messages)}, status=400)
    return HttpResponse(status=204)
