"""What the API's routers share: codes documented from a vocabulary, a service's field
names told as the names the API's body uses, and the shapes of its error answers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from ninja import Schema


def one_of(vocabulary: Iterable[tuple[str, str]]) -> str:
    """The codes a field takes, for its description in the OpenAPI document."""
    return "One of: " + ", ".join(code for code, _ in vocabulary)


@contextmanager
def fields_named(names: Mapping[str, str]) -> Iterator[None]:
    """Re-raise a service's ValidationError with its fields renamed as the API's body names
    them (``{"consent": "consent_id"}``), so that a 422 points at what the client sent."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): problems for field, problems in error.error_dict.items()}
        ) from None


class ErrorOut(Schema):
    """The API's answer to a refused call (concord.config.api): what went wrong, in words."""

    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    """The API's answer to bad input (422): each field sent and what is wrong with it."""

    detail: list[FieldErrorOut]
