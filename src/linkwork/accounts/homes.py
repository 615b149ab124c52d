"""What each role's home page shows, built from the records the user may see."""

from django.db.models import Count, Q

from linkwork.accounts.authorisation import role_assignments, visible
from linkwork.accounts.roles import Permission, Role
from linkwork.casework.models import Case, CaseStatus
from linkwork.organisations.models import LinkWorker, Practice, PracticeAttachment
from linkwork.reporting.services import practice_figures


def _scopes(user, role: Role) -> list:
    return [a.scope for a in role_assignments(user) if a.role == role]


def link_worker_home(user) -> dict:
    worker = getattr(user, "link_worker", None)
    cases = (
        visible(user, Permission.VIEW_CASE, Case.objects.filter(link_worker__user=user))
        .filter(status=CaseStatus.OPEN)
        .select_related("person", "practice")
        .order_by("person__family_name", "person__given_name")
    )
    attachments = (
        PracticeAttachment.objects.filter(link_worker=worker).select_related("practice")
        if worker
        else []
    )
    return {"worker": worker, "open_cases": cases, "attachments": attachments}


def practice_home(user) -> dict:
    practices = _scopes(user, Role.PRACTICE_STAFF)
    attachments = (
        PracticeAttachment.objects.filter(practice__in=practices)
        .select_related("link_worker__user", "practice")
        .order_by("practice__name")
    )
    return {"practices": practices, "attachments": attachments}


def team_lead_home(user) -> dict:
    workers = (
        visible(user, Permission.ALLOCATE_CASES, LinkWorker.objects.all())
        .select_related("user", "provider")
        .annotate(open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)))
        .prefetch_related("attachments__practice")
    )
    practices = visible(user, Permission.VIEW_PRACTICE, Practice.objects.all())
    return {
        "providers": _scopes(user, Role.TEAM_LEAD),
        "workers": workers,
        "practice_count": practices.count(),
    }


def commissioner_home(user) -> dict:
    return {"hscps": _scopes(user, Role.COMMISSIONER), "figures": practice_figures(user)}


def partner_home(user) -> dict:
    return {"organisations": _scopes(user, Role.COMMUNITY_PARTNER)}


def administrator_home(user) -> dict:
    return {
        "hscps": _scopes(user, Role.ADMINISTRATOR),
        "practice_count": visible(user, Permission.VIEW_PRACTICE, Practice.objects.all()).count(),
        "worker_count": visible(
            user, Permission.VIEW_LINK_WORKER, LinkWorker.objects.all()
        ).count(),
    }
