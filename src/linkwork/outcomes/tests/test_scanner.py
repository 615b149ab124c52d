"""The free-text scanner that warns before a story is shared."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.core.chi import mod11_check_digit
from linkwork.outcomes.scanner import acknowledgement, scan


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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # CHI numbers however they are typed
        ("CHI 150-782-4130 on file", ("chi", "150-782-4130")),
        ("CHI 150 782 4130 on file", ("chi", "150 782 4130")),
        ("CHI 15 07 82 41 30", ("chi", "15 07 82 41 30")),
        ("CHI 150782-4130.", ("chi", "150782-4130")),
        # UK phone numbers in common formats
        ("ring 0141 123 4567", ("phone", "0141 123 4567")),
        ("ring 01411234567", ("phone", "01411234567")),
        ("ring 0141-123-4567", ("phone", "0141-123-4567")),
        ("ring (0141) 123 4567", ("phone", "(0141) 123 4567")),
        ("ring 07700 900123", ("phone", "07700 900123")),
        ("ring 07700 900 123", ("phone", "07700 900 123")),
        ("ring 07700900123", ("phone", "07700900123")),
        ("ring +44 7700 900123", ("phone", "+44 7700 900123")),
        ("ring +447700900123", ("phone", "+447700900123")),
        ("ring +44 (0)141 123 4567", ("phone", "+44 (0)141 123 4567")),
        # postcodes with or without the space, any case
        ("at G51 3HR", ("postcode", "G51 3HR")),
        ("at G513HR", ("postcode", "G513HR")),
        ("at g51 3hr", ("postcode", "g51 3hr")),
        ("at pa15 4ab", ("postcode", "pa15 4ab")),
        ("at EH1 1YZ.", ("postcode", "EH1 1YZ")),
        # emails
        ("mail Jo.Bloggs+care@nhs.scot", ("email", "Jo.Bloggs+care@nhs.scot")),
        ("mail a_b@mail.example.co.uk", ("email", "a_b@mail.example.co.uk")),
        # dates of birth
        ("dob 12/03/1956", ("date", "12/03/1956")),
        ("dob 12-03-1956", ("date", "12-03-1956")),
        ("dob 12.3.56", ("date", "12.3.56")),
        ("born 12 March 1956 in Paisley", ("date", "12 March 1956")),
        ("born 12th of March 1956", ("date", "12th of March 1956")),
        ("born 12 Mar 1956", ("date", "12 Mar 1956")),
        ("born March 12, 1956", ("date", "March 12, 1956")),
        ("DOB 1956-03-12", ("date", "1956-03-12")),
        # names after a title or "my name is", even ones on no list
        ("Mrs Zbrowska came", ("name", "Zbrowska")),
        ("mrs zbrowska came", ("name", "zbrowska")),
        ("Mr. Quigg said", ("name", "Quigg")),
        ("my name is Tamsin Quarrie", ("name", "Quarrie")),
        ("my name is Tamsin Quarrie", ("name", "Tamsin")),
        ("My name's Oghenekaro", ("name", "Oghenekaro")),
        ("a neighbour called Fenwick helps", ("name", "Fenwick")),
    ],
)
def test_it_finds_the_common_ways_these_are_written(text, found):
    assert found in kinds(text)


@pytest.mark.parametrize(
    ("text", "known", "found"),
    [
        ("quarrie came", ["Tamsin", "Quarrie"], "quarrie"),
        ("QUARRIE came", ["Tamsin", "Quarrie"], "QUARRIE"),
        ("Quarrie's garden", ["Tamsin", "Quarrie"], "Quarrie"),
        ("Anne-Marie came", ["Anne-Marie", "Quarrie"], "Anne-Marie"),
        ("Marie came", ["Anne-Marie", "Quarrie"], "Marie"),
    ],
)
def test_the_person_s_own_names_are_found_however_written(text, known, found):
    assert ("name", found) in kinds(text, known_names=known)


@pytest.mark.parametrize(
    "text",
    [
        "my name is not important to me",
        "I walk 20 minutes at 10.30 most days and 3 times a week",
        "Score went from 21 to 25 over 12 weeks",
        "the 2 buses, the 44 and the 9",
    ],
)
def test_ordinary_sentences_with_numbers_pass(text):
    assert kinds(text) == []


def _chi(day: int, month: int, year: int, serial: int) -> str | None:
    first_nine = f"{day:02d}{month:02d}{year:02d}{serial:03d}"
    check = mod11_check_digit(first_nine)
    return None if check is None else first_nine + str(check)


SEPARATOR = st.sampled_from(["", " ", "-"])


@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(0, 99),
    serial=st.integers(0, 999),
    cuts=st.lists(SEPARATOR, min_size=9, max_size=9),
    before=st.sampled_from(["CHI ", "number: ", "(", ""]),
    after=st.sampled_from([".", " today", ")", ""]),
)
def test_any_valid_chi_with_any_separators_is_found(day, month, year, serial, cuts, before, after):
    chi = _chi(day, month, year, serial)
    if chi is None:
        return
    typed = chi[0] + "".join(cut + digit for cut, digit in zip(cuts, chi[1:], strict=True))
    assert ("chi", typed) in kinds(f"{before}{typed}{after}")


@given(
    prefix=st.sampled_from(["0141", "0131", "01475", "07700", "07911", "0800"]),
    rest=st.text(alphabet="0123456789", min_size=6, max_size=6),
    form=st.sampled_from(["{p} {r}", "{p}{r}", "{p}-{r}", "{p} {a} {b}", "+44 {q} {r}"]),
)
def test_uk_phone_numbers_in_common_shapes_are_found(prefix, rest, form):
    digits_after_prefix = rest if len(prefix) == 5 else rest + "1"
    number = form.format(
        p=prefix,
        r=digits_after_prefix,
        a=digits_after_prefix[:3],
        b=digits_after_prefix[3:],
        q=prefix[1:],
    )
    found = [f for f in scan(f"call {number} please") if f.kind in ("phone", "chi")]
    assert [f.text for f in found] == [number]


@given(
    code=st.sampled_from(["G51 3HR", "PA15 4AB", "EH1 1YZ", "AB10 1AA", "KA7 1UE", "DD1 4HN"]),
    lower=st.booleans(),
    space=st.sampled_from(["", " ", "  "]),
)
def test_postcodes_in_any_case_and_spacing_are_found(code, lower, space):
    outward, inward = code.split()
    typed = f"{outward}{space}{inward}"
    typed = typed.lower() if lower else typed
    assert ("postcode", typed) in kinds(f"she lives at {typed} now")


def test_the_acknowledgement_code_follows_the_findings_not_their_order():
    one = scan("Call 07700 900123 or a@b.org")
    two = scan("Email a@b.org or call 07700 900123")
    assert acknowledgement(one) == acknowledgement(two) != ""
    assert acknowledgement(scan("Call 07700 900124")) != acknowledgement(one)
    assert acknowledgement([]) == ""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("she lives at 12 Byres Road, Glasgow", "12 Byres Road"),
        ("round at 3a Hill Street on Fridays", "3a Hill Street"),
        ("Flat 2/1, 45 Main St", "45 Main St"),
        ("45 St Vincent Street", "45 St Vincent Street"),
        ("at 7 Kelvin court now", "7 Kelvin court"),
        ("moved to 17 Park Terrace", "17 Park Terrace"),
        ("on 221 Great Western Avenue", "221 Great Western Avenue"),
        ("at 9 Castle Crescent", "9 Castle Crescent"),
        ("to 30 Oak Drive", "30 Oak Drive"),
        ("at 4 Church Place", "4 Church Place"),
        ("at 6 Mill Lane", "6 Mill Lane"),
        ("at 10 Downing St.", "10 Downing St."),
    ],
)
def test_street_addresses_are_found(text, found):
    assert ("address", found) in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "lives at 12 Byres Road, G12 8QQ",
            [("address", "12 Byres Road"), ("postcode", "G12 8QQ")],
        ),
        ("call 0141 555 0123", [("phone", "0141 555 0123")]),
        ("call 07700-900-123", [("phone", "07700-900-123")]),
        ("call +44 7700 900123", [("phone", "+44 7700 900123")]),
    ],
)
def test_the_whole_of_an_address_or_number_is_found_once(text, found):
    assert kinds(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "took 2 buses down the road to the Lane",
        "took 2 Buses down the Road",
        "paid £1,234.50 to the council and £25.00 a week after",
        "owes 1,500 pounds; £12,345 over 3 years",
        "SWEMWBS went from 17.6 to 23.2, then 28.1",
        "SWEMWBS 21 Before, 27 After the Walk",
        "scored 14 in March and 21 in May",
        "meets at 10.30 on the 3rd, 14 people came",
        "the 44 Park and Ride bus",
    ],
)
def test_numbers_that_are_no_address_or_phone_pass(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text", ["on 14/03/2024", "on 12 May 2024", "seen 2026-03-14"])
def test_a_date_is_only_ever_called_a_date(text):
    assert [kind for kind, _ in kinds(text)] == ["date"]
