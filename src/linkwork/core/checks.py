"""System checks: what a deployment has to put right, said whenever a command runs (so
`linkwork lone_working alert` under cron says it too, in the mail cron sends)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@checks.register()
def site_url_reaches_people(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Links in emails are built on LINKWORK_SITE_URL (core/mail.py). Its default suits a
    try-out on one's own machine; in production it would send everyone to port 8000 on
    their own computer. A warning, not an error: a lone-working alert with a poor link
    still has to go."""
    if settings.DEBUG or settings.DEMO_MODE:
        return []
    address = urlsplit(settings.LINKWORK_SITE_URL)
    if address.scheme in {"http", "https"} and address.hostname not in {None, *LOOPBACK}:
        return []
    return [
        checks.Warning(
            f"LINKWORK_SITE_URL is {settings.LINKWORK_SITE_URL!r}, which nobody else can "
            "reach: links in emails (invitations, password resets, questionnaires, "
            "lone-working alerts, referrals to organisations) would not work.",
            hint="Set LINKWORK_SITE_URL to the address people reach linkwork at, such as "
            "https://linkwork.example.scot; see .env.example.",
            id="linkwork.W001",
        )
    ]
