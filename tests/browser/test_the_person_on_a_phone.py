"""What the person meets on their own phone (320 CSS pixels, touch): a questionnaire link
and the self-referral form. Mr McLean taps twice when a page is slow to answer."""

import pytest
from playwright.sync_api import expect

from linkwork.outcomes.tests.factories import link_token
from tests.browser.test_narrow_screens import scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALLEST_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def phone(page):
    page.set_viewport_size(SMALLEST_PHONE)
    return page


def times_sent_by_two_taps(page, button: str) -> int:
    """Tap `button` twice, 300 ms apart, as on a slow connection where nothing seems to
    happen after the first tap; how many times its form set off to the server. The form is
    kept from leaving, so the second tap lands on the same page."""
    return page.evaluate(
        """async (name) => {
            const button = [...document.querySelectorAll("button")].find(
                (b) => b.textContent.trim() === name);
            let sent = 0;
            button.form.addEventListener("submit", (event) => {
                sent += 1;
                event.preventDefault();
            });
            button.click();
            await new Promise((done) => setTimeout(done, 300));
            button.click();
            return sent;
        }""",
        button,
    )


def test_a_second_tap_on_send_my_answers_sends_them_once(world, phone):
    phone.goto(f"/q/{link_token(world.case_x, form='feedback', timepoint='')}/")
    phone.get_by_role("radio", name="Very helpful", exact=True).check()
    assert times_sent_by_two_taps(phone, "Send my answers") == 1


def test_a_second_tap_on_send_asks_for_a_link_worker_once(world, phone):
    phone.goto("/refer-yourself/")
    assert times_sent_by_two_taps(phone, "Send") == 1


def test_on_the_tablet_everything_is_in_a_landmark(world, phone, sign_in, axe):
    """The person's screen readers find the worker's way back by landmark, as the rest."""
    sign_in("link_worker")
    phone.goto(f"/cases/{world.case_x.pk}/questionnaires/?form=ons4")
    phone.get_by_label("Baseline (start of support)").check()
    phone.get_by_role("button", name="Hand the tablet to the person").click()
    expect(
        phone.get_by_role("link", name="Link worker: stop and take the tablet back")
    ).to_be_visible()
    assert not scrolls_sideways(phone)
    axe.assert_no_violations(phone, structure=True)
