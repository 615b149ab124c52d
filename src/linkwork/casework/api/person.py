"""The person on a case, changed with the same checks as the person details page: the
page's own form runs over what the caller sends (CHI, postcode, a date of birth that does
not match the CHI number needing `confirm_date_of_birth`)."""

from ninja.errors import ValidationError

from linkwork.casework import services
from linkwork.casework.api.common import case_for_change, router
from linkwork.casework.forms import PersonForm
from linkwork.casework.schemas import PersonChangeIn, PersonOut
from linkwork.core.api import WRITE, invalid, service_refusals

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
    response={200: PersonOut, **WRITE},
    url_name="case_person",
    summary="Correct or complete the person's details; earlier values stay in history",
)
def person_change(request, case_id: int, payload: PersonChangeIn):
    case = case_for_change(request, case_id)
    person = case.person
    form = PersonChangeForm(_form_data(person, payload.model_dump(exclude_unset=True)))
    if not form.is_valid():
        raise _refused(form)
    with service_refusals():
        try:
            services.update_person(
                person=person,
                case=case,
                by=request.user,
                expected_version=payload.version,
                request=request,
                **form.person_fields(),
            )
        except services.DuplicateChi as duplicate:
            raise invalid("chi", message=str(duplicate)) from duplicate
    return person
