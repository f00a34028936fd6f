"""What the API's routers share: the base of what clients send (Input: values of the JSON
type the schema names), inputs that take one of a vocabulary's codes (choice: an enum), a
vocabulary's codes in a description, and a service's field names told as the names the
API's body uses."""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import GetCoreSchemaHandler, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError, core_schema

# What a value of each type must arrive as in JSON, and what to say when it does not.
JSON_TYPES: dict[type, tuple[type | tuple[type, ...], str]] = {
    bool: (bool, "Input should be true or false"),
    int: ((int, float), "Input should be a whole number"),
    date: (str, "Input should be a date written as text, like 2024-04-01"),
    datetime: (str, "Input should be a date and time written as text"),
    UUID: (str, "Input should be an identifier written as text"),
}


def one_of(vocabulary: Iterable[tuple[str, str]]) -> str:
    """The codes a field takes, for its description in the OpenAPI document."""
    return "One of: " + ", ".join(code for code, _ in vocabulary)


@dataclass(frozen=True)
class OneOf:
    """Pydantic metadata: the value is one of these codes. The OpenAPI document lists them
    as an enum, and any other value is a 422 that names them."""

    codes: tuple[str, ...]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.literal_schema(list(self.codes))


def choice(vocabulary: Iterable[tuple[str, str]], *, blank: bool = False) -> OneOf:
    """One of a vocabulary's codes (a TextChoices' ``choices`` or a list of code and label);
    with ``blank``, "" too, for "none" or "not asked". Use as ``Annotated[str, choice(…)]``."""
    codes = tuple(str(code) for code, _ in vocabulary)
    return OneOf(("", *codes) if blank and "" not in codes else codes)


class Input(Schema):
    """What a client sends: a JSON object whose values have the JSON types the OpenAPI
    document gives them. Pydantic alone would take 0 for false, a number of seconds for a
    date, and a list for an object whose fields all have defaults."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        # Ninja has wrapped what was sent for reading by attribute by now.
        sent = value._obj if isinstance(value, DjangoGetter) else value
        if sent is None or isinstance(sent, (list, tuple, str, int, float)):
            raise PydanticCustomError("json_type", "Input should be an object")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _of_its_json_type(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or info.field_name is None:
            return value
        kind = _scalar(cls.model_fields[info.field_name].annotation)
        if kind not in JSON_TYPES or (isinstance(value, kind) and type(value) is not bool):
            return value
        json_type, message = JSON_TYPES[kind]
        if not isinstance(value, json_type) or (kind is int and isinstance(value, bool)):
            raise PydanticCustomError("json_type", message)
        return value


def _scalar(annotation: Any) -> Any:
    """``int | None`` -> int; anything else as it is."""
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        return kept[0] if len(kept) == 1 else annotation
    return annotation


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
