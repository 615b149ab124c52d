"""The building blocks of the casework API's JSON: its text limits and session lengths,
refused in the pages' words. Coded values, required text, request bodies and the shapes of
errors are the whole API's: core/api.py."""

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from linkwork.casework.rules import (
    SESSION_MINUTES,
    SESSION_TOO_LONG,
    SESSION_TOO_SHORT,
    TEXT_LIMITS,
)
from linkwork.core.api import text_up_to


def limited_text(what: str, limit_name: str) -> type[str]:
    """Optional free text, no longer than the pages allow (rules.TEXT_LIMITS)."""
    return text_up_to(what, TEXT_LIMITS[limit_name])


def _minutes(value: int) -> int:
    if value < SESSION_MINUTES[0]:
        raise PydanticCustomError("too_short", SESSION_TOO_SHORT)
    if value > SESSION_MINUTES[1]:
        raise PydanticCustomError("too_long", SESSION_TOO_LONG)
    return value


# A session's length, refused in the same words as the session pages.
Minutes = Annotated[
    int,
    AfterValidator(_minutes),
    WithJsonSchema(
        {"type": "integer", "minimum": SESSION_MINUTES[0], "maximum": SESSION_MINUTES[1]}
    ),
]
