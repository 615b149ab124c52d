"""The casework API: the same loads, checks and services as the casework pages.

`router` is mounted at /cases; `records_router` at the API root for the sessions, goals,
actions and notes of a case, which are found through the cases the caller may reach."""

from linkwork.casework.api import cases, records  # noqa: F401 (registers operations)
from linkwork.casework.api.common import goal_of, records_router, router

__all__ = ["goal_of", "records_router", "router"]
