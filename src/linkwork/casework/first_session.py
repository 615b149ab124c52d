"""The first session starts from the referral (nothing typed twice): what matters to the
person becomes a goal in their words, and the referral's reasons the needs to confirm."""

from dataclasses import dataclass, field

from django.db import transaction

from linkwork.casework import services
from linkwork.casework.models import Case, Session
from linkwork.casework.rules import is_engaged
from linkwork.core.statements import statement


@dataclass
class StartingPoint:
    """What the referral said, for the worker to confirm at the first session."""

    what_matters: str = ""
    reasons: list[str] = field(default_factory=list)


def starting_point(case: Case, *, engaged: bool | None = None) -> StartingPoint | None:
    """The latest referral into the case, while no session has been attended yet (`engaged`
    if the caller has asked already)."""
    if is_engaged(case) if engaged is None else engaged:
        return None
    latest = _latest_referral(case.pk)
    if not latest:
        return None
    what_matters, referral_id = latest[0]
    return StartingPoint(what_matters=what_matters, reasons=_reasons(referral_id))


# Referrals builds on casework, so casework reaches them through the case, never by import.


def _referral_model():
    return Case._meta.get_field("referrals").related_model


@statement
def _latest_referral(case_id):
    referrals = _referral_model().objects.filter(case=case_id)
    return referrals.order_by("-received_on", "-pk").values_list("what_matters", "pk")[:1]


@statement
def _reasons(referral_id):
    reasons = _referral_model()._meta.get_field("reasons").related_model
    return reasons.objects.filter(referral=referral_id).values_list("need", flat=True)


@transaction.atomic
def record_first_session(
    *,
    case: Case,
    by,
    goal: str = "",
    needs=(),
    complexity: str = "",
    request=None,
    **session_fields,
) -> Session:
    """The session, and if the person came, the goal and needs agreed at it (a goal
    already on the case is not added again; a need already noted is kept as it is) and the
    complexity judged at it."""
    session = services.record_session(case=case, by=by, request=request, **session_fields)
    if session.outcome != "attended":
        return session
    if goal and not case.goals.filter(wording=goal).exists():
        services.add_goal(case=case, by=by, wording=goal, request=request)
    for need in dict.fromkeys(needs):
        services.add_identified_need(case=case, by=by, need=need, request=request)
    if complexity and complexity != case.complexity:
        services.set_complexity(case=case, by=by, complexity=complexity, request=request)
    return session
