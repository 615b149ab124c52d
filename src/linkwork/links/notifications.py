"""Emails about links. None holds personal data: a new referral email says only that there
is one and where to sign in to read it; a withdrawn one, its number and that it was."""

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


def _tell(organisation, subject: str, message: str) -> None:
    if recipients := partner_addresses(organisation):
        send_mail(subject=subject, message=message, from_email=None, recipient_list=recipients)


def new_link(link) -> None:
    _tell(
        link.organisation,
        "New referral from a link worker",
        f"{link.organisation.name} has a new referral to {link.service.name} "
        "from a Community Link Worker.\n\n"
        f"Sign in to read it and reply: {site_url(reverse('links:partner_links'))}\n\n"
        "For privacy, this email does not say who the referral is for.",
    )


def withdrawn_link(link) -> None:
    """The worker withdrew a referral the organisation had (decision 0126): its number only,
    so that nobody contacts the person about it."""
    _tell(
        link.organisation,
        f"Referral {link.pk} withdrawn",
        f"Referral number {link.pk} to {link.organisation.name} has been withdrawn by the "
        "Community Link Worker. Please do not contact the person about it.\n\n"
        f"Sign in to see it: {site_url(reverse('links:partner_link', args=[link.pk]))}\n\n"
        "For privacy, this email does not say who the referral was for, or why.",
    )
