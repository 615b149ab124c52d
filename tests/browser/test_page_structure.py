"""Pages QA found with content outside a landmark or a skipped heading level, checked by
axe-core with those rules on as well as WCAG 2.2 AA."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_referral_page_and_its_back_link_sit_in_landmarks(world, page, sign_in, axe):
    from linkwork.referrals.models import SafetyFlag

    SafetyFlag.objects.create(referral=world.referral_x, flag="dog")  # a warning under the h1
    sign_in("link_worker")
    page.get_by_role("link", name="Jim Referred").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jim Referred")
    expect(page.get_by_role("navigation", name="Back").get_by_role("link")).to_be_visible()
    expect(page.get_by_role("heading", name="Safety")).to_be_visible()
    axe.assert_no_violations(page, structure=True)


def test_the_team_leads_home_skips_no_heading_level(world, page, sign_in, axe):
    from linkwork.casework import services as casework

    # An overdue home visit, so the lone-working warning shows under the page's heading.
    session = casework.record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=timezone.now() - timedelta(hours=3),
        mode="home_visit",
    )
    casework.check_in(
        session=session,
        by=world.users["link_worker"],
        expected_back_at=timezone.now() - timedelta(hours=1),
    )
    sign_in("team_lead")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team")
    expect(page.get_by_role("heading", name="Lone working: not checked out")).to_be_visible()
    axe.assert_no_violations(page, structure=True)
    expect(page.get_by_role("table", name=re.compile("Caseloads"))).to_be_visible()


def test_the_page_refusing_another_teams_service_offers_a_suggestion(world, page, sign_in, axe):
    sign_in("other_hscp_link_worker")
    page.goto(f"/directory/services/{world.service_x.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Another team keeps Govan walking group"
    )
    axe.assert_no_violations(page, structure=True)
    page.get_by_role("button", name="Suggest a change").click()
    expect(page).to_have_url(re.compile(rf"/directory/services/{world.service_x.pk}/suggest/"))


def test_a_page_asking_another_host_for_anything_is_caught(chromium, live_server):
    """What the `page` fixture fails a journey on: here a font from elsewhere, as the NHS
    frontend's own stylesheet would ask for if its fonts were not served from here."""
    from tests.browser.conftest import OtherHosts

    context = chromium.new_context(base_url=live_server.url)
    context.route("https://**/*", lambda route: route.abort())
    caught = OtherHosts(context, live_server.url)
    page = context.new_page()
    page.goto("/healthz")
    page.set_content('<link rel="stylesheet" href="https://assets.nhs.example/fonts.css">')
    page.wait_for_load_state()
    context.close()
    assert caught.urls == ["https://assets.nhs.example/fonts.css"]


def test_the_case_page_with_safety_flags_skips_no_heading_level(world, page, sign_in, axe):
    from linkwork.casework.tests.helpers import refer_again

    refer_again(world, flags=["dog"])  # the safety warning sits under the case page's h1
    sign_in("link_worker")
    page.goto(f"/cases/{world.case_x.pk}/")
    expect(page.get_by_role("heading", name="Safety", level=2)).to_be_visible()
    axe.assert_no_violations(page, structure=True)


def test_the_self_referral_page_skips_no_heading_level(world, page, axe):
    page.goto("/refer-yourself/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a link worker")
    expect(page.get_by_role("heading", name="If you need help now", level=2)).to_be_visible()
    axe.assert_no_violations(page, structure=True)
