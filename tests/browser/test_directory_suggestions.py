"""Directory edits stay in their HSCP, in Chromium: Inverclyde's worker reads a Glasgow
service, may not change it and suggests a change instead; Glasgow's team lead finds it on
their home page, rejects one (a reason is needed) and accepts the next; the suggester
reads the answer. axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from linkwork.directory.models import Service, ServiceSuggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _suggest(page, axe, service, description: str) -> None:
    page.goto(f"/directory/services/{service.pk}/")
    expect(page.get_by_text("Kept by the team of Glasgow City HSCP.")).to_be_visible()
    expect(page.get_by_role("link", name="Change details")).to_have_count(0)
    axe.assert_no_violations(page)
    page.get_by_role("link", name="Suggest a change").click()
    axe.assert_no_violations(page)
    page.get_by_label("Description").fill(description)
    page.get_by_label("How do you know?").fill("Phoned the organiser")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_text("Suggestion sent")).to_be_visible()


def test_suggest_a_change_then_the_keepers_reject_and_accept(world, page, sign_in, axe):
    service = world.service_x
    Service.objects.filter(pk=service.pk).update(description="A gentle walk")
    sign_in("other_hscp_link_worker")
    _suggest(page, axe, service, "A gentle walk, now on Thursdays too")
    axe.assert_no_violations(page)

    sign_in("team_lead")
    page.get_by_role("link", name="1 suggested change to services your team keeps").click()
    axe.assert_no_violations(page)
    page.get_by_role("link", name="Govan walking group").click()
    expect(page.get_by_role("cell", name="A gentle walk, now on Thursdays too")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("link", name="Say why you are rejecting")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_label("Reason").fill("Thursdays start in May")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Rejected. The person who suggested it can read why.")).to_be_visible()

    sign_in("other_hscp_link_worker")
    page.goto("/directory/suggestions/")
    expect(page.get_by_text("Thursdays start in May")).to_be_visible()
    axe.assert_no_violations(page)
    _suggest(page, axe, service, "A gentle walk, on Thursdays from May")

    sign_in("team_lead")
    page.goto(f"/directory/suggestions/{ServiceSuggestion.objects.latest('pk').pk}/")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted. Govan walking group changed: description.")).to_be_visible()
    axe.assert_no_violations(page)
    assert Service.objects.get(pk=service.pk).description == "A gentle walk, on Thursdays from May"
