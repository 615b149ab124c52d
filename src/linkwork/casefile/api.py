"""The case at /cases/{case_id}: its whole file on GET, with the timeline every app fills,
and its complexity on PATCH, which shares the address (one router answers one path); and
closing it, which answers for its open actions and links as the close page does; and the
person on it, changed with the same checks as the person details page (the page's own form
runs over what the caller sends) and stopping the links their sharing preferences now
refuse, as the page does (decision 0126). casework's router answers the rest of /cases."""

from ninja import Router
from ninja.errors import ValidationError

from linkwork.casefile import closing
from linkwork.casefile.person import change_person
from linkwork.casefile.schemas import CaseOut, CloseAnsweringIn, PersonChangedOut
from linkwork.casework import rules, services
from linkwork.casework.api.common import case_for_change
from linkwork.casework.forms import PersonForm
from linkwork.casework.schemas import CaseChangeIn, CaseSummaryOut, PersonChangeIn
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


CONFIRM_ON_PAGE = "tick the box to confirm the date of birth is right"
CONFIRM_HERE = "send confirm_date_of_birth: true if the date of birth is right"


class PersonChangeForm(PersonForm):
    def birth_date_mismatch_error(self, chi: str) -> str:
        return super().birth_date_mismatch_error(chi).replace(CONFIRM_ON_PAGE, CONFIRM_HERE)


def _form_data(person, changes: dict) -> dict:
    """The person as recorded, with the caller's changes over it, as the page posts it."""
    data = PersonForm.recorded(person)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _refused(form) -> ValidationError:
    return ValidationError(
        [
            {"type": "invalid", "loc": ["body", "payload", field], "msg": message}
            for field, messages in form.errors.items()
            for message in messages
        ]
    )


@router.patch(
    "/{case_id}/person",
    response={200: PersonChangedOut, **WRITE},
    url_name="case_person",
    summary="Correct or complete the person's details; earlier values stay in history, and "
    "onward links their sharing preferences now refuse are withdrawn",
)
def person_change(request, case_id: int, payload: PersonChangeIn):
    case = case_for_change(request, case_id)
    person = case.person
    form = PersonChangeForm(_form_data(person, payload.model_dump(exclude_unset=True)))
    if not form.is_valid():
        raise _refused(form)
    with service_refusals():
        try:
            changed = change_person(
                person=person,
                case=case,
                by=request.user,
                expected_version=payload.version,
                request=request,
                **form.person_fields(),
            )
        except services.DuplicateChi as duplicate:
            raise invalid("chi", message=str(duplicate)) from duplicate
    person.links_stopped = [link.pk for link in changed.links_stopped]  # for the answer
    return person
