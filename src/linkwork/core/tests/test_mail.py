import pytest
from django.core import mail as outbox
from django.core.checks import run_checks

from linkwork.core import mail


def test_each_address_is_sent_one_copy_and_blanks_none():
    mail.send(subject="New referral", message="Sign in", recipients=["a@b.org", "", "a@b.org"])
    assert [message.to for message in outbox.outbox] == [["a@b.org"]]


def test_site_links_are_built_on_the_configured_address(settings):
    settings.LINKWORK_SITE_URL = "https://linkwork.example.scot/"
    assert (
        mail.site_url("/partner/referrals/") == "https://linkwork.example.scot/partner/referrals/"
    )


def site_address_warnings() -> list:
    return [message for message in run_checks() if message.id == "linkwork.W001"]


@pytest.mark.parametrize(
    "address", ["http://127.0.0.1:8000", "http://localhost:8001/", "linkwork.example.scot"]
)
def test_a_site_address_nobody_else_can_reach_is_warned_of_in_production(settings, address):
    """Left at its default, every email's link would lead to port 8000 on the reader's own
    computer: every command (cron's lone-working alerts too) says so and how to fix it."""
    settings.DEBUG, settings.DEMO_MODE = False, False
    settings.LINKWORK_SITE_URL = address
    [warning] = site_address_warnings()
    assert address in warning.msg
    assert "Set LINKWORK_SITE_URL" in warning.hint
    assert ".env.example" in warning.hint


def test_a_real_site_address_or_a_try_out_is_not_warned_of(settings):
    settings.DEBUG, settings.DEMO_MODE = False, False
    settings.LINKWORK_SITE_URL = "https://linkwork.example.scot"
    assert site_address_warnings() == []
    settings.LINKWORK_SITE_URL = "http://127.0.0.1:8000"
    settings.DEMO_MODE = True
    assert site_address_warnings() == []
