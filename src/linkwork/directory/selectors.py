"""Reads other apps need (home pages), always through the one authorisation module."""

from linkwork.accounts.authorisation import get_visible_or_404, has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.directory.models import Link, Service


def partner_links_for(user):
    """The links sent to the community partner's organisation, and nothing else."""
    return visible(user, Permission.RESPOND_TO_LINK, Link.objects.all()).select_related(
        "service", "organisation"
    )


def service_for(user, pk: int) -> Service:
    """A service to look at: any, for those who search; their own, for an organisation."""
    services = Service.objects.select_related("organisation")
    if has_permission(user, Permission.SEARCH_DIRECTORY):
        return get_visible_or_404(user, Permission.SEARCH_DIRECTORY, services, pk=pk)
    return get_visible_or_404(user, Permission.MANAGE_DIRECTORY_ORGANISATION, services, pk=pk)


def editable_service(user, pk: int) -> tuple[Service, bool]:
    """A service the user may change, and whether they change it as its organisation."""
    services = Service.objects.select_related("organisation")
    if has_permission(user, Permission.MANAGE_DIRECTORY):
        return get_visible_or_404(user, Permission.MANAGE_DIRECTORY, services, pk=pk), False
    service = get_visible_or_404(user, Permission.MANAGE_DIRECTORY_ORGANISATION, services, pk=pk)
    return service, True


def link_for(user, pk: int, permission=Permission.VIEW_LINK) -> Link:
    links = Link.objects.select_related("service", "organisation", "case__person", "created_by")
    return get_visible_or_404(user, permission, links, pk=pk)
