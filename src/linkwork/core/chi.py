"""The Community Health Index (CHI) number: structure, date of birth and check digit.

Rules from the NHS Data Dictionary and Public Health Scotland's phsmethods
(read as a specification): 10 digits, DDMMYY date of birth, 9th digit odd for
male and even for female, and a check digit that passes Modulus 11 or, since
the CHI board's 2025 decision, Modulus 10 (Luhn). The Mod 10 go-live date is
uncertain (reported as late 2025 to August 2026), so CHI_ALLOW_MOD10 sets how
far Mod 10 is accepted: "all" (default, as phsmethods), "0101_only" (only
births on 1 January, where Mod 11 numbers run out) or "off".
"""

import random
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError

MOD11_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
CHI_HELP = "A CHI number has 10 digits; the first 6 are the date of birth (DDMMYY)"
# Each says what is wrong with the number typed, then how to put it right.
MESSAGES = {
    "missing": "Enter the CHI number",
    "invalid_characters": (
        "Use digits only in the CHI number (spaces are fine): it has 10 digits, the first 6 "
        "the date of birth (DDMMYY)"
    ),
    "too_short": (
        "This CHI number is too short: enter all 10 digits (the first 6 are the date of "
        "birth, DDMMYY)"
    ),
    "too_long": (
        "This CHI number is too long: enter its 10 digits only (the first 6 are the date of "
        "birth, DDMMYY)"
    ),
    "invalid_date": (
        "The first 6 digits of this CHI number are not a real date: they are the date of "
        "birth as DDMMYY, so check them against it"
    ),
    "invalid_checksum": (
        "This CHI number's check digit is wrong: the last digit does not fit the other nine, "
        "so one of them is mistyped; check each against the person's record"
    ),
}


@dataclass(frozen=True)
class ChiCheck:
    result: str  # valid, missing, invalid_characters, too_short, too_long, invalid_date, ...
    check: str | None = None  # which check digit passed: mod11 or mod10
    sex: str | None = None  # at registration: male (odd 9th digit) or female (even)

    @property
    def is_valid(self) -> bool:
        return self.result == "valid"

    @property
    def message(self) -> str:
        return MESSAGES.get(self.result, "")


def mod11_check_digit(first_nine: str) -> int | None:
    """The Mod 11 check digit, or None where no Mod 11 number exists for these digits."""
    total = sum(int(d) * w for d, w in zip(first_nine, MOD11_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return None
    return 0 if check == 11 else check


def mod10_check_digit(first_nine: str) -> int:
    """Luhn: double every second digit from the right of the nine, starting with the last."""
    total = 0
    for position, digit in enumerate(reversed(first_nine)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def chi_birth_date(chi: str) -> date | None:
    """The date in the first six digits, assuming the century %y gives (as phsmethods)."""
    try:
        return datetime.strptime(chi[:6], "%d%m%y").date()
    except ValueError:
        return None


# The oldest age a date of birth read from a CHI number may give: beyond it, the other
# century is meant.
OLDEST_AGE = 120


def chi_birth_dates(chi: str, today: date) -> list[date]:
    """The dates of birth a CHI number's DDMMYY may mean: in the 1900s or the 2000s, not in
    the future and not more than OLDEST_AGE years ago. One date: the CHI gives the date of
    birth. Two: only the century must be asked (010120 is 1920 or 2020). None: the number
    cannot be a living person's."""
    try:
        day, month, year = int(chi[:2]), int(chi[2:4]), int(chi[4:6])
    except ValueError:
        return []
    found = []
    for century in (1900, 2000):
        try:
            born = date(century + year, month, day)
        except ValueError:  # 29 February in a year that had none
            continue
        if born <= today and today.year - born.year <= OLDEST_AGE:
            found.append(born)
    return found


def normalise_chi(value: str | None) -> str:
    """The digits as typed, without the spaces or dashes people group them with."""
    return "".join((value or "").split()).replace("-", "")


def check_chi(value: str | None) -> ChiCheck:
    chi = normalise_chi(value)
    if not chi:
        return ChiCheck("missing")
    if not chi.isdigit():
        return ChiCheck("invalid_characters")
    if len(chi) < 10:
        return ChiCheck("too_short")
    if len(chi) > 10:
        return ChiCheck("too_long")
    if chi_birth_date(chi) is None:
        return ChiCheck("invalid_date")
    sex = "male" if int(chi[8]) % 2 else "female"
    if mod11_check_digit(chi[:9]) == int(chi[9]):
        return ChiCheck("valid", "mod11", sex)
    if _mod10_allowed(chi) and mod10_check_digit(chi[:9]) == int(chi[9]):
        return ChiCheck("valid", "mod10", sex)
    return ChiCheck("invalid_checksum")


def _mod10_allowed(chi: str) -> bool:
    policy = getattr(settings, "CHI_ALLOW_MOD10", "all")
    return policy == "all" or (policy == "0101_only" and chi.startswith("0101"))


def validate_chi(value: str) -> None:
    check = check_chi(value)
    if not check.is_valid:
        raise ValidationError(check.message + ".", code=check.result)


def birth_date_mismatch(chi: str, date_of_birth: date) -> bool:
    """A warning, not an error: some historical CHIs do not match the recorded date of birth."""
    return chi[:6] != date_of_birth.strftime("%d%m%y")


def generate_chi(date_of_birth: date, sex: str, rng: random.Random) -> str:
    """A synthetic CHI, valid under Mod 11, for demo and test data."""
    while True:
        serial = f"{rng.randrange(100):02d}"
        sex_digit = rng.choice("13579" if sex == "male" else "02468")
        first_nine = date_of_birth.strftime("%d%m%y") + serial + sex_digit
        check = mod11_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
