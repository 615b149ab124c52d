"""Email from linkwork. No email holds personal data: each says there is something to
see and where to sign in to see it."""

from django.conf import settings
from django.core.mail import send_mail


def site_url(path: str) -> str:
    """An address on this site for an email (LINKWORK_SITE_URL: there is no request)."""
    return settings.LINKWORK_SITE_URL.rstrip("/") + path


def send(*, subject: str, message: str, recipients) -> int:
    """Send one email to everyone in `recipients` (empty: nothing is sent)."""
    recipients = sorted(set(filter(None, recipients)))
    if not recipients:
        return 0
    return send_mail(subject=subject, message=message, from_email=None, recipient_list=recipients)
