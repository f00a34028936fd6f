"""The API's error answers, declared once: every operation's OpenAPI entry lists the errors
it can answer, with the JSON shape concord.config.api's handlers send, so that a client (or
a fuzzer) never meets a status the contract does not name.

Which errors an operation can answer follows from what it is: 401 and 429 from the token
check every call passes; 403 from a role check, unless the operation is open to every role;
404 when it names a record, by its path or by an identifier it is sent; 422 when it takes
any input at all; 400 when it reads a body, which may not parse. Lists page with bounded
limit and offset (Pages), so that a number past them is one of those 422s."""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import Field

View = TypeVar("View", bound=Callable[..., Any])

# Pages of a list: far beyond any partnership's records, well within a database integer.
MAX_OFFSET = 10_000_000
PATH_PARAMETER = re.compile(r"{[^}]+}")
OPEN_TO_EVERY_ROLE = "_concord_open_to_every_role"
NAMES_A_RECORD = "_concord_names_a_record"


class Problem(Schema):
    """Why the request was refused, in a sentence for people."""

    detail: str


class FieldProblem(Schema):
    field: str = Field(description="The input named, dotted when nested; 'body' for all of it")
    message: str


class Invalid(Schema):
    """The inputs that were not accepted, each with what is wrong."""

    detail: list[FieldProblem]


class Pages(LimitOffsetPagination):
    """limit and offset, both bounded: a number past them is a 422, never a database error."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="How many items, at most 200")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip")


def open_to_every_role(view: View) -> View:
    """Mark an operation that any role may call: it never answers 403."""
    setattr(view, OPEN_TO_EVERY_ROLE, True)
    return view


def names_a_record(view: View) -> View:
    """Mark an operation without a path parameter that still looks a record up by an
    identifier it is sent (in its body or query): it may answer 404."""
    setattr(view, NAMES_A_RECORD, True)
    return view


def errors_of(path: str, methods: list[str], view: Callable[..., Any]) -> dict[int, type]:
    """The error answers an operation can give, each with its JSON shape."""
    errors: dict[int, type] = {
        401: Problem,
        429: Problem,
    }
    if not getattr(view, OPEN_TO_EVERY_ROLE, False):
        errors[403] = Problem
    if PATH_PARAMETER.search(path) or getattr(view, NAMES_A_RECORD, False):
        errors[404] = Problem
    if _takes_input(view):
        errors[422] = Invalid
        if set(methods) - {"GET"}:
            errors[400] = Problem
    return errors


def _takes_input(view: Callable[..., Any]) -> bool:
    # A paginated list takes limit and offset through what @paginate contributes.
    if hasattr(view, "_ninja_contribute_args"):
        return True
    parameters = inspect.signature(view).parameters
    return any(name != "request" for name in parameters)


def _declared(response: Any) -> dict[Any, Any]:
    if isinstance(response, dict):
        return dict(response)
    return {200: response}


def _annotations_resolved(view: Callable[..., Any]) -> None:
    """Resolve a decorated view's annotations in its own module. Ninja reads a view's
    parameters through its decorators (@paginate) but would look their names up in the
    decorator's module, where an alias such as a query's choices is not defined."""
    inner = inspect.unwrap(view)
    if inner is not view:
        inner.__annotations__ = typing.get_type_hints(inner, include_extras=True)


class ApiRouter(Router):
    """A router whose operations declare their error answers (errors_of) beside their own."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any
    ) -> None:
        _annotations_resolved(view_func)
        if "response" in kwargs:
            kwargs["response"] = errors_of(path, methods, view_func) | _declared(kwargs["response"])
        super().add_api_operation(path, methods, view_func, **kwargs)
