from datetime import date

from ninja import Router, Schema

from linkwork.casework.services import audit_case, load_case

router = Router(tags=["casework"])


class CaseOut(Schema):
    id: int
    status: str
    opened_on: date
    closed_on: date | None
    complexity: str
    practice_code: str | None
    link_worker: str | None
    person_name: str
    person_chi: str | None


@router.get("/{case_id}", response=CaseOut, summary="One case the caller may see")
def case_detail(request, case_id: int):
    case = load_case(request.user, case_id)
    audit_case(request=request, case=case)
    return {
        "id": case.pk,
        "status": case.status,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "complexity": case.complexity,
        "practice_code": case.practice.code if case.practice else None,
        "link_worker": case.link_worker.user.get_full_name() if case.link_worker else None,
        "person_name": case.person.full_name,
        "person_chi": case.person.chi,
    }
