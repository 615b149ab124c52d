"""The headers an ordinary page carries, read off the responses (settings alone could be
overridden by a middleware or a view): the content security policy, framing, sniffing,
referrers, caching of a person's record, and the session cookie's flags."""

import pytest
from django.urls import reverse

from linkwork.accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def assert_locked_down(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    scripts = csp["script-src"]
    assert scripts[0] == "'self'"
    assert [s for s in scripts[1:] if not s.startswith("'nonce-")] == []  # no unsafe-inline
    for directive, value in {
        "style-src": ["'self'"],
        "font-src": ["'self'"],  # fonts from here only: NHS sites are often offline
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }.items():
        assert csp[directive] == value, directive
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page_and_its_session_cookie(client, world):
    page = client.get(reverse("accounts:sign_in"))
    assert_locked_down(page)
    signed_in = client.post(
        reverse("accounts:sign_in"), {"username": "link_worker", "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert signed_in.cookies["csrftoken"]["samesite"] == "Lax"


def test_a_persons_case_page_is_locked_down_and_never_cached(client, world):
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("casework:case_detail", args=[world.case_x.pk]))
    assert page.status_code == 200
    assert_locked_down(page)
    assert "no-store" in page["Cache-Control"]
    # Each page's script nonce is its own.
    again = client.get(reverse("casework:case_detail", args=[world.case_x.pk]))
    assert policy(again)["script-src"] != policy(page)["script-src"]
