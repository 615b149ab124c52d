"""What every part of the HTTP API shares: request bodies that take JSON as documented,
codes checked against their coded list, the two shapes of a refusal, paging, and the
refusals every operation documents (config/api.py applies them to the OpenAPI document).

One shape for invalid input (422: a list naming each field and the fix) and one for every
other refusal (400, 401, 403, 404, 409: a sentence)."""

import types
import typing
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, ConfigDict, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from linkwork.core.codelists import codelist
from linkwork.core.models import EditConflict
from linkwork.core.text import too_long

# Refusals


class ErrorOut(Schema):
    """Every refusal but invalid input."""

    model_config = ConfigDict(extra="forbid")

    detail: str = Field(description="What went wrong, in words to show to the user.")


class FieldErrorOut(Schema):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="The kind of error: missing, int_type, unknown_code ...")
    loc: list[str | int] = Field(description="Where: body, query or path, then the field.")
    msg: str = Field(description="What is wrong and how to put it right.")


class ValidationErrorOut(Schema):
    """Invalid input (422): one entry per field refused."""

    model_config = ConfigDict(extra="forbid")

    detail: list[FieldErrorOut]


# What each kind of operation documents it may refuse.
READ = {404: ErrorOut}
REFUSED = {403: ErrorOut}  # reads refused to a role outright (accounts.api_auth.require)
WRITE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


@contextmanager
def service_refusals():
    """A stale `version` is a 409 with the service's message; anything the model refuses
    is a 422 naming the field. Services are atomic, so a refused write changes nothing."""
    try:
        yield
    except EditConflict as conflict:
        raise HttpError(409, conflict.api_message) from conflict
    except DjangoValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise ValidationError(
            [
                {"type": "invalid", "loc": ["body", "payload", field], "msg": message}
                for field, messages in by_field.items()
                for message in messages
            ]
        ) from error


def aware(moment: datetime) -> datetime:
    """A date-time without a time zone is UK local time, as the pages read it."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def invalid(
    *loc: str, message: str, kind: str = "invalid", within: tuple = ("body", "payload")
) -> ValidationError:
    """A 422 for one body field (or, `within=("query",)`, one query parameter), shaped
    like ninja's own validation errors."""
    return ValidationError([{"type": kind, "loc": [*within, *loc], "msg": message}])


# A field as a person reads it, where its key does not say so once the underscores go:
# `loc` keeps the key for programs, `msg` names the field for people.
FIELD_WORDS = {
    "q": "search words",
    "radius_km": "distance in kilometres",
    "per_page": "number of results on a page",
    "chi": "CHI number",
    "dob": "date of birth",
    "url": "web address",
}

# Pydantic's own refusals, in the service's words; {what} is the field as a person reads
# it. Our own refusals (codes, blanks, lengths, dates) already say what to do.
OWN_WORDS = {
    "missing": "Send the {what}: it is needed here",
    "extra_forbidden": "Leave out {key}: this request does not take it "
    "(check its spelling against the API documentation)",
    "string_type": "Send the {what} as text in quotes",
    "enum": "Choose the {what} from {expected}",
    "literal_error": "Choose the {what} from {expected}",
    "int_parsing": "Send the {what} as a whole number, like 3",
    "int_from_float": "Send the {what} as a whole number, like 3",
    "float_parsing": "Send the {what} as a number, like 2.5",
    "finite_number": "Send the {what} as an ordinary number, like 2.5",
    "bool_parsing": "Send the {what} as true or false",
    "greater_than": "Send a {what} greater than {gt}",
    "greater_than_equal": "Send a {what} of {ge} or more",
    "less_than": "Send a {what} less than {lt}",
    "less_than_equal": "Send a {what} of {le} or less",
    "string_too_long": "Shorten the {what} to {max_length} characters or fewer",
    "string_too_short": "Write the {what}: it cannot be empty",
    "date_parsing": "Send the {what} as a date, like 2026-03-31",
    "date_from_datetime_parsing": "Send the {what} as a date, like 2026-03-31",
    "datetime_parsing": "Send the {what} as a date and time, like 2026-03-31T14:30",
    "datetime_from_date_parsing": "Send the {what} as a date and time, like 2026-03-31T14:30",
    "time_parsing": "Send the {what} as a time, like 14:30",
    "list_type": 'Send the {what} as a list, like ["a", "b"]',
    "dict_type": "Send the {what} as a JSON object",
    "model_attributes_type": "Send the {what} as a JSON object",
    "uuid_parsing": "Send the {what} as a UUID, like 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
}
# Where in a request a value is, before the field: not the field itself.
_PLACES = {"body", "query", "path", "payload", "params", "filters"}


