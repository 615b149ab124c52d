from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from markupsafe import Markup

from linkwork.home.navigation import header_organisation, navigation_items


def layout(request) -> dict:
    """What every page's header needs: who is signed in, for which organisation, and where to go."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "nav_items": [],
        "header_organisation": "",
        # For the NHS template's inline script; reading it puts the nonce in the CSP header.
        "cspNonce": str(getattr(request, "csp_nonce", "")),
        # A folder, not a file, so not in the static manifest; its files are served unhashed.
        "assetPath": settings.STATIC_URL + "vendor/nhsuk/assets",
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    context["header_organisation"] = header_organisation(user)
    if not getattr(request, "two_factor_pending", None):  # nowhere to go before the code
        context["nav_items"] = navigation_items(user, request.path)
    context["sign_out_form"] = Markup(
        '<form class="nhsuk-header__account-form" action="{}" method="post">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button class="nhsuk-header__account-button">Sign out</button></form>'
    ).format(reverse("accounts:sign_out"), get_token(request))
    return context
