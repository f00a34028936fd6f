import pytest
from django.test import override_settings

from concord.linkage import placeholders
from concord.linkage.placeholders import (
    DEFAULTS,
    configured,
    is_placeholder_name,
    is_placeholder_phone,
    january_spike,
    placeholder_dobs,
    shared_phones,
)


def spread(days=300, each=2):
    """Dates of birth as they fall: a few records on each of many dates."""
    return {f"19{50 + n % 40:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}": each for n in range(days)}


def test_listed_dates_are_placeholders_however_rare():
    assert placeholder_dobs({"1900-01-01": 1, "1985-03-02": 1}) == {"1900-01-01"}


def test_a_date_held_far_more_often_than_dates_are_is_a_placeholder():
    counts = spread() | {"1970-01-01": 400}
    assert placeholder_dobs(counts) == {"1970-01-01"}
    assert placeholder_dobs(spread()) == set()


def test_a_few_records_sharing_a_date_are_not_a_placeholder():
    assert placeholder_dobs({"1985-03-02": 5, "1990-07-07": 1}) == set()


def test_a_first_of_january_spike_is_found_and_chance_is_not():
    assert not january_spike(spread())
    spiked = spread() | {f"19{y}-01-01": 6 for y in range(60, 80)}
    assert january_spike(spiked)


@pytest.mark.parametrize("name", ["unknown", "not known", "baby", "unborn", "refused", "anon"])
def test_listed_names_are_placeholders(name):
    assert is_placeholder_name(name)


@pytest.mark.parametrize("name", ["unwin", "babyak", "anna", None, ""])
def test_real_names_are_not(name):
    assert not is_placeholder_name(name)


@pytest.mark.parametrize(
    "phone",
    ["07777777777", "07000000000", "00000000000", "0123456789", "01234567890", "9876543210"],
)
def test_made_up_phones_are_placeholders(phone):
    assert is_placeholder_phone(phone)


@pytest.mark.parametrize("phone", ["07700900123", "01162345678", "441162496000", "", None])
def test_real_phones_are_not(phone):
    assert not is_placeholder_phone(phone)


def test_a_number_shared_by_more_records_than_a_household_has_is_a_switchboard():
    limit = DEFAULTS.phone_max_records
    assert shared_phones({"01164960000": limit + 1, "07700900123": limit}) == {"01164960000"}


def test_the_defaults_apply_without_settings():
    assert configured() == DEFAULTS


@override_settings(CONCORD_LINKAGE_PLACEHOLDERS={"dobs": ["1911-11-11"], "phone_max_records": 3})
def test_settings_override_the_lists_and_limits():
    config = configured()
    assert config.dobs == ("1911-11-11",)
    assert config.phone_max_records == 3
    assert config.names == DEFAULTS.names
    assert placeholder_dobs({"1911-11-11": 1, "1900-01-01": 1}, config) == {"1911-11-11"}


def test_an_unknown_setting_is_refused():
    with pytest.raises(ValueError, match="Unknown placeholder settings"):
        DEFAULTS.with_overrides({"dobbs": ["1900-01-01"]})


def test_the_kinds_are_the_ones_runs_record():
    kinds = {placeholders.DOB, placeholders.DOB_01_01, placeholders.NAME, placeholders.PHONE}
    assert kinds == {"dob", "dob_01_01", "name", "phone"}
