"""UK postcodes: one place that validates and normalises them."""

import re

from django.core.exceptions import ValidationError

# The UK Government data standard's pattern: outward code (area letters that exist,
# district, sub-district) then inward code (sector digit and unit, never C, I, K, M, O or V).
POSTCODE_PATTERN = re.compile(
    r"^(GIR 0AA|"
    r"(?:[A-PR-UWYZ]\d\d?|[A-PR-UWYZ][A-HK-Y]\d\d?|[A-PR-UWYZ]\d[A-HJKSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY]) \d[ABD-HJLNP-UW-Z]{2})$"
)
POSTCODE_HELP = "Enter a full UK postcode, like G51 3HR"


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: ' g513hr ' -> 'G51 3HR'."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(value: str) -> bool:
    return bool(POSTCODE_PATTERN.match(normalise_postcode(value)))


def validate_postcode(value: str) -> None:
    if not is_valid_postcode(value):
        raise ValidationError(f"{POSTCODE_HELP}.", code="invalid_postcode")
