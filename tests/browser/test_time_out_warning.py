"""The time-out warning (WCAG 2.2.1) in Chromium, the page's clock run forward: shortly
before the idle sign-out a dialog takes focus with one button that keeps the session;
after it, the dialog says so and what was typed is still on the page."""

import pytest

pytestmark = pytest.mark.browser


def test_a_worker_typing_a_long_note_is_warned_and_stays_signed_in(world, page, sign_in, axe):
    page.clock.install()
    sign_in("link_worker")
    page.goto("/home/link-worker/")
    dialog = page.locator("#timeout-warning")
    assert not dialog.is_visible()
    page.clock.run_for("28:10")  # 30 minutes idle less 2, and a tick
    assert dialog.is_visible()
    stay = page.get_by_role("button", name="Stay signed in")
    assert stay.evaluate("button => document.activeElement === button")
    assert "You will be signed out soon" in dialog.inner_text()
    axe.assert_no_violations(page)
    with page.expect_response("**/account/still-here/") as kept:
        stay.click()
    assert kept.value.status == 204
    page.wait_for_function("!document.getElementById('timeout-warning').open")
    page.clock.run_for("27:00")  # counted again from the button
    assert not dialog.is_visible()


def test_after_the_sign_out_the_page_says_so_and_keeps_what_was_typed(world, page, sign_in):
    page.clock.install()
    sign_in("link_worker")
    page.goto("/home/link-worker/")
    typed = page.locator("[name=no_contact_days]")
    typed.fill("14")
    page.clock.run_for("30:10")
    dialog = page.locator("#timeout-warning")
    assert "You have been signed out" in dialog.inner_text()
    assert "still on this page" in dialog.inner_text()
    page.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()
    assert typed.input_value() == "14"


def test_working_in_another_tab_keeps_the_warning_away(world, page, sign_in):
    page.clock.install()
    sign_in("link_worker")
    page.goto("/home/link-worker/")
    other = page.context.new_page()
    other.goto("/home/link-worker/")
    page.clock.run_for("20:00")
    other.reload()  # work in the other tab, twenty minutes on
    page.clock.run_for("09:00")  # 29 minutes since this tab's own last request
    assert not page.locator("#timeout-warning").is_visible()
    page.clock.run_for("20:00")  # 29 minutes since the other tab's
    assert page.locator("#timeout-warning").is_visible()
