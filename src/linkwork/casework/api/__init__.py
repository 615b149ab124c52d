"""The casework API: the same loads, checks and services as the casework pages.

`router` is mounted at /cases; `records_router` at the API root for the sessions, goals,
actions and notes of a case, which are found through the cases the caller may reach.
The refusal helpers are shared with the referrals API."""

from linkwork.casework.api import cases, person, records  # noqa: F401 (registers operations)
from linkwork.casework.api.common import (
    READ,
    REFUSED,
    WRITE,
    aware,
    goal_of,
    invalid,
    records_router,
    require,
    router,
    service_refusals,
)

_goal = goal_of  # the name outcomes/case_api.py imports

__all__ = ["READ", "WRITE", "aware", "goal_of", "invalid", "records_router", "require", "router"]
__all__ += ["REFUSED", "service_refusals"]
