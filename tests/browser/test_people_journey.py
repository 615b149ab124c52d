"""An administrator's day with people, in Chromium: find a worker, invite a newcomer who
chooses their own password from the emailed link, signs in and makes a read-only API
token, give the worker a second
role, then disable their account while they are signed in elsewhere. axe-core checks
every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from linkwork.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long and memorable passphrase"


def test_invite_give_a_role_and_disable(world, page, sign_in, axe, chromium, live_server):
    worker = world.users["link_worker"]
    sign_in("administrator")
    page.get_by_role("link", name="People").first.click()
    axe.assert_no_violations(page)
    page.get_by_label("Name, username or email").fill(worker.last_name)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("link", name=worker.get_full_name())).to_be_visible()
    axe.assert_no_violations(page)

    # Invite a newcomer: she chooses her password from the link and signs in.
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Enter their first name").first).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Newcomer")
    page.get_by_label("Email address").fill("nina@example.org")
    page.get_by_label("Role", exact=True).select_option(label="Practice staff, Practice Y")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to nina@example.org.")).to_be_visible()
    expect(page.get_by_text("Invited, no password yet")).to_be_visible()
    axe.assert_no_violations(page)

    link = re.search(r"http://\S+/account/set-password/\S+", mail.outbox[-1].body).group()
    newcomer = chromium.new_context(base_url=live_server.url).new_page()
    newcomer.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    username = User.objects.get(email="nina@example.org").username
    expect(newcomer.get_by_text(f"Your username is {username}")).to_be_visible()
    axe.assert_no_violations(newcomer)
    newcomer.get_by_label("New password", exact=True).fill(PASSWORD)
    newcomer.get_by_label("New password again").fill(PASSWORD)
    newcomer.get_by_role("button", name="Save password").click()
    expect(newcomer.get_by_text("Password saved.")).to_be_visible()
    newcomer.get_by_label("Username").fill(username)
    newcomer.get_by_label("Password", exact=True).fill(PASSWORD)
    newcomer.get_by_role("button", name="Sign in").click()
    expect(newcomer.get_by_role("heading", name="Practice Y")).to_be_visible()
    newcomer.get_by_role("link", name="API tokens").click()
    newcomer.get_by_label("Token name").fill("Practice report")
    expect(newcomer.get_by_role("radio", name=re.compile("Read only"))).to_be_checked()
    newcomer.get_by_label("Days it works for").fill("500")
    newcomer.get_by_role("button", name="Create token").click()
    expect(newcomer.get_by_text("whole number from 1 to 90").first).to_be_visible()
    axe.assert_no_violations(newcomer)
    newcomer.get_by_label("Days it works for").fill("30")
    newcomer.get_by_role("button", name="Create token").click()
    expect(newcomer.get_by_text("Copy your new token now")).to_be_visible()
    expect(newcomer.get_by_role("cell", name="Read only")).to_be_visible()
    axe.assert_no_violations(newcomer)
    newcomer.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(newcomer.get_by_role("heading", name="This link no longer works")).to_be_visible()
    axe.assert_no_violations(newcomer)
    newcomer.context.close()

    # Give the worker a second role, then disable the account while they are signed in.
    elsewhere = chromium.new_context(base_url=live_server.url).new_page()
    elsewhere.goto("/sign-in/")
    elsewhere.get_by_label("Username").fill("link_worker")
    elsewhere.get_by_label("Password", exact=True).fill("correct-horse-battery-staple")
    elsewhere.get_by_role("button", name="Sign in").click()
    expect(elsewhere.get_by_role("heading", name="My day")).to_be_visible()

    page.goto(f"/people/{worker.pk}/")
    axe.assert_no_violations(page)
    page.get_by_label("Role", exact=True).select_option(label="Practice staff, Practice X")
    page.get_by_role("button", name="Give role").click()
    expect(page.get_by_text("now holds the role Practice staff, Practice X")).to_be_visible()
    page.get_by_role("button", name="Disable account").click()
    expect(page.get_by_text("account is disabled")).to_be_visible()
    expect(page.get_by_role("button", name="Enable account")).to_be_visible()
    axe.assert_no_violations(page)

    elsewhere.reload()
    expect(elsewhere.get_by_role("heading", name="Sign in")).to_be_visible()
    elsewhere.context.close()
