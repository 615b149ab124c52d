"""The casework API: the same loads, checks and services as the casework pages.

`router` is mounted at /cases; `records_router` at the API root for the sessions, goals
and actions of a case, which are found through the cases the caller may reach."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.casework import rules, services
from linkwork.casework.models import Action, Case, CaseStatus, Goal, Session
from linkwork.casework.schemas import (
    ActionChangeIn,
    ActionIn,
    ActionOut,
    CaseChangeIn,
    CaseFilters,
    CaseOut,
    CaseSummaryOut,
    CloseIn,
    ErrorOut,
    GoalChangeIn,
    GoalIn,
    GoalOut,
    NeedIn,
    NeedOut,
    NoteIn,
    NoteOut,
    ReassignIn,
    SessionChangeIn,
    SessionIn,
    SessionOut,
    ValidationErrorOut,
)
from linkwork.core.models import EditConflict
from linkwork.organisations.models import LinkWorker

router = Router(tags=["casework"])
records_router = Router(tags=["casework"])

READ = {404: ErrorOut}
WRITE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


# Refusals shared with the referrals API


def invalid(*loc: str, message: str, kind: str = "invalid") -> ValidationError:
    """A 422 for one body field, shaped like ninja's own validation errors."""
    return ValidationError([{"type": kind, "loc": ["body", "payload", *loc], "msg": message}])


def require(request, permission: Permission, message: str) -> None:
    """A 403 (as JSON) for a caller whose roles do not grant `permission` at all."""
    if not has_permission(request.user, permission):
        raise HttpError(403, message)


@contextmanager
def service_refusals():
    """A stale `version` is a 409 with the service's message; anything the model refuses
    is a 422 naming the field. Services are atomic, so a refused write changes nothing."""
    try:
        yield
    except EditConflict as conflict:
        raise HttpError(409, str(conflict)) from conflict
    except DjangoValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise ValidationError(
            [
                {"type": "invalid", "loc": ["body", "payload", field], "msg": message}
                for field, messages in by_field.items()
                for message in messages
            ]
        ) from error


