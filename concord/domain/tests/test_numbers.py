from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.domain.numbers import number_text, percentage_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("20"), "20"),
        (Decimal("20.00"), "20"),
        (Decimal("2E+1"), "20"),
        (Decimal("100"), "100"),
        (Decimal("12.50"), "12.5"),
        (Decimal("1250000"), "1,250,000"),
        (Decimal("0.05"), "0.05"),
        (7, "7"),
        (None, ""),
    ],
)
def test_numbers_are_written_as_readers_write_them(value, text):
    assert number_text(value) == text


def test_a_percentage_carries_its_sign_and_nothing_for_none():
    assert percentage_text(Decimal("1E+2")) == "100%"
    assert percentage_text(None) == ""


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_no_number_is_ever_in_scientific_notation(value):
    text = number_text(value.normalize())
    assert "E" not in text
    assert Decimal(text.replace(",", "")) == value
