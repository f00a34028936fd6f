"""The REST API at /api/v1/: per-user bearer tokens, the same scope and roles as the pages."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled, ValidationError
from ninja.security import HttpBearer

from concord.accommodation.api import accommodation_router
from concord.accommodation.api import router as housing_router
from concord.accounts import token_rejections
from concord.accounts.api import router as accounts_router
from concord.accounts.http import ConcordRequest
from concord.accounts.models import ApiToken, Membership, hash_token
from concord.accounts.scope import scope_for
from concord.board.api import router as board_router
from concord.cases.api import router as cases_router
from concord.commissioning.api import router as commissioning_router
from concord.commissioning.api_funding import router as funding_router
from concord.core import tracebacks
from concord.dhr.api import router as dhr_router
from concord.helpline.api import router as helpline_router
from concord.inbox.api import router as inbox_router
from concord.indicators.api import router as indicators_router
from concord.marac.api import router as marac_router
from concord.outcomes.api import router as outcomes_router
from concord.people.api import router as people_router
from concord.programmes.api import family_router, programme_router
from concord.referrals.api import router as referrals_router
from concord.risk.api import router as risk_router
from concord.strategy.api import router as strategy_router
from concord.submissions.api import router as submissions_router
from concord.training.api import router as training_router
from concord.voice.api import router as complaints_router

# How precisely a token's last use is kept: to the minute, not a write on every call.
LAST_USED_PRECISION = timedelta(minutes=1)

logger = logging.getLogger(__name__)

# Parts of a validation error's location that name where a value came from, not a field.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "payload"}


class TokenAuth(HttpBearer):
    """Authorization: Bearer <token>. The token acts in the membership it was made in. Bad
    tokens are counted per client address, not audited one by one (token_rejections)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        token_rejections.refuse_if_over_limit(request)
        api_token = (
            ApiToken.objects.usable()
            .filter(
                key_hash=hash_token(token),
                user__is_active=True,
                membership__in=Membership.objects.active(),
            )
            .select_related("user", "membership__agency")
            .first()
        )
        if api_token is None:
            token_rejections.note_rejection(request)
            return None
        _note_use(api_token)
        concord_request = cast(ConcordRequest, request)
        concord_request.user = api_token.user
        concord_request.membership = api_token.membership
        concord_request.scope = scope_for(api_token.user, api_token.membership)
        return api_token


def _note_use(api_token: ApiToken) -> None:
    """Keep when the token was last used, at most once a minute: writing it on every call
    would queue each call behind the database's write lock."""
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


api = NinjaAPI(
    title="Concord API",
    version="1",
    description="Case records, risk and partnership data for domestic abuse partnerships. "
    "Every call needs a personal API token (create one under 'API tokens' when signed in).",
    auth=TokenAuth(),
    docs_url=None,
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/people", people_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", housing_router)
api.add_router("/accommodation", accommodation_router)
api.add_router("/cases", family_router)
api.add_router("/cases", programme_router)
api.add_router("/", referrals_router)
api.add_router("/", risk_router)
api.add_router("/training-sessions", training_router)
api.add_router("/", marac_router)
api.add_router("/", indicators_router)
api.add_router("/helpline-calls", helpline_router)
api.add_router("/complaints", complaints_router)
api.add_router("/", commissioning_router)
api.add_router("/submissions", submissions_router)
api.add_router("/board", board_router)
api.add_router("/funding", funding_router)
api.add_router("/homicide-reviews", dhr_router)
api.add_router("/strategy", strategy_router)
api.add_router("/online-referrals", inbox_router)
api.add_router("/cases", outcomes_router)


def _error(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "Your role does not allow this.")


@api.exception_handler(DjangoValidationError)
def rule_broken(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A domain rule a service enforces (dates in order, lifecycle, codes): 422 with the
    field the message is about, or "body" when it is about the whole request."""
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": field if field != "__all__" else "body", "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        fields = [{"field": "body", "message": message} for message in exc.messages]
    return _error(request, 422, fields)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Send a valid API token: 'Authorization: Bearer <token>'.")


@api.exception_handler(Throttled)
def too_many_bad_tokens(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, "Too many bad API tokens from this address; try later.")
    response["Retry-After"] = str(exc.wait or 60)
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [
        {"field": _field_name(error.get("loc", ())), "message": error.get("msg", "Invalid value")}
        for error in exc.errors
    ]
    return _error(request, 422, fields)


@api.exception_handler(MultiPartParserError)
def unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(request, 400, "Cannot parse request body")


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unforeseen: 500 in JSON, as every other answer of the API. The log gets the
    error's type and frames, never its message, which could quote what was sent."""
    view = getattr(request.resolver_match, "view_name", "api")
    logger.error("api.server_error view=%s\n%s", view, tracebacks.describe(exc))
    return _error(request, 500, "Sorry, there is a problem with the service. Try again later.")


def _field_name(location: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'payload', 'date_of_birth') -> 'date_of_birth'; ('path', 'id') -> 'id'."""
    parts = [str(part) for part in location if part not in SOURCES]
    return ".".join(parts) or "body"


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Unknown paths under /api/ answer in JSON, like the rest of the API."""
    return JsonResponse({"detail": "Not found."}, status=404)
