"""Casework definitions that reports and pages must agree on."""

from django.db.models import Exists, OuterRef, QuerySet

from linkwork.casework.models import Session
from linkwork.core.codelists import codelist

# Outcomes that count as the person having attended (session_outcomes.csv).
ATTENDED_OUTCOMES = frozenset(
    code.code
    for code in codelist("session_outcomes").codes
    if code.extra.get("counts_as_attended") == "yes"
)


def attended_sessions(sessions: QuerySet) -> QuerySet:
    return sessions.filter(outcome__in=ATTENDED_OUTCOMES)


def with_engagement(cases: QuerySet) -> QuerySet:
    """Annotate `engaged`: a case is engaged when at least one session was attended."""
    attended = Session.objects.filter(case=OuterRef("pk"), outcome__in=ATTENDED_OUTCOMES)
    return cases.annotate(engaged=Exists(attended))


def is_engaged(case) -> bool:
    return attended_sessions(case.sessions.all()).exists()
