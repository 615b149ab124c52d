"""The case at /cases/{case_id}: its whole file on GET, with the timeline every app fills,
and its complexity on PATCH, which shares the address (one router answers one path).
casework's router answers the rest of /cases."""

from ninja import Router

from linkwork.casefile.schemas import CaseOut
from linkwork.casework import services
from linkwork.casework.api.common import case_for_change
from linkwork.casework.schemas import CaseChangeIn, CaseSummaryOut
from linkwork.core.api import READ, WRITE, service_refusals

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
