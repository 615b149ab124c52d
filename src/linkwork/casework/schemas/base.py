"""The building blocks of the casework API's JSON: text refused in the pages' words and
session lengths. Coded values, request bodies and the shapes of errors are the whole API's:
core/api.py."""

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from linkwork.casework.rules import (
    SESSION_MINUTES,
    SESSION_TOO_LONG,
    SESSION_TOO_SHORT,
    TEXT_LIMITS,
)
from linkwork.core.codelists import codelist
from linkwork.core.text import too_long


def _label(list_name: str, code: str) -> str:
    return codelist(list_name).label(code) if code else ""


def required_text(message: str, max_length: int | None = None, what: str = "text") -> type[str]:
    """Text that must not be blank; `message` says what to write."""

    def check(value: str) -> str:
        if not value:
            raise PydanticCustomError("blank", message)
        if max_length and len(value) > max_length:
            raise PydanticCustomError("too_long", too_long(what, max_length))
        return value

    schema = {"type": "string", "minLength": 1} | ({"maxLength": max_length} if max_length else {})
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


def limited_text(what: str, limit_name: str) -> type[str]:
    """Optional free text, no longer than the pages allow (rules.TEXT_LIMITS)."""
    limit = TEXT_LIMITS[limit_name]

    def check(value: str) -> str:
        if len(value) > limit:
            raise PydanticCustomError("too_long", too_long(what, limit))
        return value

    schema = {"type": "string", "maxLength": limit}
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


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


class CodeOut(Schema):
    code: str
    label: str
