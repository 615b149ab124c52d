"""Cases: list, read, change, and the records added to a case (mounted at /cases)."""

from ninja import Query, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from linkwork.accounts.api_auth import require
from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework import services
from linkwork.casework.api.common import case_for_change, outcome_fields, router
from linkwork.casework.models import Case, CaseStatus
from linkwork.casework.schemas import (
    CaseFilters,
    CaseSummaryOut,
    GoalIn,
    GoalOut,
    NeedIn,
    NeedOut,
    NoteIn,
    NoteOut,
    ReassignIn,
    SessionIn,
    SessionOut,
    SocialOutcomeIn,
    SocialOutcomeOut,
)
from linkwork.core.api import REFUSED, WRITE, Paged, aware, invalid, service_refusals
from linkwork.organisations.models import LinkWorker


def _audit_shown(request, cases) -> None:
    services.audit_cases(request=request, shown=[(case, None) for case in cases])


@router.get(
    "",
    response={200: list[CaseSummaryOut], **REFUSED},
    url_name="case_list",
    summary="The cases the caller may see",
)
@paginate(Paged, audit=_audit_shown)
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


@router.post(
    "/{case_id}/sessions",
    response={201: SessionOut, **WRITE},
    url_name="case_sessions",
    summary="Book a session (no outcome) or record one that happened (with its outcome)",
)
def session_new(request, case_id: int, payload: SessionIn):
    case = case_for_change(request, case_id)
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
    case = case_for_change(request, case_id)
    with service_refusals():
        goal = services.add_goal(
            case=case, by=request.user, wording=payload.wording, request=request
        )
    return Status(201, goal)


@router.post(
    "/{case_id}/social-outcomes",
    response={201: SocialOutcomeOut, **WRITE},
    url_name="case_social_outcomes",
    summary="Record a social outcome (income gained, housing secured ...) when it happens",
)
def social_outcome_new(request, case_id: int, payload: SocialOutcomeIn):
    case = case_for_change(request, case_id)
    fields = outcome_fields(case, payload.model_dump())
    with service_refusals():
        outcome = services.record_social_outcome(
            case=case, by=request.user, request=request, **fields
        )
    return Status(201, outcome)


@router.post(
    "/{case_id}/needs",
    response={201: NeedOut, 200: NeedOut, **WRITE},
    url_name="case_needs",
    summary="Record a need found in conversation (once per need: 200 and the record already "
    "there if it was recorded before)",
)
def need_new(request, case_id: int, payload: NeedIn):
    case = case_for_change(request, case_id)
    already = case.identified_needs.filter(need=payload.need).exists()
    with service_refusals():
        need = services.add_identified_need(
            case=case, by=request.user, need=payload.need, detail=payload.detail, request=request
        )
    return Status(200 if already else 201, need)


@router.post(
    "/{case_id}/notes",
    response={201: NoteOut, **WRITE},
    url_name="case_notes",
    summary="Add a note to the case",
)
def note_new(request, case_id: int, payload: NoteIn):
    case = case_for_change(request, case_id)
    with service_refusals():
        note = services.add_note(case=case, by=request.user, text=payload.text, request=request)
    return Status(201, note)


@router.post(
    "/{case_id}/reopen",
    response={200: CaseSummaryOut, **WRITE},
    url_name="case_reopen",
    summary="Reopen a closed case; its history is kept",
)
def case_reopen(request, case_id: int):
    case = case_for_change(request, case_id)
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
        services.reassign_case(
            case=case,
            by=request.user,
            link_worker=worker,
            reason=payload.reason or "",
            request=request,
            expected_version=payload.version,
        )
    return case
