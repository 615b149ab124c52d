"""The building blocks of the casework API's JSON: coded values refused with the list's
codes, text refused in the pages' words, and the shapes of errors."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from linkwork.casework.rules import (
    SESSION_MINUTES,
    SESSION_TOO_LONG,
    SESSION_TOO_SHORT,
    TEXT_LIMITS,
    too_long,
)
from linkwork.core.codelists import codelist


def _label(list_name: str, code: str) -> str:
    return codelist(list_name).label(code) if code else ""


def coded(list_name: str) -> type[str]:
    """A string that must be a code of `list_name` (codelists/<list_name>.csv)."""
    codes = [code.code for code in codelist(list_name).codes]

    def check(value: str) -> str:
        if value not in codelist(list_name):
            raise PydanticCustomError(
                "unknown_code",
                f"'{value}' is not a code in the {list_name} list: use one of {', '.join(codes)}",
            )
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": codes})]


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


class In(Schema):
    """Request bodies: unknown keys are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    type: str
    loc: list[str | int] = Field(description="Where: body, the parameter, then the field.")
    msg: str = Field(description="What is wrong and how to put it right.")


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class CodeOut(Schema):
    code: str
    label: str
