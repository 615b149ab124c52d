"""The free-text scanner that warns before a story is shared."""

import pytest

from linkwork.outcomes.scanner import scan


def kinds(text, **kwargs):
    return [(f.kind, f.text) for f in scan(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("His CHI is 1507824130.", ("chi", "1507824130")),
        ("CHI 150782 4130 on the letter", ("chi", "150782 4130")),
        ("She lives at G51 3HR now", ("postcode", "G51 3HR")),
        ("near g513hr", ("postcode", "g513hr")),
        ("call 07700 900123 after 5", ("phone", "07700 900123")),
        ("the office on 0141 445 1234", ("phone", "0141 445 1234")),
        ("or +44 7700 900123", ("phone", "+44 7700 900123")),
        ("write to jim.mclean@example.org", ("email", "jim.mclean@example.org")),
        ("born 15/07/1982 in Govan", ("date", "15/07/1982")),
        ("on 3rd March 2025 we met", ("date", "3rd March 2025")),
        ("she was born in 1958 and", ("date", "born in 1958")),
        ("seen on 2026-03-14", ("date", "2026-03-14")),
        ("Margaret came along", ("name", "Margaret")),
        ("Dr Shah said so", ("name", "Shah")),
    ],
)
def test_it_finds_what_could_identify_someone(text, found):
    assert found in kinds(text)


def test_names_known_on_the_case_are_found_in_any_case():
    assert kinds("mclean was pleased", known_names=["Hugh", "McLean"]) == [("name", "mclean")]


def test_a_ten_digit_number_that_is_not_a_chi_is_not_called_one():
    assert ("chi", "1234567890") not in kinds("ref 1234567890")


def test_an_invalid_postcode_shape_is_not_called_a_postcode():
    assert not [k for k in kinds("room QV1 1AA") if k[0] == "postcode"]


def test_ordinary_words_pass():
    text = "I floated up the road. Never thought I would get out to the garden again."
    assert kinds(text) == []


def test_findings_come_in_the_order_they_appear():
    found = scan("Call 07700 900123 or email a@b.org, says Margaret")
    assert [f.kind for f in found] == ["phone", "email", "name"]
