"""Sessions (with lone-working check-in and out), goals, actions and notes of a case,
mounted at the API root and found through the cases the caller may reach."""

from django.utils import timezone
from ninja import Status
from ninja.errors import HttpError

from linkwork.accounts.roles import Permission
from linkwork.casework import rules, services
from linkwork.casework.api.common import (
    action_of,
    changes_of,
    goal_of,
    note_of,
    outcome_fields,
    outcome_of,
    records_router,
    session_of,
)
from linkwork.casework.schemas import (
    ActionChangeIn,
    ActionIn,
    ActionOut,
    CheckInIn,
    GoalChangeIn,
    GoalOut,
    NoteChangeIn,
    NoteOut,
    SessionChangeIn,
    SessionOut,
    SocialOutcomeChangeIn,
    SocialOutcomeOut,
)
from linkwork.core.api import READ, WRITE, aware, invalid, service_refusals


@records_router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, **READ},
    url_name="session_detail",
    summary="One session",
)
def session_detail(request, session_id: int):
    session = session_of(request, session_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=session.case, obj=session)
    return session


@records_router.patch(
    "/sessions/{session_id}",
    response={200: SessionOut, **WRITE},
    url_name="session_detail",
    summary="Record a session's outcome, or change it",
)
def session_change(request, session_id: int, payload: SessionChangeIn):
    session = session_of(request, session_id)
    version, fields = changes_of(payload)
    with service_refusals():
        services.update_session(
            session=session, by=request.user, expected_version=version, request=request, **fields
        )
    return session


@records_router.get(
    "/goals/{goal_id}",
    response={200: GoalOut, **READ},
    url_name="goal_detail",
    summary="One goal and its actions",
)
def goal_detail(request, goal_id: int):
    goal = goal_of(request, goal_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=goal.case, obj=goal)
    return goal


@records_router.patch(
    "/goals/{goal_id}",
    response={200: GoalOut, **WRITE},
    url_name="goal_detail",
    summary="Reword a goal or change its status",
)
def goal_change(request, goal_id: int, payload: GoalChangeIn):
    goal = goal_of(request, goal_id)
    version, fields = changes_of(payload)
    with service_refusals():
        services.update_goal(
            goal=goal, by=request.user, expected_version=version, request=request, **fields
        )
    return goal


@records_router.post(
    "/goals/{goal_id}/actions",
    response={201: ActionOut, **WRITE},
    url_name="goal_actions",
    summary="Add an action towards a goal",
)
def action_new(request, goal_id: int, payload: ActionIn):
    goal = goal_of(request, goal_id)
    with service_refusals():
        action = services.add_action(
            goal=goal,
            by=request.user,
            description=payload.description,
            owner=payload.owner,
            due_on=payload.due_on,
            support_type=payload.support_type,
            request=request,
        )
    return Status(201, action)


@records_router.get(
    "/actions/{action_id}",
    response={200: ActionOut, **READ},
    url_name="action_detail",
    summary="One action",
)
def action_detail(request, action_id: int):
    action = action_of(request, action_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=action.goal.case, obj=action)
    return action


@records_router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, **WRITE},
    url_name="action_detail",
    summary="Change an action or record its progress",
)
def action_change(request, action_id: int, payload: ActionChangeIn):
    action = action_of(request, action_id)
    version, fields = changes_of(payload)
    with service_refusals():
        services.update_action(
            action=action, by=request.user, expected_version=version, request=request, **fields
        )
    return action


@records_router.get(
    "/notes/{note_id}",
    response={200: NoteOut, **READ},
    url_name="note_detail",
    summary="One note, with who corrected it last and when",
)
def note_detail(request, note_id: int):
    note = note_of(request, note_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=note.case, obj=note)
    return note


@records_router.patch(
    "/notes/{note_id}",
    response={200: NoteOut, **WRITE},
    url_name="note_detail",
    summary="Correct a note; the earlier wording is kept in its history",
)
def note_change(request, note_id: int, payload: NoteChangeIn):
    note = note_of(request, note_id)
    with service_refusals():
        services.correct_note(
            note=note,
            by=request.user,
            text=payload.text,
            expected_version=payload.version,
            request=request,
        )
    return note


def _lone_working(session, *, checking_in: bool) -> None:
    """A session that is not a lone visit, or a check-out with no check-in, is a 409."""
    if refusal := rules.lone_working_refusal(session, checking_in=checking_in):
        raise HttpError(409, refusal)


@records_router.post(
    "/sessions/{session_id}/check-in",
    response={200: SessionOut, **WRITE},
    url_name="session_check_in",
    summary="Lone working: at a home or community visit, back by a time (team lead alerted)",
)
def session_check_in(request, session_id: int, payload: CheckInIn):
    session = session_of(request, session_id)
    _lone_working(session, checking_in=True)
    back = aware(payload.expected_back_at)
    for field, message in rules.expected_back_errors(back, timezone.now()).items():
        raise invalid(field, message=message)
    with service_refusals():
        services.check_in(session=session, by=request.user, expected_back_at=back, request=request)
    return session


@records_router.post(
    "/sessions/{session_id}/check-out",
    response={200: SessionOut, **WRITE},
    url_name="session_check_out",
    summary="Lone working: safely away from the visit",
)
def session_check_out(request, session_id: int):
    session = session_of(request, session_id)
    _lone_working(session, checking_in=False)
    with service_refusals():
        services.check_out(session=session, by=request.user, request=request)
    return session


@records_router.get(
    "/social-outcomes/{outcome_id}",
    response={200: SocialOutcomeOut, **READ},
    url_name="social_outcome_detail",
    summary="One social outcome",
)
def social_outcome_detail(request, outcome_id: int):
    outcome = outcome_of(request, outcome_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=outcome.case, obj=outcome)
    return outcome


@records_router.patch(
    "/social-outcomes/{outcome_id}",
    response={200: SocialOutcomeOut, **WRITE},
    url_name="social_outcome_detail",
    summary="Correct a social outcome; the earlier version stays in its history",
)
def social_outcome_change(request, outcome_id: int, payload: SocialOutcomeChangeIn):
    outcome = outcome_of(request, outcome_id)
    version, fields = changes_of(payload)
    fields = outcome_fields(outcome.case, fields)
    with service_refusals():
        services.correct_social_outcome(
            outcome=outcome, by=request.user, expected_version=version, request=request, **fields
        )
    return outcome
