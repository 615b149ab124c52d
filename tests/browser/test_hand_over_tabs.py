"""The tablet handed to the person: a case page left open in another tab of the browser
is emptied as the hand-over begins (the lock itself acts on new requests only)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_outcome_measures import start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_open_in_another_tab_is_hidden_while_the_tablet_is_handed_over(
    world, page, sign_in, axe
):
    person = world.case_x.person
    sign_in("link_worker")
    case_page = reverse("casework:case_detail", args=[world.case_x.pk])
    left_open = page.context.new_page()
    left_open.goto(case_page)
    expect(left_open.get_by_role("heading", level=1)).to_have_text(person.full_name)

    page.goto(case_page)
    start(
        page,
        axe,
        "ONS personal well-being questions (ONS4)",
        "Baseline (start of support)",
        "Hand the tablet to the person",
    )
    expect(page.get_by_role("button", name="Send my answers")).to_be_visible()

    expect(
        left_open.get_by_text("This page is hidden while the tablet is with the person")
    ).to_be_visible()
    assert person.family_name not in left_open.content()
    assert person.given_name not in left_open.content()
