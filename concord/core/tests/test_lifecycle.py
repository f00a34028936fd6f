"""The transition table every lifecycle shares: what it allows and how it words a refusal."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pytest

from concord.core.lifecycle import IllegalTransition, Lifecycle, Status


class Light(Status):
    RED = "red"
    RED_AND_AMBER = "red_and_amber"
    GREEN = "green"
    OUT_OF_ORDER = "out_of_order"


TABLE: Mapping[Light, frozenset[Light]] = MappingProxyType(
    {
        Light.RED: frozenset({Light.RED_AND_AMBER, Light.OUT_OF_ORDER}),
        Light.RED_AND_AMBER: frozenset({Light.GREEN, Light.OUT_OF_ORDER}),
        Light.GREEN: frozenset({Light.RED}),
        Light.OUT_OF_ORDER: frozenset(),
    }
)


def lights(*, final_is_already: bool = False) -> Lifecycle[Light]:
    return Lifecycle(
        Light,
        TABLE,
        already="The light is already {current}",
        cannot="A light that is {current} cannot turn {target}",
        final_is_already=final_is_already,
    )


def test_a_status_is_labelled_from_its_value():
    assert Light.RED_AND_AMBER.label == "Red and amber"


def test_a_move_in_the_table_is_allowed_from_a_status_or_its_stored_value():
    lights().check(Light.RED, Light.RED_AND_AMBER)
    lights().check("green", "red")


def test_a_move_outside_the_table_is_refused_in_the_lifecycles_words():
    with pytest.raises(
        IllegalTransition, match=r"^A light that is red cannot turn green$"
    ) as raised:
        lights().check("red", "green")

    assert (raised.value.current, raised.value.target) == (Light.RED, Light.GREEN)
    assert issubclass(IllegalTransition, ValueError)


def test_a_move_to_the_status_it_has_is_already_done():
    with pytest.raises(IllegalTransition, match=r"^The light is already red and amber$"):
        lights().check("red_and_amber", "red_and_amber")


def test_a_final_status_is_already_done_only_when_the_lifecycle_says_so():
    with pytest.raises(IllegalTransition, match=r"^A light that is out of order cannot turn red$"):
        lights().check("out_of_order", "red")
    with pytest.raises(IllegalTransition, match=r"^The light is already out of order$"):
        lights(final_is_already=True).check("out_of_order", "red")


def test_the_moves_allowed_next_keep_the_order_the_statuses_are_declared_in():
    assert lights().allowed_next("red") == [Light.RED_AND_AMBER, Light.OUT_OF_ORDER]
    assert lights().allowed_next(Light.OUT_OF_ORDER) == []
    assert lights().is_final("out_of_order")
    assert not lights().is_final("green")


def test_an_unknown_status_raises_value_error():
    with pytest.raises(ValueError, match="'blue' is not a valid Light"):
        lights().check("blue", "red")


def test_a_table_without_a_row_for_every_status_cannot_be_built():
    with pytest.raises(ValueError, match="The Light table needs a row for every status"):
        Lifecycle(
            Light,
            {Light.RED: frozenset()},
            already="The light is already {current}",
            cannot="A light that is {current} cannot turn {target}",
        )
