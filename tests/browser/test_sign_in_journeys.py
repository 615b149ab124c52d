"""Each role signs in and lands on its own NHS-styled home page, with no WCAG 2.2 AA
violations."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = [
    ("link_worker", "/home/link-worker/", "My day", "Provider"),
    ("practice_staff", "/home/practice/", "Practice X", "Practice X"),
    ("team_lead", "/home/team-lead/", "Your team", "Provider"),
    ("commissioner", "/home/commissioner/", "Programme overview", "Glasgow City HSCP"),
    ("community_partner", "/home/partner/", "Your organisation", "Govan Community Trust"),
    ("administrator", "/home/administrator/", "Administration", "Glasgow City HSCP"),
]


@pytest.mark.parametrize(("username", "path", "heading", "organisation"), HOMES)
def test_each_role_lands_on_its_home_page(
    world, page, sign_in_by_form, axe, username, path, heading, organisation
):
    sign_in_by_form(username)

    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    header = page.get_by_role("banner")
    expect(header).to_contain_text(world.users[username].get_full_name())
    expect(header).to_contain_text(organisation)
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    axe.assert_no_violations(page)


def test_the_sign_in_page_and_its_errors_are_accessible(world, page, axe):
    page.goto("/sign-in/")
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter your username")
    expect(page).to_have_title(re.compile("^Error: "))
    summary.get_by_role("link", name="Enter your username").click()
    expect(page.get_by_label("Username")).to_be_focused()
    axe.assert_no_violations(page)


def test_the_skip_link_jumps_to_the_main_content(world, page):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page).to_have_url(re.compile("#maincontent$"))


def test_a_link_worker_opens_a_case_from_their_caseload_and_signs_out(world, page, sign_in, axe):
    sign_in("link_worker")
    person = world.case_x.person
    page.get_by_role("rowheader").get_by_role("link", name=person.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)
    expect(page.get_by_text(person.chi)).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/sign-in/$"))


def test_an_administrator_searches_the_audit_log(world, page, sign_in, axe):
    sign_in("administrator")
    page.get_by_role("link", name="Search the audit log").click()
    page.get_by_label("Username").fill("administrator")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Signed in")
    axe.assert_no_violations(page)
