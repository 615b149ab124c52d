from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.tests.factories import TEST_PASSWORD
from linkwork.audit.models import Action, AuditEvent

SIGN_IN = reverse("accounts:sign_in")


def sign_in(client, username, password=TEST_PASSWORD):
    return client.post(SIGN_IN, {"username": username, "password": password})


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("link_worker", "home:link_worker"),
        ("practice_staff", "home:practice"),
        ("team_lead", "home:team_lead"),
        ("commissioner", "home:commissioner"),
        ("community_partner", "home:partner"),
        ("administrator", "home:administrator"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, world, username, home):
    response = sign_in(client, username)
    assert response.status_code == 302
    landing = client.get(response.url, follow=True)
    assert landing.redirect_chain[-1][0] == reverse(home)
    page = landing.content.decode()
    user = world.users[username]
    assert user.get_full_name() in page  # the header names who is signed in
    assert "Sign out" in page
    assert 'href="#maincontent"' in page  # skip link


def test_the_header_names_the_users_organisation(client, world):
    sign_in(client, "practice_staff")
    page = client.get(reverse("home:practice")).content.decode()
    assert "Practice X" in page


def test_a_user_without_a_role_is_told_so(client, world):
    sign_in(client, "outsider")
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    assert "no role yet" in response.content.decode()


def test_a_wrong_password_shows_the_nhs_error_summary_and_keeps_the_username(client, world):
    response = sign_in(client, "link_worker", "not-the-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert "Enter a correct username and password" in page
    assert 'value="link_worker"' in page
    assert page.count("<title>Error: ") == 1


def test_empty_fields_are_named_in_the_error_summary(client, world):
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username"' in page
    assert "Enter your username" in page
    assert "Enter your password" in page


def test_five_failures_lock_the_username_out_even_with_the_right_password(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "link_worker", "wrong-password")
    response = sign_in(client, "link_worker")
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_username="link_worker")
    # Another user from the same address is not locked out.
    assert sign_in(client, "team_lead").status_code == 302


def test_a_failed_sign_in_and_a_sign_in_are_audited(client, world):
    sign_in(client, "link_worker", "wrong-password")
    sign_in(client, "link_worker")
    failed = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert failed.actor_username == "link_worker"
    assert failed.ip_address == "127.0.0.1"
    signed_in = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert signed_in.actor == world.users["link_worker"]
    assert signed_in.hscp_id == world.hscp_a.pk


def test_sign_out_needs_a_post_and_ends_the_session(client, world):
    sign_in(client, "link_worker")
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("home:home")).status_code == 302
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT).count() == 1


def test_every_form_needs_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "link_worker").status_code == 403
    page = client.get(SIGN_IN)
    token = page.cookies["csrftoken"].value
    response = client.post(
        SIGN_IN,
        {"username": "link_worker", "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


@override_settings(DEBUG=False, DEMO_MODE=False)
def test_demo_accounts_cannot_sign_in_outside_demo_mode(client, world):
    user = world.users["link_worker"]
    user.is_demo = True
    user.save()
    assert sign_in(client, "link_worker").status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(DEBUG=False, DEMO_MODE=True)
def test_demo_accounts_sign_in_in_demo_mode(client, world):
    user = world.users["link_worker"]
    user.is_demo = True
    user.save()
    assert sign_in(client, "link_worker").status_code == 302


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_each_request_restarts_the_idle_time_but_background_polling_does_not(client, world):
    client.force_login(world.users["team_lead"])
    home = reverse("home:team_lead")
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        signed_in = _expiry(client)
        client.get(home, headers={"X-Linkwork-Poll": "1"})
        assert _expiry(client) == signed_in  # an unattended screen polling
        client.get(home)
        assert _expiry(client) > signed_in + timedelta(minutes=9)


def test_an_expired_session_is_sent_back_to_sign_in(client, world):
    client.force_login(world.users["link_worker"])
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("home:link_worker"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_the_idle_time_restarts_at_most_once_a_minute(client, world):
    """Saving the session on every page is a database write per page; a minute is close
    enough for a 30-minute idle sign-out."""
    client.force_login(world.users["team_lead"])
    home = reverse("home:team_lead")
    start = timezone.now() + timedelta(minutes=10)
    with time_machine.travel(start, tick=False):
        client.get(home)
        slid = _expiry(client)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(home)
        assert _expiry(client) == slid  # within the minute: not saved again
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get(home)
        assert _expiry(client) == slid + timedelta(seconds=61)
