"""What the person meets on their own phone (320 CSS pixels, touch): a questionnaire link
and the self-referral form. Mr McLean taps twice when a page is slow to answer."""

import pytest

from linkwork.outcomes.tests.factories import link_token

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
