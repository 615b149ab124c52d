"""A concern, in Chromium: practice staff raise one about their practice, the team lead
finds it waiting on their home and answers, and the practice reads the answer. axe-core
checks each page, the practice relationship form and the team lead's gaps among them."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practice_raises_a_concern_the_team_lead_answers(world, page, sign_in, axe):
    sign_in("practice_staff")
    page.get_by_role("link", name="Working with the link worker").click()
    page.get_by_role("button", name="Change what is recorded").click()
    axe.assert_no_violations(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Raise a concern").click()
    page.get_by_label("What is the concern about?").fill("No room on Tuesdays")
    page.get_by_label("Tell us more").fill("The worker has nowhere to see people.")
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Send the concern").click()
    expect(page.get_by_text("Your concern is sent.")).to_be_visible()

    sign_in("team_lead")
    page.get_by_role("link", name="Your practices: what the link workers need").click()
    expect(page.get_by_text("No room on Tuesdays at 2 practices")).to_be_visible()
    axe.assert_no_violations(page, structure=True)
    page.goto("/")
    page.get_by_role("link", name="Concerns waiting: 1").click()
    page.get_by_role("link", name="No room on Tuesdays").click()
    page.get_by_label("Your answer").fill("The practice manager is freeing room 2.")
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is sent")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_value("")  # a further answer adds to it

    sign_in("practice_staff")
    page.get_by_role("link", name="Concerns", exact=True).click()
    page.get_by_role("link", name="No room on Tuesdays").click()
    expect(page.get_by_text("The practice manager is freeing room 2.")).to_be_visible()
