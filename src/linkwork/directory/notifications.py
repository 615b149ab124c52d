"""Emails from the directory to the keepers of its services and to those who suggest
changes. None holds personal data."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.core.mail import site_url


def keeper_addresses(service) -> list[str]:
    """Who hears of a change to a service or a suggestion for it: the shared mailbox if one
    is set, else the team leads of the HSCPs that keep it (its organisation's and those
    that also list it), else, for a service nobody has claimed, national administrators."""
    if settings.DIRECTORY_TEAM_EMAILS:
        return list(settings.DIRECTORY_TEAM_EMAILS)
    hscps = {service.organisation.hscp_id, *service.listed_by.values_list("pk", flat=True)}
    hscps.discard(None)
    if hscps:
        keepers = RoleAssignment.objects.filter(role=Role.TEAM_LEAD, provider__hscp_id__in=hscps)
    else:
        keepers = RoleAssignment.objects.filter(role=Role.ADMINISTRATOR, hscp__isnull=True)
    addresses = keepers.filter(user__is_active=True).values_list("user__email", flat=True)
    return sorted({address for address in addresses if address})


def changed_by_organisation(service, changed: list[str]) -> None:
    recipients = keeper_addresses(service)
    if not recipients:
        return
    send_mail(
        subject=f"Directory: {service.organisation.name} updated {service.name}",
        message=(
            f"{service.organisation.name} changed {', '.join(changed)} of {service.name}. "
            "The change is live and marked as theirs.\n\n"
            f"Check it: {site_url(reverse('directory:service', args=[service.pk]))}"
        ),
        from_email=None,
        recipient_list=recipients,
    )


def new_suggestion(suggestion) -> None:
    service = suggestion.service
    recipients = keeper_addresses(service)
    if not recipients:
        return
    send_mail(
        subject=f"Directory: a change to {service.name} is suggested",
        message=(
            f"A change to {service.name} ({service.organisation.name}) has been suggested. "
            "It changes nothing until one of the service's keepers accepts it.\n\n"
            f"Accept or reject it: {site_url(_suggestion_path(suggestion))}"
        ),
        from_email=None,
        recipient_list=recipients,
    )


def suggestion_decided(suggestion) -> None:
    address = suggestion.suggested_by.email
    if not address:
        return
    send_mail(
        subject=f"Directory: your suggestion for {suggestion.service.name} was "
        f"{suggestion.get_status_display().lower()}",
        message=(
            f"Your suggested change to {suggestion.service.name} was "
            f"{suggestion.get_status_display().lower()}.\n\n"
            f"Read why: {site_url(_suggestion_path(suggestion))}"
        ),
        from_email=None,
        recipient_list=[address],
    )


def _suggestion_path(suggestion) -> str:
    return reverse("directory:suggestion", args=[suggestion.pk])


def digest_addresses(hscp) -> list[str]:
    """Who the monthly directory digest goes to: the HSCP's link workers and team leads
    (active, with an address); never partners, practices or commissioners."""
    team = RoleAssignment.objects.filter(
        role__in=[Role.LINK_WORKER, Role.TEAM_LEAD], provider__hscp=hscp, user__is_active=True
    )
    return sorted({address for address in team.values_list("user__email", flat=True) if address})


def send_digest(digest, text: str) -> list[str]:
    """The digest to each of its HSCP's team, one email each (no one sees the list)."""
    recipients = digest_addresses(digest.hscp)
    subject = f"Directory: what changed in {digest.period.label}"
    for address in recipients:
        send_mail(subject=subject, message=text, from_email=None, recipient_list=[address])
    return recipients
