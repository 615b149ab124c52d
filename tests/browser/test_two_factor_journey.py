"""Two-factor sign-in in Chromium: a link worker sets up an authenticator app at their
first sign-in, signs out, signs in with a code from it, then with a recovery code, which
then no longer works. The codes are worked out here from the key the page shows, as the
app on the phone would. axe-core checks every page on the way."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(typed_key: str, steps_ahead: int = 0) -> str:
    """What the phone shows for the key as typed from the set-up page."""
    totp = TOTP(b32decode(typed_key.replace(" ", "")), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enter_code(page, code: str) -> None:
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/sign-in/$"))


def test_set_up_sign_in_with_a_code_then_with_a_recovery_code(
    world, page, sign_in_by_form, axe, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    name = world.users["link_worker"].get_full_name()

    # First sign-in: the password, then setting up the app before anything else.
    sign_in_by_form("link_worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code to scan")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    axe.assert_no_violations(page)
    key = page.locator("#key").inner_text()
    enter_code(page, "000000" if app_code(key) != "000000" else "111111")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("not right")
    axe.assert_no_violations(page)
    enter_code(page, app_code(key))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    axe.assert_no_violations(page)
    page.get_by_role("button", name="I have kept my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    sign_out(page)

    # Next time: the password, then the code the app shows.
    sign_in_by_form("link_worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    expect(page.get_by_role("banner")).to_contain_text(name)
    axe.assert_no_violations(page)
    # The set-up code's step is spent: the app's next code. Where the set-up code was typed
    # just as its 30 s ran out, the server noted the phone as a step behind (drift -1) and
    # takes the phone's codes from then on, the next one no longer being ahead of it.
    drift = TOTPDevice.objects.get(user=world.users["link_worker"]).drift
    enter_code(page, app_code(key, steps_ahead=1 + drift))
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    sign_out(page)

    # No phone to hand: a recovery code, once.
    sign_in_by_form("link_worker")
    enter_code(page, codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    sign_out(page)
    sign_in_by_form("link_worker")
    enter_code(page, codes[0])
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "That recovery code is not right or has been used"
    )
    expect(page).to_have_title(re.compile("^Error: "))
    axe.assert_no_violations(page)
    page.wait_for_timeout(1_500)  # after a wrong code django-otp asks for a second's pause
    enter_code(page, codes[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")


def test_a_user_changes_their_password_from_their_account(world, page, sign_in, axe):
    sign_in("practice_staff")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    axe.assert_no_violations(page)
    page.get_by_role("link", name="Change password").click()
    axe.assert_no_violations(page)

    page.get_by_label("Current password").fill("correct-horse-battery-staple")
    page.get_by_label("New password", exact=True).fill("short-pass")
    page.get_by_label("New password again").fill("short-pass")
    page.get_by_role("button", name="Change password").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Your new password must be 12 characters or more")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("New password", exact=True)).to_be_focused()
    axe.assert_no_violations(page)

    page.get_by_label("Current password").fill("correct-horse-battery-staple")
    page.get_by_label("New password", exact=True).fill("tartan-kettle-harbour-lamp")
    page.get_by_label("New password again").fill("tartan-kettle-harbour-lamp")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    axe.assert_no_violations(page)