def field_words(loc) -> str:
    """The field `loc` names, as a person reads it: practice_id → practice,
    items.3 → item 4 of the items."""
    keys = [part for part in loc if not (isinstance(part, str) and part in _PLACES)]
    if not keys:
        return "request"
    last = keys[-1]
    if isinstance(last, int):
        whole = field_words(keys[:-1]) if len(keys) > 1 else "list"
        return f"entry {last + 1} of the {whole}"
    last = str(last)
    if last in FIELD_WORDS:
        return FIELD_WORDS[last]
    if last.endswith("_on"):  # closed_on → date closed, as the pages label it
        return "date " + last.removesuffix("_on").replace("_", " ")
    return last.removesuffix("_id").replace("_", " ")


def _in_own_words(error: dict) -> str:
    words = OWN_WORDS.get(str(error.get("type")))
    if words is None:
        return str(error["msg"])
    loc = list(error["loc"])
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    context.setdefault("expected", "the values listed in the API documentation")
    key = next((str(part) for part in reversed(loc) if not isinstance(part, int)), "")
    what = field_words(loc)
    if words.startswith("Send a {what}") and what and what[0] in "aeiou":
        words = words.replace("Send a ", "Send an ", 1)  # an offset, an amount
    try:
        return words.format(what=what, key=key, **context)
    except (KeyError, IndexError):
        return str(error["msg"])


def field_errors(errors: list[dict]) -> dict:
    """The 422 body for ninja's or our own errors: type, loc and msg, nothing else
    (pydantic's `ctx` and `input` would echo what was sent and are not documented); msg
    in the service's words, naming the field as a person reads it."""
    return {
        "detail": [
            {"type": str(e.get("type", "invalid")), "loc": list(e["loc"]), "msg": _in_own_words(e)}
            for e in errors
        ]
    }


# What a 404 says: plain, and the same whether the record is missing or out of the
# caller's reach (so it tells nobody that a record exists). Keyed by the path's first part.
NOT_FOUND_WORDS = {
    "cases": "case",
    "referrals": "referral",
    "sessions": "session",
    "goals": "goal",
    "actions": "action",
    "notes": "note",
    "links": "link",
    "directory": "service",
    "slots": "slot",
    "practices": "practice",
    "instruments": "questionnaire",
    "responses": "questionnaire response",
    "stories": "story",
    "ratings": "goal rating",
    "reports": "HSCP or practice",
    "documents": "letter or form",
    "social-outcomes": "social outcome",
    "people": "person",
    "groups": "group",
}


def not_found(path: str) -> str:
    """ "No such referral, or you may not see it" for /api/v1/referrals/12, and so on."""
    parts = [part for part in path.split("/") if part]
    first = parts[2] if len(parts) > 2 and parts[:2] == ["api", "v1"] else ""
    thing = NOT_FOUND_WORDS.get(first, "record")
    return f"No such {thing}, or you may not see it"


