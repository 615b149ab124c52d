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
        suggestions_waiting(kept)
        .select_related("service__organisation", "suggested_by")
        .order_by("suggested_at", "pk")
    )


def suggestions_waiting(suggestions):
    """Those of `suggestions` waiting for a decision."""
    return suggestions.filter(status=SuggestionStatus.WAITING)


def waiting_for(user, service) -> int:
    """How many suggestions for `service` wait for the user as one of its keepers."""
    reached = reach(user, Permission.MANAGE_DIRECTORY, ServiceSuggestion)
    return number(_waiting_for(service.pk, SuggestionStatus.WAITING, reached=reached))


def latest_own_suggestions(user, service) -> list:
    """The user's own five latest suggestions for `service`, as `own_suggestions` orders."""
    reached = reach(user, Permission.SUGGEST_SERVICE_CHANGE, ServiceSuggestion)
    return _own_for(service.pk, reached=reached)


@statement
def _waiting_for(service_id, status, *, reached):
    suggestions = ServiceSuggestion.objects.filter(service=service_id, status=status)
    return counted(within(reached, suggestions))


@statement
def _own_for(service_id, *, reached):
    mine = within(reached, ServiceSuggestion.objects.filter(service=service_id))
    return mine.select_related("service__organisation", "decided_by")[:5]


def own_suggestions(user, service=None):
    """The user's own suggestions, newest first (of one service, if given)."""
    mine = visible(user, Permission.SUGGEST_SERVICE_CHANGE, ServiceSuggestion.objects.all())
    if service is not None:
        mine = mine.filter(service=service)
    return mine.select_related("service__organisation", "decided_by")


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
