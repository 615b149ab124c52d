from functools import lru_cache

from django.conf import settings
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from markupsafe import Markup, escape

from linkwork.core.jinja2_env import url
from linkwork.home.navigation import header_organisation, navigation_items

# Where the sign-out form goes in a cached header: the form carries this request's CSRF token.
SIGN_OUT_SLOT = Markup("<!--sign-out-->")


def _macro(component: str, name: str):
    env = engines["jinja2"].env
    return getattr(env.get_template(f"nhsuk/components/{component}/macro.jinja").module, name)


@lru_cache(maxsize=2048)
def _header(account: Markup | None, nav: tuple[tuple[str, str, bool], ...]) -> Markup:
    """The NHS header for one account label and navigation, rendered once: it is the same
    on every page a user opens at a given address, and the macro is slow to call."""
    home = reverse("home:home")
    params = {
        "service": {"text": settings.SERVICE_NAME, "href": home},
        "logo": {"href": home, "ariaLabel": settings.SERVICE_NAME + " home"},
    }
    if account is not None:
        items = [{"html": account, "icon": True}, {"html": SIGN_OUT_SLOT}]
        params["account"] = {"items": items}
    if nav:
        items = [{"href": href, "text": text, "current": current} for href, text, current in nav]
        params["navigation"] = {"items": items}
    return _macro("header", "header")(params)


@lru_cache(maxsize=1)
def _footer() -> Markup:
    return _macro("footer", "footer")(
        {
            "meta": {
                "items": [
                    {"href": reverse("core:accessibility"), "text": "Accessibility statement"}
                ],
                "text": "linkwork is open-source software for Community Link Worker services.",
            },
            "copyright": {"text": "linkwork contributors"},
        }
    )


@lru_cache(maxsize=1)
def _skip_link() -> Markup:
    """The NHS template's "Skip to main content", rendered once: the same on every page."""
    return _macro("skip-link", "skipLink")({"href": "#maincontent", "text": "Skip to main content"})


def _account_label(user) -> Markup:
    """Who is signed in, for which organisation: escaped here, as the header takes HTML."""
    label = escape(user.get_full_name() or user.username)
    organisation = header_organisation(user)
    return label + " · " + organisation if organisation else label


def _sign_out_form(csrf_input: Markup) -> Markup:
    return Markup(
        '<form class="nhsuk-header__account-form" action="{}" method="post">{}'
        '<button class="nhsuk-header__account-button">Sign out</button></form>'
    ).format(url("accounts:sign_out"), csrf_input)


def _csrf(request) -> dict:
    """The page's CSRF token, masked once for all its forms (as the template language's
    `{% csrf_token %}` is): Django's Jinja backend masks it afresh for each form, and a
    signed-in page has the header's sign-out form and often several more."""
    token = get_token(request)
    field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
    return {"csrf_token": token, "csrf_input": Markup(field)}  # noqa: S704 (escaped)


def layout(request) -> dict:
    """What every page's header and footer need: who is signed in, for which organisation,
    and where to go."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "page_footer": _footer(),
        "page_skip_link": _skip_link(),
        # For the NHS template's inline script; reading it puts the nonce in the CSP header.
        "cspNonce": str(getattr(request, "csp_nonce", "")),
        # A folder, not a file, so not in the static manifest; its files are served unhashed.
        "assetPath": settings.STATIC_URL + "vendor/nhsuk/assets",
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        context["page_header"] = _header(None, ())
        return context
    nav = ()
    if not getattr(request, "two_factor_pending", None):  # nowhere to go before the code
        nav = tuple(
            (item["href"], item["text"], item["current"])
            for item in navigation_items(user, request.path)
        )
    # The time-out warning (core/jinja2/_timeout.jinja) counts to the idle sign-out.
    context["timeout_seconds"] = settings.SESSION_COOKIE_AGE
    context["timeout_warn_seconds"] = settings.SESSION_WARNING_SECONDS
    context |= _csrf(request)
    header = _header(_account_label(user), nav)
    # Markup.replace escapes what it puts in; the form is Markup, so it goes in as HTML.
    context["page_header"] = header.replace(SIGN_OUT_SLOT, _sign_out_form(context["csrf_input"]))
    return context
