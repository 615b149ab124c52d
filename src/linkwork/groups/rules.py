"""What a group, its meetings and its attendance may be, in the service's words: the
forms and the services both use these."""

from linkwork.core.codelists import codelist

# How a person is marked at a meeting: codes of session_outcomes.csv, the session each
# becomes on their case.
ATTENDANCE_OUTCOMES = ("attended", "did_not_attend", "cancelled_by_person")
ATTENDANCE_CHOICES = [
    (
        code,
        "Cancelled" if code == "cancelled_by_person" else codelist("session_outcomes").label(code),
    )
    for code in ATTENDANCE_OUTCOMES
]
GROUP_MODE = "group"  # session_modes.csv
CAPACITY = (1, 200)
WEEKS = (1, 52)  # a weekly series of meetings: at most a year at once

CAPACITY_WRONG = "Enter how many people the group can take, from 1 to 200"
WEEKS_WRONG = "Enter how many weekly meetings to add, from 1 to 52"
CO_WORKER_IS_LEAD = "Choose a co-worker other than the lead, or none"
CO_WORKER_NOT_LISTED = "Choose a co-worker from the list of link workers, or none"
CO_WORKER_ELSEWHERE = "Choose a co-worker from the lead's HSCP"
NOT_YET_MET = "This meeting has not happened yet: record attendance once it has started ({starts})"
GROUP_FULL = (
    "The group takes {capacity} and {members} are invited already: choose no more than {room}"
)
CLOSED_CASE_INVITE = "{name}'s case is closed: reopen it first to invite them"
CLOSED_CASE_ATTENDANCE = (
    "{name}'s case is closed: reopen it to record their attendance, or leave them blank"
)
OTHER_HSCP = "{name} is supported in another HSCP: only people of the group's HSCP can join"
OUTCOME_WRONG = "Choose attended, did not attend or cancelled"
NOT_ON_CASELOAD = "Choose only people listed here: the list may have changed"
NOTHING_RECORDED = (
    "Nothing recorded: choose Attended, Did not attend or Cancelled for at least one person"
)
NOBODY_CHOSEN = "Choose at least one person to invite"
ALREADY_LISTED = "This group is already in the directory"
