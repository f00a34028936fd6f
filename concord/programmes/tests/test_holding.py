"""The programme records and children a subject access export shows, the children's names
marked as someone else's."""

from __future__ import annotations

import pytest

from concord.programmes import holding
from concord.programmes.tests.factories import CaseChildFactory

pytestmark = pytest.mark.django_db


def test_a_child_on_the_case_is_held_about_the_parent_as_a_third_party(person_a):
    child = CaseChildFactory(case__person=person_a, case__agency=person_a.agency)

    held = [record for record in holding.held_about(person_a) if record.kind == "Child on the case"]

    assert len(held) == 1
    named = next(item for item in held[0].fields if item.label == "Child")
    assert (named.value, named.third_party) == (str(child.person), True)


def test_the_child_sees_the_case_they_are_supported_on_without_the_parent(person_a):
    child = CaseChildFactory(case__person=person_a, case__agency=person_a.agency)

    held = list(holding.held_about(child.person))

    assert [record.kind for record in held] == ["Supported as a child"]
    assert "Sarah" not in str(held)
