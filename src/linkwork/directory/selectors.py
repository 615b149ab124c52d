"""Reads other apps need (home pages), always through the one authorisation module."""

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.directory.models import Link


def partner_links_for(user):
    """The links sent to the community partner's organisation, and nothing else."""
    return visible(user, Permission.RESPOND_TO_LINK, Link.objects.all()).select_related(
        "service", "organisation"
    )
