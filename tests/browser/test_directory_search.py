"""A worker searches "debt" near G51 3HR, a postcode the table does not hold, in Chromium:
the money advice in Govan comes first, every result shows how far it is, and the page
says the distances are from the centre of G51 3 (decision 0078), not "not found". The
same service imported twice from two feeds is shown once. axe-core checks the page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.directory.importing.common import source_for
from linkwork.directory.importing.oruk import import_oruk
from linkwork.directory.importing.report import ImportReport
from linkwork.directory.tests import factories
from linkwork.places.centroids import rebuild_area_centroids
from linkwork.places.models import PostcodeCentroid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _directory(world):
    PostcodeCentroid.objects.create(
        postcode="G51 3AB",
        district="G51",
        area="G",
        latitude=55.868,  # the sector's centre: about 1.8 km from the trust in G51 1EN
        longitude=-4.330,
        source_name="test",
        loaded_at=timezone.now(),
    )
    rebuild_area_centroids()
    factories.service(
        world.partner_org,
        "Govan money advice",
        needs=("debt",),
        description="Help with arrears, budgeting and benefit checks.",
        days=("MO",),
    )
    factories.service(
        world.other_org, "Pollok debt advice", needs=("money_benefits",), postcode="G45 1FP"
    )
    item = {
        "id": "feed-1",
        "name": "Linthouse debt clinic",
        "organization": {"id": "linthouse", "name": "Linthouse Housing"},
        "service_at_locations": [
            {"location": {"id": "office", "latitude": 55.880, "longitude": -4.370}}
        ],
    }
    for feed in ("council", "aliss-copy"):  # one service, two feeds
        import_oruk([item], source=source_for(feed, feed, "oruk"), report=ImportReport(feed))


def test_debt_near_an_unknown_postcode_finds_money_advice_in_govan_first(world, page, sign_in, axe):
    _directory(world)
    sign_in("link_worker")
    page.goto("/directory/")
    page.get_by_label("What are you looking for?").fill("debt")
    page.get_by_label("Near postcode").fill("G51 3HR")
    page.get_by_label("Within").select_option("25")
    page.get_by_role("button", name="Search").click()

    expect(
        page.get_by_text(
            "We could not find G51 3HR exactly, so distances are from the centre of G51 3."
        )
    ).to_be_visible()
    expect(page.get_by_text("not found", exact=False)).to_have_count(0)
    results = page.locator(".lw-results > li")
    expect(results).to_have_count(3)  # the clinic from two feeds once
    expect(results.first.get_by_role("heading")).to_have_text("Govan money advice")
    expect(results.nth(2).get_by_role("heading")).to_have_text("Pollok debt advice")
    for index in range(3):
        expect(results.nth(index)).to_contain_text(" km")
        expect(results.nth(index)).to_contain_text("about ")
    expect(page.get_by_role("heading", name="Linthouse debt clinic")).to_have_count(1)
    axe.assert_no_violations(page)
