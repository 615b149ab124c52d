"""Lockout counts failures per account from every address, and per address over every
account (accounts/lockout.py)."""

from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.tests.factories import TEST_PASSWORD
from linkwork.audit.models import Action, AuditEvent

SIGN_IN = reverse("accounts:sign_in")


def attempt(client, username, password="wrong-password", address="127.0.0.1", **extra):
    data = {"username": username, "password": password}
    return client.post(SIGN_IN, data, REMOTE_ADDR=address, **extra)


def test_an_attack_on_one_account_spread_over_many_addresses_locks_it(client, world):
    addresses = [f"198.51.100.{n + 1}" for n in range(settings.AXES_FAILURE_LIMIT)]
    for address in addresses[:-1]:
        assert attempt(client, "link_worker", address=address).status_code == 200
    assert attempt(client, "link_worker", address=addresses[-1]).status_code == 429
    # The right password, from yet another address: still locked.
    response = attempt(client, "link_worker", TEST_PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_username="link_worker")
    # Only that account: a colleague signs in from one of the attackers' addresses.
    assert attempt(client, "team_lead", TEST_PASSWORD, address="198.51.100.1").status_code == 302


def test_the_lock_lifts_after_the_cool_off_time(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "link_worker")
    assert attempt(client, "link_worker", TEST_PASSWORD).status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        assert attempt(client, "link_worker", TEST_PASSWORD).status_code == 302


@override_settings(LOCKOUT_ADDRESS_FAILURE_LIMIT=8)
def test_one_address_trying_many_accounts_is_locked_out(client, world):
    """Password spraying: one failure per account never locks an account."""
    names = [f"someone{n}" for n in range(7)] + ["link_worker"]
    for name in names:
        assert attempt(client, name, address="192.0.2.66").status_code in (200, 429)
    assert AccessAttempt.objects.filter(ip_address="192.0.2.66").count() == len(names)
    locked = attempt(client, "team_lead", TEST_PASSWORD, address="192.0.2.66")
    assert locked.status_code == 429
    assert "or from your network" in locked.content.decode()
    # Another address, and the accounts it tried, are not locked.
    assert attempt(client, "link_worker", TEST_PASSWORD, address="192.0.2.1").status_code == 302


@override_settings(LOCKOUT_ADDRESS_FAILURE_LIMIT=4)
def test_signing_in_to_one_account_does_not_wipe_the_addresss_failures(client, world):
    for name in ("someone1", "someone2", "someone3"):
        attempt(client, name, address="192.0.2.66")
    assert attempt(client, "team_lead", TEST_PASSWORD, address="192.0.2.66").status_code == 302
    client.logout()
    attempt(client, "someone4", address="192.0.2.66")
    assert attempt(client, "team_lead", TEST_PASSWORD, address="192.0.2.66").status_code == 429


@override_settings(LOCKOUT_ADDRESS_FAILURE_LIMIT=0)
def test_the_limit_per_address_can_be_turned_off(client, world):
    for n in range(12):
        attempt(client, f"someone{n}", address="192.0.2.66")
    assert attempt(client, "team_lead", TEST_PASSWORD, address="192.0.2.66").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1, LOCKOUT_ADDRESS_FAILURE_LIMIT=4)
def test_behind_the_proxy_a_made_up_forwarded_address_does_not_escape_the_count(client, world):
    """The attacker makes up a new X-Forwarded-For each time; the proxy appends the real one."""
    for n in range(4):
        forwarded = f"10.0.0.{n}, 203.0.113.9"
        attempt(client, f"someone{n}", address="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response = attempt(
        client, "team_lead", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9"
    )
    assert response.status_code == 429
    fine = attempt(client, "team_lead", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert fine.status_code == 302


def test_what_was_typed_is_not_kept_with_the_attempt(client, world):
    attempt(client, "link_worker", password="my-secret-guess")
    stored = AccessAttempt.objects.get()
    assert "my-secret-guess" not in stored.post_data
