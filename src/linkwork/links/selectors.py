"""Reads of links, always through the one authorisation module."""

from linkwork.accounts.authorisation import get_visible_or_404, visible
from linkwork.accounts.roles import Permission
from linkwork.links.models import Link

# What a partner's reading of a link needs of the person: their sharing preferences.
PREFERENCES = "case__person__refused_organisations"


def partner_links_for(user):
    """The links sent to the community partner's organisation, and nothing else."""
    links = visible(user, Permission.RESPOND_TO_LINK, Link.objects.all())
    return links.select_related("service", "organisation", "case__person").prefetch_related(
        PREFERENCES
    )


def link_for(user, pk: int, permission=Permission.VIEW_LINK) -> Link:
    links = Link.objects.select_related("service", "organisation", "case__person", "created_by")
    return get_visible_or_404(user, permission, links, pk=pk)
