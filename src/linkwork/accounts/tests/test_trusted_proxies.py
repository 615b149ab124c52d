"""Only TRUSTED_PROXY_COUNT proxies are believed in X-Forwarded-For: the address the
audit log, rate limits and lockout all use (audit/services.py: client_ip)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from linkwork.audit.models import Action, AuditEvent
from linkwork.core.http import client_ip
from linkwork.core.tests.test_settings import PRODUCTION, run


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "client"),
    [
        (0, "198.51.100.1", "127.0.0.1"),  # no proxy: the header is the client's own claim
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the spoofed entry is ignored
        (1, "6.6.6.6, 7.7.7.7, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 192.0.2.10", "198.51.100.7"),  # CDN, then our proxy
        (2, "198.51.100.7", "198.51.100.7"),  # reached only the nearer proxy
        (1, "", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
        (1, "6.6.6.6, not-an-address", "127.0.0.1"),  # never the spoofed one instead
    ],
)
def test_the_client_is_the_entry_the_furthest_trusted_proxy_wrote(
    settings, trusted, forwarded, client
):
    settings.TRUSTED_PROXY_COUNT = trusted
    assert client_ip(request_from("127.0.0.1", forwarded)) == client


def test_with_no_header_it_is_the_socket_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("203.0.113.4")) == "203.0.113.4"


def test_the_audit_log_records_the_real_address_not_the_spoofed_one(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("accounts:sign_in"),
        {"username": "link_worker", "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert AuditEvent.objects.get(action=Action.SIGN_IN_FAILED).ip_address == "203.0.113.9"


SHOW = "from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT, s.TWO_FACTOR_REQUIRED)"


@pytest.mark.one_backend  # a process of its own, without the suite's database
@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({**PRODUCTION, "BEHIND_TLS_PROXY": "1"}, "1 True"),  # production: two-factor on
        ({**PRODUCTION, "TRUSTED_PROXY_COUNT": "2"}, "2 True"),
        ({"DEBUG": "1"}, "0 False"),  # `make demo`
        ({**PRODUCTION, "LINKWORK_DEMO": "1"}, "0 False"),
        ({"DEBUG": "1", "TWO_FACTOR_REQUIRED": "1"}, "0 True"),
    ],
)
def test_the_defaults_for_proxies_and_two_factor(tmp_path, env, printed):
    result = run(["shell", "-c", SHOW], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == printed
