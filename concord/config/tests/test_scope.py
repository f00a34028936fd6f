"""request.scope joins every app's scope class (ADR 0011)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from concord.accounts.scope import MembershipScope
from concord.config.scope import Scope
from concord.marac.scope import MaracScope
from concord.people.scope import PeopleScope

CONCORD = Path(__file__).resolve().parents[2]


def _app_scope_classes() -> Iterator[type[MembershipScope]]:
    for path in sorted(CONCORD.glob("*/scope.py")):
        module = importlib.import_module(f"concord.{path.parent.name}.scope")
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, MembershipScope)
                and value.__module__ == module.__name__
            ):
                yield value


def test_every_app_scope_class_is_part_of_request_scope():
    classes = list(_app_scope_classes())

    assert len(classes) >= 9
    assert [cls for cls in classes if not issubclass(Scope, cls)] == []


def test_no_two_scope_classes_define_the_same_name():
    owners: dict[str, list[str]] = {}
    for cls in _app_scope_classes():
        for name in vars(cls):
            if not name.startswith("__"):
                owners.setdefault(name, []).append(cls.__qualname__)

    assert {name: found for name, found in owners.items() if len(found) > 1} == {}


@pytest.mark.django_db
def test_a_scope_narrows_only_to_a_class_it_is(idva):
    scope = Scope(idva.user, idva)

    assert scope.narrowed_to(MaracScope) is scope
    with pytest.raises(TypeError):
        PeopleScope(idva.user, idva).narrowed_to(MaracScope)
