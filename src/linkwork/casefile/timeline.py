"""One timeline of everything on a case, newest first.

Every source is listed here: a function of the case that yields timeline entries, kept
by the app whose records it reads."""

from linkwork.activity.timeline import meeting_entries
from linkwork.casework.models import Case
from linkwork.casework.timeline import (
    Entry,
    agency_entries,
    change_entries,
    goal_entries,
    need_entries,
    note_entries,
    outcome_entries,
    session_entries,
)
from linkwork.links.timeline import link_entries
from linkwork.outcomes.timeline import feedback_entries, questionnaire_entries
from linkwork.referrals.timeline import referral_entries

# In this order when two entries share a moment.
SOURCES = [
    referral_entries,
    session_entries,
    goal_entries,
    need_entries,
    note_entries,
    link_entries,
    outcome_entries,
    agency_entries,
    change_entries,
    questionnaire_entries,
    feedback_entries,
    meeting_entries,
]


def timeline(case: Case) -> list[Entry]:
    entries = [entry for source in SOURCES for entry in source(case)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
