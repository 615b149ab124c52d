"""The casework API's JSON: codes as stored, each with its `_label`; snake_case keys.

Input schemas refuse codes that are not in their coded list, naming the list's codes, so
every 422 says which field is wrong and what would be right. The API-wide pieces (request
bodies, coded values, error shapes) come from core/api.py and are exported here too."""

from linkwork.casework.schemas.base import Minutes, limited_text
from linkwork.casework.schemas.inputs import (
    ActionChangeIn,
    ActionIn,
    CaseChangeIn,
    CaseFilters,
    CheckInIn,
    CloseIn,
    GoalChangeIn,
    GoalIn,
    NeedIn,
    NoteChangeIn,
    NoteIn,
    PersonChangeIn,
    ReassignIn,
    SessionChangeIn,
    SessionIn,
    SocialOutcomeChangeIn,
    SocialOutcomeIn,
)
from linkwork.casework.schemas.out import (
    ActionOut,
    AgencyOut,
    CaseSummaryOut,
    GoalOut,
    NeedOut,
    NoteOut,
    PersonOut,
    SessionOut,
    SocialOutcomeOut,
)
from linkwork.core.api import (
    CodeOut,
    ErrorOut,
    FieldErrorOut,
    In,
    ValidationErrorOut,
    coded,
    required_text,
)

__all__ = [
    "ActionChangeIn",
    "ActionIn",
    "ActionOut",
    "AgencyOut",
    "CaseChangeIn",
    "CaseFilters",
    "CaseSummaryOut",
    "CheckInIn",
    "CloseIn",
    "CodeOut",
    "ErrorOut",
    "FieldErrorOut",
    "GoalChangeIn",
    "GoalIn",
    "GoalOut",
    "In",
    "Minutes",
    "NeedIn",
    "NeedOut",
    "NoteChangeIn",
    "NoteIn",
    "NoteOut",
    "PersonChangeIn",
    "PersonOut",
    "ReassignIn",
    "SessionChangeIn",
    "SessionIn",
    "SessionOut",
    "SocialOutcomeChangeIn",
    "SocialOutcomeIn",
    "SocialOutcomeOut",
    "ValidationErrorOut",
    "coded",
    "limited_text",
    "required_text",
]
