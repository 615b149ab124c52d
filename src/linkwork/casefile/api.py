"""The case at /cases/{case_id}: its whole file on GET, with the timeline every app fills,
and its complexity on PATCH, which shares the address (one router answers one path); and
closing it, which answers for its open actions and links as the close page does. casework's
router answers the rest of /cases."""

from ninja import Router

from linkwork.casefile import closing
from linkwork.casefile.schemas import CaseOut, CloseAnsweringIn
from linkwork.casework import rules, services
from linkwork.casework.api.common import case_for_change
from linkwork.casework.schemas import CaseChangeIn, CaseSummaryOut
from linkwork.core.api import READ, WRITE, invalid, service_refusals

router = Router(tags=["casework"])


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
    case = case_for_change(request, case_id)
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
    "/{case_id}/close",
    response={200: CaseSummaryOut, **WRITE},
    url_name="case_close",
    summary="Close the case with a coded reason, answering for each open action and link",
)
def case_close(request, case_id: int, payload: CloseAnsweringIn):
    case = case_for_change(request, case_id)
    iso_dates = rules.closure_date_errors(
        closed_on=payload.closed_on, opened_on=case.opened_on, date_format="%Y-%m-%d"
    )
    for field, message in iso_dates.items():
        raise invalid(field, message=message)
    with service_refusals():
        closing.close_answering(
            case=case,
            by=request.user,
            actions=payload.actions,
            links=payload.links,
            reason=payload.reason,
            closed_on=payload.closed_on,
            note=payload.note,
            not_engaged_reason=payload.not_engaged_reason or "",
            expected_version=payload.version,
            request=request,
        )
    return case