# The refusals every operation may give, documented on each by config/api.py.
UNREADABLE = "The body is not JSON: send a JSON object with Content-Type: application/json."
UNAUTHORISED = "No valid bearer token (or session): the token is missing, wrong or revoked."
NO_CREDENTIALS = (
    "Send your API token as 'Authorization: Bearer lw_...'. Create one on your API tokens "
    "page, /account/api-tokens/."
)
INVALID = "Invalid input: each entry names the field (`loc`) and says how to put it right."
THROTTLED = (
    "Too many requests: a bearer token may send LINKWORK_API_RATE_PER_MINUTE requests in a "
    "clock minute (120 unless the service changed it). Wait the seconds Retry-After says."
)
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the token may send requests again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def _error_response(description: str, model: type[Schema]) -> dict:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def document_refusals(document: dict) -> dict:
    """Add the refusals an operation may give whatever it does: 401 and 429 where it needs
    authentication, 400 where it reads a body, 422 where it takes any input."""
    document["components"].setdefault("schemas", {}).update(_error_schemas())
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            if operation.get("security"):
                responses.setdefault("401", _error_response(UNAUTHORISED, ErrorOut))
                throttled = _error_response(THROTTLED, ErrorOut)
                responses.setdefault("429", {**throttled, "headers": RETRY_AFTER})
            if "requestBody" in operation:
                responses.setdefault("400", _error_response(UNREADABLE, ErrorOut))
            if "requestBody" in operation or operation["parameters"]:
                responses.setdefault("422", _error_response(INVALID, ValidationErrorOut))
    return document


def _error_schemas() -> dict:
    schema = ValidationErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    return {
        **schema.pop("$defs"),
        "ValidationErrorOut": schema,
        "ErrorOut": ErrorOut.model_json_schema(),
    }


# What the API reads

NULL_CHARACTER = "Remove the null character (\\u0000): text cannot hold one"


def _without_null_character(value):
    """PostgreSQL cannot store or even compare text holding U+0000 (Django's forms refuse
    it too), so it is refused wherever the API reads text."""
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("null_character", NULL_CHARACTER)
    return value


# A path or query parameter that is text.
Text = Annotated[str, AfterValidator(_without_null_character)]


class Params(Schema):
    """Query parameters read as a schema: text without null characters, and without the
    spaces around it, before any length is checked (as forms strip what is typed)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _text_without_null_character(cls, value):
        return _without_null_character(value)


# Request bodies

# What a body must send for a field of each type, as documented: JSON numbers, not true,
# false or "10"; true or false, not 1 or "yes"; dates as text, not a number of seconds.
_JSON_TYPES = {
    int: (
        (int, float),
        "int_type",
        "Send a whole number, like 3: not true, false or text in quotes",
    ),
    float: ((int, float), "float_type", "Send a number, like 2.5: not true, false or text"),
    bool: ((bool,), "bool_type", "Send true or false"),
    date: ((str, date), "date_type", "Send the date as text, like 2026-03-31"),
    datetime: ((str, datetime), "datetime_type", "Send the time as text, like 2026-03-31T14:30"),
}


def _json_type(annotation) -> type | None:
    """int for `int`, `int | None` or an annotated int; None for anything else."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        annotation = kinds[0] if len(kinds) == 1 else None
    if typing.get_origin(annotation) is Annotated:  # `Version | None` keeps its Annotated
        annotation = typing.get_args(annotation)[0]
    return annotation if annotation in _JSON_TYPES else None


def _a_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


# Dates and times the service can hold and count from: a year far from the calendar's ends
# (a week before 1 January year 1 is an error, not a date), and a real time zone offset
# (PostgreSQL refuses +21:23).
YEARS = (1900, 2999)
OUT_OF_RANGE = f"Send a date from {YEARS[0]} to {YEARS[1]}"
NO_SUCH_OFFSET = "Send a real time zone offset, from -12:00 to +14:00, or none for UK time"


def _in_range(value: date) -> date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise PydanticCustomError("date_out_of_range", OUT_OF_RANGE)
    offset = value.utcoffset() if isinstance(value, datetime) else None
    if offset is None:
        return value
    if not timedelta(hours=-12) <= offset <= timedelta(hours=14):
        raise PydanticCustomError("time_zone_offset", NO_SUCH_OFFSET)
    return value.astimezone(UTC)


