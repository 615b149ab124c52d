"""Search results as CSV and XLSX: the cards' services under the same search, every page
of them; a catalogue of services, so nothing is audited (decision 0084)."""

import html
import re

import pytest
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.core.tests.listings import both
from linkwork.directory.tests.factories import service
from linkwork.directory.views import search as search_views

CARD = re.compile(
    r'<h3 class="nhsuk-card__heading[^>]*><a href="[^"]*">(.*?)</a></h3>\s*'
    r'<p class="nhsuk-body-s nhsuk-u-margin-bottom-2">(.*?)</p>',
    re.S,
)
SEARCH = {"need": "physical_activity", "postcode": "G51 2AB"}


@pytest.fixture
def walks(world):
    """Beside the world's walking group, two more walks and one named as a formula."""
    worker = world.users["link_worker"]
    for name in ("Elder Park strollers", "Bellahouston walks", "=cmd|' /C calc'!A0"):
        service(world.partner_org, name, by=worker)


def _cards(client, params) -> list[list[str]]:
    page = client.get(reverse("directory:search"), params).content.decode()
    return [[html.unescape(part) for part in card] for card in CARD.findall(page)]


def test_the_files_hold_every_page_of_the_search(client, world, walks, monkeypatch):
    monkeypatch.setattr(search_views, "PER_PAGE", 2)
    client.force_login(world.users["link_worker"])
    cards = [card for page in (1, 2, 3) for card in _cards(client, {**SEARCH, "page": page})]
    assert len(cards) == 5  # the world's two services and these three
    for file in both(client, reverse("directory:search"), SEARCH):
        assert file[0] == [
            "Service",
            "Organisation",
            "Distance",
            "Address",
            "Capacity",
            "Checked",
            "How to refer",
            "Open",
            "Service id",
        ]
        shown = [
            [name.removeprefix("'"), " · ".join(filter(None, (org, distance, address)))]
            for name, org, distance, address, *_ in file[1:]
        ]
        assert shown == cards
        assert "'=cmd|' /C calc'!A0" in [row[0] for row in file[1:]]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, path="/directory/").exists()


def test_those_who_may_not_search_get_no_file(client, world):
    client.force_login(world.users["outsider"])
    assert client.get(reverse("directory:search"), {**SEARCH, "download": "csv"}).status_code == 403
