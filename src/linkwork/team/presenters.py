"""What the team app adds to other pages: the case page's "ask for a debrief"."""

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.core.statements import statement
from linkwork.team.forms import DebriefForm
from linkwork.team.supervision import waiting_debriefs


@statement
def _waiting_for(case_id):
    return waiting_debriefs().filter(case=case_id)[:1]  # as first() would: the soonest asked


def debrief_panel(request, case) -> dict:
    """Shown to the case's own worker only: the button, or the request already waiting."""
    can_ask = has_permission(request.user, Permission.ASK_FOR_DEBRIEF, case)
    return {
        "template": "team/_debrief_panel.jinja",
        "can_ask": can_ask,
        "case": case,
        "waiting": next(iter(_waiting_for(case.pk)), None) if can_ask else None,
        "form": DebriefForm(),
    }
