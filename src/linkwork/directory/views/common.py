from django.http import Http404
from django.shortcuts import render

from linkwork.accounts.authorisation import get_visible_or_404, has_permission
from linkwork.accounts.roles import Permission
from linkwork.casework.services import load_case
from linkwork.directory.models import Link, Service


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


def case_for_linking(request, pk):
    """The case a worker is linking from, if any: one they may change."""
    if not pk:
        return None
    try:
        return load_case(request.user, int(pk), Permission.CHANGE_CASE)
    except ValueError:
        raise Http404 from None


def link_for(user, pk: int, permission=Permission.VIEW_LINK) -> Link:
    links = Link.objects.select_related("service", "organisation", "case__person", "created_by")
    return get_visible_or_404(user, permission, links, pk=pk)


def page(request, template: str, title: str, status: int = 200, **context):
    return render(
        request, f"directory/{template}.jinja", {"page_title": title, **context}, status=status
    )
