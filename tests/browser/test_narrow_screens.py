"""Pages at a phone's width (375 CSS pixels): nothing wider than the screen, so no page
scrolls sideways. A table of several columns stacks its cells (the NHS responsive table)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_the_host_settings_page_fits_a_phone(world, page, sign_in, axe):
    sign_in("administrator")
    page.set_viewport_size(PHONE)
    page.goto("/administration/host-settings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Host settings")
    expect(page.get_by_role("link", name="Shelter H")).to_be_visible()
    assert not scrolls_sideways(page)
    axe.assert_no_violations(page, structure=True)
