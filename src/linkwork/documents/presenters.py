"""What documents adds to the case page: the case's letters and forms, and the form to
attach one for those who may change the case while it is open."""

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.core.statements import statement
from linkwork.documents.forms import AttachForm
from linkwork.documents.models import CaseDocument


@statement
def _documents(case_id):
    return CaseDocument.objects.filter(case=case_id).select_related(None)


def case_panel(request, case, *, can_change: bool | None = None) -> dict:
    """The case page has already audited its reading of the case, and may have decided
    already whether the user may change it (`can_change`): no need to ask twice."""
    if can_change is None:
        can_change = has_permission(request.user, Permission.CHANGE_CASE, case)
    can_attach = case.is_open and can_change
    return {
        "template": "documents/_case_panel.jinja",
        "documents": _documents(case.pk),
        "can_attach": can_attach,
        "form": AttachForm() if can_attach else None,
        "case": case,
    }
