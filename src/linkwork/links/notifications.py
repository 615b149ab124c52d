"""Emails about links. None holds personal data: a new referral email says only that there
is one and where to sign in to read it."""

from django.core.mail import send_mail
from django.urls import reverse

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.core.mail import site_url


def partner_addresses(organisation) -> list[str]:
    """The organisation's shared mailbox and its community partners' own addresses."""
    users = RoleAssignment.objects.filter(
        role=Role.COMMUNITY_PARTNER, community_organisation=organisation, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({address for address in [organisation.email, *users] if address})


def new_link(link) -> None:
    recipients = partner_addresses(link.organisation)
    if not recipients:
        return
    send_mail(
        subject="New referral from a link worker",
        message=(
            f"{link.organisation.name} has a new referral to {link.service.name} "
            "from a Community Link Worker.\n\n"
            f"Sign in to read it and reply: {site_url(reverse('links:partner_links'))}\n\n"
            "For privacy, this email does not say who the referral is for."
        ),
        from_email=None,
        recipient_list=recipients,
    )
