"""The OpenAPI document names each schema by its class name: two schemas of one name in
different apps would make one silently stand for the other (a MARAC meeting described as a
board meeting), and the API's answers would break their own document."""

from __future__ import annotations

from collections import Counter

from ninja import Schema

from concord.config import api  # noqa: F401 - every router, so every schema, is imported


def _schemas(base: type) -> set[type]:
    found = set()
    for subclass in base.__subclasses__():
        found.add(subclass)
        found |= _schemas(subclass)
    return found


def test_no_two_api_schemas_share_a_name():
    ours = [
        schema
        for schema in _schemas(Schema)
        if schema.__module__.startswith("concord.")
        and ".tests." not in schema.__module__
        # a paginator's own Input (Pages.Input) becomes query parameters, not a schema
        and "." not in schema.__qualname__
    ]
    counts = Counter(schema.__name__ for schema in ours)

    assert ours
    assert [name for name, count in counts.items() if count > 1] == []
