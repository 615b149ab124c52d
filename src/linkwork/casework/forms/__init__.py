"""Casework forms, rendered as NHS components (core/forms.py). Bad input gets a message
naming the field and the fix; typed values are kept."""

from linkwork.casework.forms.agencies import AgencyForm, EndAgencyForm, HoldForm
from linkwork.casework.forms.cases import (
    CaseloadFilterForm,
    CloseForm,
    ComplexityForm,
    HandoverForm,
    PracticeSharingForm,
    ReassignForm,
)
from linkwork.casework.forms.outcomes import SocialOutcomeForm
from linkwork.casework.forms.person import PersonFields, PersonForm
from linkwork.casework.forms.plans import ActionForm, GoalForm, NeedForm, NoteForm
from linkwork.casework.forms.sessions import CheckInForm, OutcomeForm, SessionForm

__all__ = [
    "ActionForm",
    "AgencyForm",
    "EndAgencyForm",
    "HoldForm",
    "CaseloadFilterForm",
    "CheckInForm",
    "CloseForm",
    "ComplexityForm",
    "GoalForm",
    "HandoverForm",
    "NeedForm",
    "NoteForm",
    "PracticeSharingForm",
    "OutcomeForm",
    "PersonFields",
    "PersonForm",
    "ReassignForm",
    "SessionForm",
    "SocialOutcomeForm",
]
