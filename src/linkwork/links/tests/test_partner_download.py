"""The partner's referrals received as CSV and XLSX: the cards' referrals under the same
filter, only what each person agreed to share, each person audited as exported."""

import html
import re

import pytest
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.core.tests.listings import both
from linkwork.links import services

URL = "/partner/referrals/"
CARD = re.compile(
    r'id="link-(\d+)".*?<a href="[^"]*">(.*?)<span class="nhsuk-u-visually-hidden">.*?'
    r"</a> · (.*?)</h2>.*?Sent ([^<·]*?)\s*[<·]",
    re.S,
)


@pytest.fixture
def declined(world):
    """Case Y referred to the partner's service too, and declined by them."""
    link = services.create_link(
        case=world.case_y,
        service=world.service_x,
        by=world.users["other_link_worker"],
        consent_to_share=True,
        shares_contact_details=True,
    )
    return services.advance(
        link=link, status="declined", reason="no_capacity", by=world.users["community_partner"]
    )


def _cards(client, params) -> list[list[str]]:
    page = client.get(reverse("links:partner_links"), params).content.decode()
    return [[html.unescape(part) for part in card] for card in CARD.findall(page)]


@pytest.mark.parametrize(("status", "count"), [("open", 1), ("all", 2)])
def test_the_files_hold_the_cards_referrals_under_the_filter(
    client, world, declined, status, count
):
    client.force_login(world.users["community_partner"])
    cards = _cards(client, {"status": status})
    assert len(cards) == count
    for file in both(client, reverse("links:partner_links"), {"status": status}):
        assert file[0][:4] == ["Name", "Service", "Status", "Sent"]
        assert file[0][-1] == "Referral number"
        assert [[row[-1], row[0], row[1], row[3]] for row in file[1:]] == cards
        assert world.case_x.person.chi not in str(file)
        assert "Another lunch club" not in str(file)  # another organisation's link


def test_an_export_writes_one_audit_event_per_person(client, world, declined):
    client.force_login(world.users["community_partner"])
    client.get(reverse("links:partner_links"), {"status": "all", "download": "xlsx"})
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT, path=URL)
    assert sorted(e.person_id for e in events) == sorted(
        [world.case_x.person_id, world.case_y.person_id]
    )


@pytest.mark.parametrize("username", ["link_worker", "practice_staff", "outsider"])
def test_only_the_partner_downloads_its_referrals(client, world, username):
    client.force_login(world.users[username])
    assert client.get(reverse("links:partner_links"), {"download": "csv"}).status_code == 403
