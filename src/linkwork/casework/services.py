"""Casework rules and writes. Views, the API, commands and tests all come through here."""

from datetime import date

from django.db import transaction

from linkwork.accounts.authorisation import get_visible_or_404
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.casework.models import Case, Person
from linkwork.organisations.models import LinkWorker, Practice


def load_case(user, pk: int, permission: Permission = Permission.VIEW_CASE) -> Case:
    """A case the user may reach, or 404."""
    cases = Case.objects.select_related(
        "person", "practice", "link_worker__user", "link_worker__provider"
    )
    return get_visible_or_404(user, permission, cases, pk=pk)


def audit_case(*, request, case: Case, action: Action = Action.VIEW, actor=None) -> None:
    hscp_id = case.link_worker.provider.hscp_id if case.link_worker else None
    record(
        action=action,
        request=request,
        actor=actor,
        obj=case,
        person_id=case.person_id,
        hscp_id=hscp_id,
    )


@transaction.atomic
def open_case(
    *,
    person: Person,
    link_worker: LinkWorker | None,
    practice: Practice | None,
    opened_on: date,
    complexity: str = "",
    actor=None,
    request=None,
) -> Case:
    case = Case.objects.create(
        person=person,
        link_worker=link_worker,
        practice=practice,
        opened_on=opened_on,
        complexity=complexity,
    )
    audit_case(request=request, case=case, action=Action.CREATE, actor=actor)
    return case
