"""A link worker filters and pages My day's caseload in Chromium: the panel changes in
place (the rest of the day is not fetched again, decision 0134), the address keeps the
filters, focus stays on the Filter button or moves to
the caseload's heading, the count is announced, a wrong filter is named,
and the back button brings the whole page back; a session's form opened in place by
keyboard has the focus. axe-core checks each state."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.models import Session
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.core.paging import PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def same_document(page) -> bool:
    """Whether the page is still the one marked before: a full load starts a new one."""
    return page.evaluate("window.lwMarked === true")


def test_the_caseload_is_filtered_and_paged_in_place(world, page, sign_in, axe):
    for _ in range(PAGE_SIZE):
        CaseFactory(person=PersonFactory(practice=world.practice_x), link_worker=world.worker_a)
    sign_in("link_worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    page.evaluate("window.lwMarked = true")
    panel = page.locator("#caseload")
    status = page.locator("#caseload-status")
    expect(status).to_have_attribute("role", "status")

    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/home/link-worker/\?status=all"))
    expect(status).to_have_text(re.compile(rf"^{PAGE_SIZE + 1} cases, page 1 of 2\.$"))
    assert same_document(page)
    assert page.evaluate("document.activeElement.id") == "caseload-filter"
    expect(panel.get_by_label("Status")).to_have_value("all")
    axe.assert_no_violations(page)

    panel.get_by_role("link", name="Previous page").wait_for(state="detached")
    panel.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"status=all&page=2"))
    expect(status).to_have_text(f"{PAGE_SIZE + 1} cases, page 2 of 2.")
    expect(panel.locator("a[href^='/cases/']")).to_have_count(1)
    assert same_document(page)
    expect(page.get_by_role("heading", name="My caseload")).to_be_focused()

    page.get_by_label("No contact for at least (days)").fill("0")
    page.get_by_role("button", name="Filter").click()
    expect(status).to_have_text(re.compile(r"^There is a problem: Enter the days"))
    expect(panel.locator(".nhsuk-error-message")).to_contain_text("whole number")
    assert same_document(page)
    axe.assert_no_violations(page)

    page.go_back()  # htmx keeps no copy of the page (historyCacheSize 0): it loads it again
    expect(page).to_have_url(re.compile(r"status=all&page=2"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    expect(panel.locator("a[href^='/cases/']")).to_have_count(1)
    assert not same_document(page)
    assert page.evaluate("Object.keys(localStorage)") == []  # nothing of the page kept

    panel.locator("a[href^='/cases/']").click()  # a case opens as a page, not in the panel
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text("My day")


def test_filtering_again_to_the_same_count_is_announced_again(world, page, sign_in):
    """The live region is emptied as each request leaves, so the same words arrive as new
    (a screen reader may not repeat words that did not change)."""
    sign_in("link_worker")
    status = page.locator("#caseload-status")
    page.get_by_role("button", name="Filter").click()
    expect(status).to_have_text(re.compile(r"^\d+ cases?\.$"))
    announced = status.text_content()
    page.evaluate(
        """() => {
          window.lwHeard = [];
          const region = document.getElementById("caseload-status");
          new MutationObserver(() => window.lwHeard.push(region.textContent.trim()))
            .observe(region, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function("() => window.lwHeard.length > 0 && window.lwHeard.at(-1) !== ''")
    heard = page.evaluate("window.lwHeard")
    assert heard[0] == "", heard  # emptied as the request left
    assert heard[-1] == announced.strip()


def test_focus_returns_to_filter_when_the_click_did_not_focus_it(world, page, sign_in):
    """Safari does not focus a clicked button: the form is sent with nothing focused, and
    focus still comes back to the Filter button, not to the page."""
    sign_in("link_worker")
    page.evaluate(
        """() => {
          document.activeElement.blur();
          const button = document.getElementById("caseload-filter");
          button.form.requestSubmit(button);
        }"""
    )
    expect(page.locator("#caseload-status")).to_have_text(re.compile(r"^\d+ cases?\.$"))
    expect(page.locator("#caseload-filter")).to_be_focused()


def test_after_the_idle_sign_out_filtering_goes_to_sign_in_as_a_page(world, page, sign_in):
    sign_in("link_worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    page.context.clear_cookies()  # the session ends while My day stays on the screen
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/home/link-worker/%3Fstatus%3Dall"))
    expect(page.locator("h1")).to_have_count(1)  # the sign-in page alone, not inside My day
    expect(page.get_by_role("heading", level=1)).not_to_have_text("My day")


def test_a_failed_filter_shows_the_error_page_as_without_javascript(world, page, sign_in):
    sign_in("link_worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    page.route(
        re.compile(r"status=all"),
        lambda route: route.fulfill(status=503, body="<h1>Sorry</h1>", content_type="text/html"),
    )
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry")
    expect(page).to_have_url(re.compile(r"/home/link-worker/\?status=all"))


def test_the_form_opened_in_place_by_keyboard_has_the_focus(world, page, sign_in):
    """Enter on My day's Record puts the keyboard in the form that replaced it: the link is
    gone, and focus fallen to the page would Tab on past the form."""
    now = timezone.localtime()
    planned = Session.objects.create(
        case=world.case_x, starts_at=now.replace(second=0, microsecond=0), mode="in_practice"
    )
    sign_in("link_worker")
    page.locator(f"a[href^='/sessions/{planned.pk}/']").focus()
    page.keyboard.press("Enter")
    first_outcome = page.locator("#record-session").get_by_label("Attended", exact=True)
    expect(first_outcome).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#record-session").get_by_label("Length in minutes")).to_be_focused()
