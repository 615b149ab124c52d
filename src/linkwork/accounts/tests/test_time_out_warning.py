"""The time-out warning (WCAG 2.2.1): every signed-in page carries it, counting to the
idle sign-out; its one button keeps the session, as any request would."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

STILL_HERE = reverse("accounts:still_here")


def _expires(client) -> object:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_signed_in_page_counts_to_the_idle_sign_out(client, world, settings):
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("home:link_worker")).content.decode()
    assert 'id="timeout-warning"' in page
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'data-warn-seconds="120"' in page
    assert "Stay signed in" in page
    assert f'action="{STILL_HERE}"' in page


def test_a_page_for_someone_signed_out_has_no_warning(db):
    page = Client().get(reverse("accounts:sign_in")).content.decode()
    assert "timeout-warning" not in page


def test_staying_signed_in_starts_the_idle_time_again(client, world):
    client.force_login(world.users["link_worker"])
    client.get(reverse("home:link_worker"))
    before = _expires(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=25)):
        response = client.post(STILL_HERE)
    assert response.status_code == 204
    assert _expires(client) - before >= timedelta(minutes=24)


@pytest.mark.parametrize("method", ["get", "head"])
def test_only_a_post_keeps_the_session(client, world, method):
    client.force_login(world.users["link_worker"])
    assert getattr(client, method)(STILL_HERE).status_code == 405


def test_after_the_sign_out_the_button_finds_the_sign_in_page(db):
    response = Client().post(STILL_HERE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_the_accessibility_statement_says_how_the_time_limit_works(db):
    page = Client().get(reverse("core:accessibility")).content.decode()
    assert "signed out after 30 minutes in which nothing happens" in page
    assert "one button keeps you signed in" in page
