import pytest
from django.core.exceptions import ValidationError

from linkwork.core.postcodes import is_valid_postcode, normalise_postcode, validate_postcode


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("g513hr", "G51 3HR"),
        (" G51  3HR ", "G51 3HR"),
        ("pa152ab", "PA15 2AB"),
        ("EH1 1YZ", "EH1 1YZ"),
        ("w1a1aa", "W1A 1AA"),
    ],
)
def test_postcodes_are_normalised(typed, normal):
    assert normalise_postcode(typed) == normal
    assert is_valid_postcode(typed)


@pytest.mark.parametrize("bad", ["G51", "12345", "QA1 1AA", "G51 3CI", "G51 HR3", "", "G51 3HRX"])
def test_bad_postcodes_are_refused_with_an_example(bad):
    assert not is_valid_postcode(bad)
    with pytest.raises(ValidationError, match="like G51 3HR"):
        validate_postcode(bad)
