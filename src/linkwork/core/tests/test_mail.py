import pytest
from django.conf import settings
from django.core import mail as outbox
from django.db import transaction

from linkwork.core import mail


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_while_held_back_not_even_on_commit():
    before = settings.EMAIL_BACKEND
    with mail.held_back(), transaction.atomic():
        transaction.on_commit(
            lambda: mail.send(subject="New referral", message="Sign in", recipients=["a@b.org"])
        )
    assert outbox.outbox == []
    assert before == settings.EMAIL_BACKEND

    mail.send(subject="New referral", message="Sign in", recipients=["a@b.org", "", "a@b.org"])
    assert [message.to for message in outbox.outbox] == [["a@b.org"]]


def test_site_links_are_built_on_the_configured_address(settings):
    settings.LINKWORK_SITE_URL = "https://linkwork.example.scot/"
    assert (
        mail.site_url("/partner/referrals/") == "https://linkwork.example.scot/partner/referrals/"
    )
