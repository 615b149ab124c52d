"""Nothing typed twice, in Chromium: the short referral form with its More details (shown
open when something behind it needs attention), a CHI number standing for the date of
birth, and a person who asks twice on the public form: the second joins the first, and the
page they see is the ordinary one. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from linkwork.referrals.models import Referral, ReferralStatus, SelfReferralSubmission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_short_referral_form_reveals_the_rest(world, page, sign_in, axe):
    sign_in("practice_staff")
    page.get_by_role("button", name="Refer someone to the link worker").click()
    more = page.get_by_text("More details: urgency, safety")
    expect(more).to_be_visible()
    expect(page.get_by_label("Safety details")).to_be_hidden()
    axe.assert_no_violations(page)

    page.get_by_label("CHI number").fill("1507824130")
    page.get_by_label("First name").fill("Hugh")
    page.get_by_label("Last name").fill("McLean")
    page.get_by_label("Money and benefits").check()
    page.get_by_label("What matters to the person").fill("The gas bill")
    page.get_by_label(re.compile("The person agrees to this referral")).check()
    page.get_by_role("button", name="Send referral").click()

    # No way to reach him: the error says so, and More details is open at the practice tick.
    expect(page.get_by_text("Enter a way to reach the person").first).to_be_visible()
    tick = page.get_by_label(re.compile("contact them through the practice"))
    expect(tick).to_be_visible()
    axe.assert_no_violations(page)
    tick.check()
    page.get_by_label("Who at the practice to ask for").fill("Lorraine on reception")
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_text("Referral for Hugh McLean sent")).to_be_visible()
    referral = Referral.objects.get(person__family_name="McLean")
    assert referral.person.date_of_birth.isoformat() == "1982-07-15"  # from the CHI
    assert referral.practice_contact_name == "Lorraine on reception"


def _ask(page, words: str) -> str:
    page.goto("/refer-yourself/")
    page.get_by_label("Your GP practice").select_option(label="Practice X")
    page.get_by_label(re.compile("help with")).fill(words)
    page.get_by_label("First name").fill("Ailsa")
    page.get_by_label("Last name").fill("Boyd")
    birth = page.get_by_role("group", name="Date of birth")
    birth.get_by_label("Day").fill("2")
    birth.get_by_label("Month").fill("3")
    birth.get_by_label("Year").fill("1990")
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Postcode").fill("G51 4TP")
    page.get_by_label("Phone number").fill("07700 900456")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Your request has been sent")
    )
    return page.locator("main").inner_text()


def test_a_second_self_referral_joins_the_first_and_looks_ordinary(world, page, axe):
    page.goto("/refer-yourself/")
    expect(page.get_by_text("If you need help now")).to_be_visible()
    expect(page.get_by_text("Samaritans on 116 123")).to_be_visible()
    axe.assert_no_violations(page)

    first = _ask(page, "I have not been out of the house for months")
    axe.assert_no_violations(page)
    second = _ask(page, "And my benefits were stopped last week")

    first_reference = re.search(r"LW-[A-Z0-9]{7}", first).group(0)
    second_reference = re.search(r"LW-[A-Z0-9]{7}", second).group(0)
    assert first_reference != second_reference
    assert first.replace(first_reference, "") == second.replace(second_reference, "")

    referral = Referral.objects.get(person__family_name="Boyd")
    assert referral.status == ReferralStatus.AWAITING_VERIFICATION
    assert SelfReferralSubmission.objects.filter(referral=referral).count() == 2