def aware(moment):
    """A date-time without a time zone is UK local time, as the pages read it."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# Loading, always through what the caller may reach


def _case_for_change(request, case_id: int) -> Case:
    return services.load_case(request.user, case_id, Permission.CHANGE_CASE)


def _on_case(request, model, pk: int, case_path: str, permission: Permission):
    """A record on a case the caller may reach with `permission`, or 404."""
    cases = visible(request.user, permission, Case.objects.all())
    related = [f"{case_path}__{name}" for name in services.CASE_RELATED]
    return get_object_or_404(
        model.objects.select_related(*related, f"{case_path}__practice__cluster"),
        pk=pk,
        **{f"{case_path}__in": cases},
    )


def _session(request, pk: int, permission=Permission.CHANGE_CASE) -> Session:
    return _on_case(request, Session, pk, "case", permission)


def _goal(request, pk: int, permission=Permission.CHANGE_CASE) -> Goal:
    return _on_case(request, Goal, pk, "case", permission)


def _action(request, pk: int, permission=Permission.CHANGE_CASE) -> Action:
    return _on_case(request, Action, pk, "goal__case", permission)


def _changes(payload) -> tuple[int, dict]:
    fields = payload.model_dump(exclude_unset=True)
    if "starts_at" in fields:
        fields["starts_at"] = aware(fields["starts_at"])
    return fields.pop("version"), fields


# Cases


@router.get(
    "",
    response=list[CaseSummaryOut],
    url_name="case_list",
    summary="The cases the caller may see",
)
@paginate(LimitOffsetPagination)
def case_list(request, filters: Query[CaseFilters]):
    require(request, Permission.VIEW_CASE, "Only link workers and team leads see cases.")
    cases = visible(
        request.user, Permission.VIEW_CASE, Case.objects.select_related(*services.CASE_RELATED)
    )
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.complexity:
        cases = cases.filter(complexity=filters.complexity)
    if filters.practice_code:
        cases = cases.filter(practice__code=filters.practice_code)
    return cases.order_by("-opened_on", "-pk")


@router.get(
    "/{case_id}",
    response={200: CaseOut, **READ},
    url_name="case_detail",
    summary="One case the caller may see, with its goals, sessions, needs and notes",
)
def case_detail(request, case_id: int):
    case = services.load_case(request.user, case_id)
    services.audit_case(request=request, case=case)
    return case


@router.patch(
    "/{case_id}",
    response={200: CaseSummaryOut, **WRITE},
    url_name="case_detail",
    summary="Set the case's complexity",
)
def case_change(request, case_id: int, payload: CaseChangeIn):
    case = _case_for_change(request, case_id)
    with service_refusals():
        services.set_complexity(
            case=case,
            by=request.user,
            complexity=payload.complexity,
            expected_version=payload.version,
            request=request,
        )
    return case


@router.post(
    "/{case_id}/sessions",
    response={201: SessionOut, **WRITE},
    url_name="case_sessions",
    summary="Book a session (no outcome) or record one that happened (with its outcome)",
)
def session_new(request, case_id: int, payload: SessionIn):
    case = _case_for_change(request, case_id)
    with service_refusals():
        session = services.record_session(
            case=case,
            by=request.user,
            starts_at=aware(payload.starts_at),
            mode=payload.mode,
            duration_minutes=payload.duration_minutes,
            outcome=payload.outcome or "",
            note=payload.note,
            request=request,
        )
    return Status(201, session)


@router.post(
    "/{case_id}/goals",
    response={201: GoalOut, **WRITE},
    url_name="case_goals",
    summary="Add a goal in the person's words",
)
def goal_new(request, case_id: int, payload: GoalIn):
    case = _case_for_change(request, case_id)
    with service_refusals():
        goal = services.add_goal(
            case=case, by=request.user, wording=payload.wording, request=request
        )
    return Status(201, goal)


@router.post(
    "/{case_id}/needs",
    response={201: NeedOut, **WRITE},
    url_name="case_needs",
    summary="Record a need found in conversation (once per need)",
)
def need_new(request, case_id: int, payload: NeedIn):
    case = _case_for_change(request, case_id)
    with service_refusals():
        need = services.add_identified_need(
            case=case, by=request.user, need=payload.need, detail=payload.detail, request=request
        )
    return Status(201, need)


@router.post(
    "/{case_id}/notes",
    response={201: NoteOut, **WRITE},
    url_name="case_notes",
    summary="Add a note to the case",
)
def note_new(request, case_id: int, payload: NoteIn):
    case = _case_for_change(request, case_id)
    with service_refusals():
        note = services.add_note(case=case, by=request.user, text=payload.text, request=request)
    return Status(201, note)


@router.post(
    "/{case_id}/close",
    response={200: CaseSummaryOut, **WRITE},
    url_name="case_close",
    summary="Close the case with a coded reason",
)
def case_close(request, case_id: int, payload: CloseIn):
    case = _case_for_change(request, case_id)
    iso_dates = rules.closure_date_errors(
        closed_on=payload.closed_on, opened_on=case.opened_on, date_format="%Y-%m-%d"
    )
    for field, message in iso_dates.items():
        raise invalid(field, message=message)
    with service_refusals():
        services.close_case(
            case=case,
            by=request.user,
            reason=payload.reason,
            closed_on=payload.closed_on,
            note=payload.note,
            expected_version=payload.version,
            request=request,
        )
    return case


@router.post(
    "/{case_id}/reopen",
    response={200: CaseSummaryOut, **WRITE},
    url_name="case_reopen",
    summary="Reopen a closed case; its history is kept",
)
def case_reopen(request, case_id: int):
    case = _case_for_change(request, case_id)
    if case.status != CaseStatus.CLOSED:
        raise HttpError(409, "The case is already open.")
    with service_refusals():
        services.reopen_case(case=case, by=request.user, request=request)
    return case


@router.post(
    "/{case_id}/reassign",
    response={200: CaseSummaryOut, **WRITE},
    url_name="case_reassign",
    summary="Hand the case over to another link worker (team leads)",
)
def case_reassign(request, case_id: int, payload: ReassignIn):
    case = services.load_case(request.user, case_id, Permission.ALLOCATE_CASES)
    workers = visible(request.user, Permission.ALLOCATE_CASES, LinkWorker.objects.all())
    worker = workers.select_related("user").filter(pk=payload.link_worker_id).first()
    if worker is None:
        ids = ", ".join(str(pk) for pk in workers.values_list("pk", flat=True))
        raise invalid(
            "link_worker_id", message=f"Choose one of the link workers you allocate to: {ids}"
        )
    with service_refusals():
        services.reassign_case(case=case, by=request.user, link_worker=worker, request=request)
    return case


# Sessions, goals and actions of a case


@records_router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, **READ},
    url_name="session_detail",
    summary="One session",
)
def session_detail(request, session_id: int):
    session = _session(request, session_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=session.case, obj=session)
    return session


@records_router.patch(
    "/sessions/{session_id}",
    response={200: SessionOut, **WRITE},
    url_name="session_detail",
    summary="Record a session's outcome, or change it",
)
def session_change(request, session_id: int, payload: SessionChangeIn):
    session = _session(request, session_id)
    version, fields = _changes(payload)
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
    goal = _goal(request, goal_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=goal.case, obj=goal)
    return goal


@records_router.patch(
    "/goals/{goal_id}",
    response={200: GoalOut, **WRITE},
    url_name="goal_detail",
    summary="Reword a goal or change its status",
)
def goal_change(request, goal_id: int, payload: GoalChangeIn):
    goal = _goal(request, goal_id)
    version, fields = _changes(payload)
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
    goal = _goal(request, goal_id)
    with service_refusals():
        action = services.add_action(
            goal=goal,
            by=request.user,
            description=payload.description,
            owner=payload.owner,
            due_on=payload.due_on,
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
    action = _action(request, action_id, Permission.VIEW_CASE)
    services.audit_case(request=request, case=action.goal.case, obj=action)
    return action


@records_router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, **WRITE},
    url_name="action_detail",
    summary="Change an action or record its progress",
)
def action_change(request, action_id: int, payload: ActionChangeIn):
    action = _action(request, action_id)
    version, fields = _changes(payload)
    with service_refusals():
        services.update_action(
            action=action, by=request.user, expected_version=version, request=request, **fields
        )
    return action
