"""The directory loop in Chromium: a worker finds a service by need near the person's
home and refers them; the organisation accepts and records the first attendance in its
portal; the worker's case shows it. A second search finds nothing and the worker records
the unmet need. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from linkwork.directory.models import UnmetNeed
from linkwork.links.models import Link
from linkwork.links.tests.test_links import refer_afresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_refer_accept_attend_then_record_an_unmet_need(world, page, sign_in, axe):
    refer_afresh(world)
    case = world.case_x
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Link to a service").click()
    axe.assert_no_violations(page)
    page.get_by_label("Need").select_option("physical_activity")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Govan walking group")).to_be_visible()
    # G51 2AB is not in the table, nor is its sector: measured from the district's centre.
    expect(page.get_by_text("distances are from the centre of G51.")).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_role("link", name="Refer to Govan walking group").click()
    axe.assert_no_violations(page)
    page.get_by_label(re.compile("The person agrees")).check()
    page.get_by_label("Supported referral").check()
    page.get_by_label("Their name and contact details").check()
    page.get_by_label("A short reason, in their own words").check()
    page.get_by_label("Reason, in the person's words").fill("Wants to walk with others")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent to Govan Community Trust.")).to_be_visible()
    axe.assert_no_violations(page)

    # The community partner accepts it, then records the first attendance.
    sign_in("community_partner")
    page.get_by_role("link", name="Referrals to you").first.click()
    card = page.locator(".nhsuk-card", has_text="Wants to walk with others")
    expect(card).to_contain_text(case.person.full_name)
    axe.assert_no_violations(page)
    card.get_by_role("button", name=re.compile("^Accept")).click()
    # Back on the list at the card (#link-N), and loaded: until then the browser may still
    # scroll to the card, and a click whose press and release land on different places
    # submits nothing (Playwright checks only where the press lands).
    page.wait_for_url(re.compile(r"#link-\d+$"))
    expect(page.get_by_text("Marked accepted.")).to_be_visible()
    card = page.locator(".nhsuk-card", has_text="Wants to walk with others")
    card.get_by_role("button", name=re.compile("^Attended first time")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before you save")
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Yes, they attended").click()
    expect(page.get_by_text("Marked first attended.")).to_be_visible()
    axe.assert_no_violations(page)
    assert Link.objects.get(reason="Wants to walk with others").status == "first_attended"

    # The worker's case shows it.
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_text("Link to Govan walking group: First attended")).to_be_visible()

    # A second search finds nothing: one click records the unmet need.
    page.get_by_role("link", name="Link to a service").click()
    page.get_by_label("Need").select_option("legal_immigration")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="0 services found")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Record unmet need").click()
    expect(page.get_by_text("Unmet need recorded")).to_be_visible()
    unmet = UnmetNeed.objects.get()
    assert (unmet.need, unmet.reason, unmet.area) == ("legal_immigration", "none_exists", "G51")
