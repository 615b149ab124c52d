"""Scores as JSON text, the same for the `score` command and the API. Imports nothing
but the standard library, so `linkwork score` needs no database."""

import json
from decimal import Decimal


def score_json(result) -> str:
    return to_json(result.as_dict())


def to_json(value) -> str:
    """JSON in which a Decimal is a number written to its own places: a metric score of
    22.30 reads 22.30, as in Warwick's table, not 22.3 (float) or "22.30" (a string)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        pairs = (f"{json.dumps(str(key))}: {to_json(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_json(item) for item in value) + "]"
    return json.dumps(value)
