import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.domain.quartiles import quartiles


def test_the_median_of_an_even_count_lies_between_the_middle_two():
    found = quartiles({10: 1, 20: 1, 30: 1, 40: 1})

    assert found is not None
    assert (found.count, found.median) == (4, 25)
    assert (found.lower, found.upper) == (Fraction(35, 2), Fraction(65, 2))


def test_nothing_counted_has_no_quartiles():
    assert quartiles({}) is None
    assert quartiles({5: 0}) is None


def test_a_count_below_zero_is_refused():
    with pytest.raises(ValueError, match="below 0"):
        quartiles({5: -1})


@given(st.dictionaries(st.integers(0, 400), st.integers(0, 6), max_size=12))
def test_the_quartiles_are_those_of_the_values_written_out(counts):
    values = [value for value, number in counts.items() for _ in range(number)]
    found = quartiles(counts)
    if len(values) < 2:
        assert found is None if not values else found.median == values[0]
        return
    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    assert found is not None
    assert (float(found.lower), float(found.median), float(found.upper)) == pytest.approx(
        (lower, median, upper)
    )
