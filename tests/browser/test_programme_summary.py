"""The programme summary in Chromium: a team lead opens it from the header, chooses a
period, reads the headline figures (suppressed: it travels) and downloads the PDF; axe-core
checks the page."""

import pytest
from playwright.sync_api import expect

from linkwork.reporting.tests import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_lead_reads_the_summary_and_downloads_its_pdf(world, page, sign_in, axe):
    scenario.build(world)
    sign_in("team_lead")
    page.get_by_role("link", name="Summary", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Glasgow City HSCP")
    page.get_by_label("From date").fill("2026-04-01")
    page.get_by_label("To date").fill("2026-06-30")
    page.get_by_role("button", name="Show summary").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Headline figures", exact=True)).to_be_visible()
    cards = [card.split() for card in page.locator(".lw-headline").all_inner_texts()]
    assert ["Referrals", "8", "Referrals", "received"] in [card[:4] for card in cards]
    assert ["Referrals", "engaged", "*"] in [card[:3] for card in cards]  # 3 of 8
    axe.assert_no_violations(page, structure=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this summary as a PDF").click()
    assert download.value.suggested_filename == (
        f"programme-summary-{world.hscp_a.code}-2026-04-01-to-2026-06-30.pdf"
    )
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
