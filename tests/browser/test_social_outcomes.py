"""A social outcome in Chromium, with axe-core on every page: the worker records an income
gained from the case page, the amount and how often it is paid revealed under it, is told
by name what is missing, and sees it on the case's timeline (decision 0070)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recording_an_income_gained_with_the_amount_revealed(world, page, sign_in, axe):
    case = world.case_x
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Record an outcome").click()
    expect(page.get_by_role("heading", name="Record an outcome")).to_be_visible()
    amount = page.get_by_label("Amount gained, in pounds")
    expect(amount).to_be_hidden()  # only an income has an amount
    axe.assert_no_violations(page)

    page.get_by_label("Income gained").check()
    expect(amount).to_be_visible()
    page.get_by_role("button", name="Record outcome").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the amount gained, in pounds")
    expect(summary).to_contain_text("Choose whether the income is paid weekly, yearly or once")
    expect(amount).to_be_visible()  # still revealed, beside its error
    axe.assert_no_violations(page)

    amount.fill("85.50")
    page.get_by_label("Weekly").check()
    page.get_by_label("Evidence (optional)").fill("Award letter seen")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    timeline = page.locator(".lw-timeline")
    expect(timeline).to_contain_text("Outcome: Income gained: £85.50 weekly")
    expect(timeline).to_contain_text("Award letter seen")
    expect(page.locator("#social-outcomes + ul")).to_contain_text(
        re.compile(r"Income gained: £85\.50 weekly · \d+ \w+ 2026")
    )
    axe.assert_no_violations(page)
