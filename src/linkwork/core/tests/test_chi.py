"""CHI numbers against the worked examples in the project's CHI reference (chi.md),
which were cross-checked with Public Health Scotland's phsmethods fixtures."""

import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from linkwork.core.chi import (
    birth_date_mismatch,
    check_chi,
    generate_chi,
    mod10_check_digit,
    mod11_check_digit,
    validate_chi,
)


@pytest.mark.parametrize(
    ("chi", "check", "sex"),
    [
        ("1507824130", "mod11", "male"),
        ("3101990025", "mod11", "female"),
        ("2503126782", "mod11", "female"),
        ("0711495564", "mod11", "female"),
        ("2811043381", "mod11", "female"),
        ("1904851231", "mod11", "male"),
        ("0101201234", "mod10", "male"),
        ("1212121212", "mod10", "male"),
    ],
)
def test_valid_chis(chi, check, sex):
    result = check_chi(chi)
    assert result.is_valid
    assert result.check == check
    assert result.sex == sex


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("1507824131", "invalid_checksum"),
        ("0101201233", "invalid_checksum"),
        ("3201201234", "invalid_date"),
        ("2902191230", "invalid_date"),
        ("123456789", "too_short"),
        ("12345678901", "too_long"),
        ("010120123?", "invalid_characters"),
        ("", "missing"),
        (None, "missing"),
    ],
)
def test_invalid_chis_say_why(value, result):
    checked = check_chi(value)
    assert not checked.is_valid
    assert checked.result == result
    assert checked.message


def test_spaces_are_ignored():
    assert check_chi("150782 4130").is_valid


def test_the_weighted_sum_example():
    assert mod11_check_digit("150782413") == 0
    assert mod11_check_digit("121212121") is None  # no Mod 11 number has this prefix
    assert mod10_check_digit("010120123") == 4


@override_settings(CHI_ALLOW_MOD10="off")
def test_mod10_can_be_switched_off():
    assert check_chi("0101201234").result == "invalid_checksum"
    assert check_chi("1507824130").is_valid


@override_settings(CHI_ALLOW_MOD10="0101_only")
def test_mod10_can_be_limited_to_first_of_january_births():
    assert check_chi("0101201234").is_valid
    assert check_chi("1212121212").result == "invalid_checksum"


def test_the_validator_message_explains_the_format():
    with pytest.raises(ValidationError, match="the first 6 are the date of birth"):
        validate_chi("123")


def test_a_date_of_birth_mismatch_is_detected():
    assert birth_date_mismatch("1507824130", date(1982, 7, 15)) is False
    assert birth_date_mismatch("1507824130", date(1982, 7, 16)) is True


@given(
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)),
    sex=st.sampled_from(["male", "female"]),
    seed=st.integers(0, 10_000),
)
def test_generated_chis_are_valid_and_carry_the_birth_date_and_sex(born, sex, seed):
    chi = generate_chi(born, sex, random.Random(seed))
    result = check_chi(chi)
    assert result.is_valid
    assert result.check == "mod11"
    assert result.sex == sex
    assert not birth_date_mismatch(chi, born)


@pytest.mark.parametrize("typed", ["150-782-4130", "150 782 4130", " 1507824130 ", "150782\t4130"])
def test_grouping_people_type_is_ignored(typed):
    from linkwork.core.chi import normalise_chi

    assert normalise_chi(typed) == "1507824130"
    assert check_chi(typed).is_valid