class In(Params):
    """Request bodies: unknown keys are refused rather than silently dropped, and every
    value must be of the JSON type its field documents (pydantic would take `true` for 1,
    "10" for 10 and 0 for 1 January 1970), and dates must be ones the service can hold
    and count from. Query strings are not bodies: `?limit=10` is read as a number."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _of_its_json_type(cls, value, info: ValidationInfo):
        kind = _json_type(cls.model_fields[info.field_name].annotation)
        if kind is None or value is None:
            return value
        accepted, error, message = _JSON_TYPES[kind]
        if isinstance(value, bool) and kind is not bool or not isinstance(value, accepted):
            raise PydanticCustomError(error, message)
        if kind in (date, datetime) and _a_number(value):  # pydantic reads "0" as 1970
            raise PydanticCustomError(error, message)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _a_real_date(cls, value):
        if isinstance(value, date):
            return _in_range(value)
        return value


# The version a record had when the caller read it (optimistic locking): versions start
# at 1, and a database integer holds no more than 2^31 - 1.
VERSION_WRONG = (
    "Send the version the record had when you read it: a whole number, 1 or more "
    "(fetch the record again to find it)"
)


def _a_version(value: int) -> int:
    if not 1 <= value <= 2**31 - 1:
        raise PydanticCustomError("version", VERSION_WRONG)
    return value


Version = Annotated[
    int,
    AfterValidator(_a_version),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
]


def list_words(list_name: str) -> str:
    """One of a coded list, as a person says it: link_statuses → link status."""
    words = list_name.replace("_", " ")
    for plural, single in (("statuses", "status"), ("ies", "y"), ("s", "")):
        if words.endswith(plural) and not words.endswith("ss"):
            return words.removesuffix(plural) + single
    return words


def coded(list_name: str, *, blank: bool = False) -> type[str]:
    """A string that must be a code of `list_name` (codelists/<list_name>.csv), or, with
    `blank`, empty for "any" or "none"."""
    codes = [code.code for code in codelist(list_name).codes]
    allowed = [""] * blank + codes
    fix = f"use one of {', '.join(codes)}" + (", or leave it empty" if blank else "")
    what = list_words(list_name)

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError(
                "unknown_code", f"'{value}' is not one of the {what} codes: {fix}"
            )
        return value

    return Annotated[
        str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": allowed})
    ]


def fits(model, name: str, default: str = ""):
    """Text no longer than the model's column for it, so the database never refuses it."""
    return Field(default, max_length=model._meta.get_field(name).max_length)


# Paging

LARGEST_OFFSET = 2**31 - 1  # no number reaches the database unchecked


class Paged(LimitOffsetPagination):
    """Limit and offset, bounded so that no number reaches the database unchecked.

    `audit(request, items)`, if given, is called with the page actually returned, so a list
    of people audits each person shown, and only those (decision 0003)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500, description="At most 500 at a time.")
        offset: int = Field(0, ge=0, le=LARGEST_OFFSET)

    def __init__(self, *, audit=None, **kwargs):
        self.audit = audit
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        if self.audit is not None:
            page[self.items_attribute] = list(page[self.items_attribute])
            self.audit(request, page[self.items_attribute])
        return page


def plain_list_page_words(default: int) -> str:
    """How plain_list_page pages, for an operation's description."""
    return (
        f"A page of at most `limit` ({default} unless asked for fewer) from `offset`: the "
        "answer stays a plain list, with X-Total-Count giving how many there are in all "
        'and, where more follow, a Link header with rel="next" giving the next page\'s '
        "address (RFC 8288)."
    )


def plain_list_page(request, response, queryset, *, limit: int, offset: int) -> list:
    """A page of `queryset` for a list answered as a plain JSON list (a shape clients
    already read): the total and the next page go in headers, so a client that reads only
    the body is unchanged and one that looks is never left short unawares."""
    total = queryset.count()
    response["X-Total-Count"] = str(total)
    if offset + limit < total:
        query = request.GET.copy()
        query["offset"], query["limit"] = str(offset + limit), str(limit)
        response["Link"] = f'<{request.path}?{query.urlencode()}>; rel="next"'
    return list(queryset[offset : offset + limit])


# Text and codes in the API's JSON


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


def text_up_to(what: str, limit: int) -> type[str]:
    """Optional free text, no longer than the pages allow."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise PydanticCustomError("too_long", too_long(what, limit))
        return value

    return Annotated[
        str, AfterValidator(check), WithJsonSchema({"type": "string", "maxLength": limit})
    ]


def label_of(list_name: str, code: str) -> str:
    """A code's label in its coded list; blank for no code."""
    return codelist(list_name).label(code) if code else ""


class CodeOut(Schema):
    code: str
    label: str
