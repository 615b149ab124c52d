"""Reads other apps need (home pages), always through the one authorisation module."""

from linkwork.accounts.authorisation import (
    get_visible_or_404,
    has_permission,
    reach,
    reached_or_404,
    visible,
    within,
)
from linkwork.accounts.roles import Permission
from linkwork.core.paging import counted, number
from linkwork.core.statements import statement
from linkwork.directory.models import Service, ServiceSuggestion, SuggestionStatus

OWN = Permission.SUGGEST_SERVICE_CHANGE  # what reaches a user's own suggestions


def service_for(user, pk: int) -> Service:
    """A service to look at: any, for those who search; their own, for an organisation."""
    permission = Permission.SEARCH_DIRECTORY
    if not has_permission(user, permission):
        permission = Permission.MANAGE_DIRECTORY_ORGANISATION
    return reached_or_404(user, permission, Service, pk, ("organisation",))


def kept_service(user, pk: int) -> Service:
    """A service the user keeps (decision 13): their HSCP's, or any for a national
    administrator. Anyone else's is a 404, even to those who may read it."""
    return reached_or_404(user, Permission.MANAGE_DIRECTORY, Service, pk, ("organisation",))


def editable_service(user, pk: int) -> tuple[Service, bool]:
    """A service the user may change, and whether they change it as its organisation: one
    they keep, else one of the organisation they are a community partner of."""
    services = Service.objects.select_related("organisation")
    kept = visible(user, Permission.MANAGE_DIRECTORY, services).filter(pk=pk).first()
    if kept is not None:
        return kept, False
    service = get_visible_or_404(user, Permission.MANAGE_DIRECTORY_ORGANISATION, services, pk=pk)
    return service, True


def suggestions_to_decide(user):
    """Suggestions waiting for the user as a keeper of their services, oldest first."""
    kept = visible(user, Permission.MANAGE_DIRECTORY, ServiceSuggestion.objects.all())
    return (
        _waiting(kept)
        .select_related("service__organisation", "suggested_by")
        .order_by("suggested_at", "pk")
    )


def suggestions_waiting(user, service=None) -> int:
    """How many of `suggestions_to_decide` there are (for `service` alone, if given)."""
    reached = reach(user, Permission.MANAGE_DIRECTORY, ServiceSuggestion)
    if service is None:
        return number(_waiting_count(SuggestionStatus.WAITING, reached=reached))
    return number(_waiting_count_for(service.pk, SuggestionStatus.WAITING, reached=reached))


def _waiting(suggestions):
    return suggestions.filter(status=SuggestionStatus.WAITING)


def latest_own_suggestions(user, service) -> list:
    """The user's own five latest suggestions for `service`, as `own_suggestions` lists them."""
    reached = reach(user, OWN, ServiceSuggestion)
    return _own_for(service.pk, reached=reached)


@statement
def _waiting_count(status, *, reached):
    return counted(within(reached, ServiceSuggestion.objects.filter(status=status)))


@statement
def _waiting_count_for(service_id, status, *, reached):
    suggestions = ServiceSuggestion.objects.filter(service=service_id, status=status)
    return counted(within(reached, suggestions))


@statement
def _own_for(service_id, *, reached):
    return _listed(within(reached, ServiceSuggestion.objects.filter(service=service_id)))[:5]


def own_suggestions(user, service=None):
    """The user's own suggestions, newest first (of one service, if given)."""
    mine = visible(user, OWN, ServiceSuggestion.objects.all())
    if service is not None:
        mine = mine.filter(service=service)
    return _listed(mine)


def _listed(suggestions):
    return suggestions.select_related("service__organisation", "decided_by")


def _suggestions():
    return ServiceSuggestion.objects.select_related(
        "service__organisation", "suggested_by", "decided_by"
    )


def suggestion_to_decide(user, pk: int) -> ServiceSuggestion:
    """A suggestion for a service the user keeps; any other is a 404."""
    return get_visible_or_404(user, Permission.MANAGE_DIRECTORY, _suggestions(), pk=pk)


def suggestion_for(user, pk: int) -> tuple[ServiceSuggestion, bool]:
    """A suggestion, and whether the user may decide it: theirs to decide as a keeper of
    its service, or theirs to read as its suggester."""
    kept = visible(user, Permission.MANAGE_DIRECTORY, _suggestions()).filter(pk=pk).first()
    if kept is not None:
        return kept, True
    mine = get_visible_or_404(user, Permission.SUGGEST_SERVICE_CHANGE, _suggestions(), pk=pk)
    return mine, False
