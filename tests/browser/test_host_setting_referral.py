"""A referral from a host setting, not a GP practice, in Chromium (decision 0074): the
shelter's staff refer someone with no GP; the link worker the shelter hosts finds it on
their home page and takes it on. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from linkwork.organisations.services import host_link_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shelter_refers_someone_with_no_gp_and_its_worker_takes_it_on(world, page, sign_in, axe):
    host_link_worker(link_worker=world.worker_a2, host_setting=world.host_setting_h)
    sign_in("host_setting_staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shelter H")
    axe.assert_no_violations(page, structure=True)
    page.get_by_role("button", name="Refer someone to the link worker").click()
    expect(
        page.get_by_text("From Shelter H. The person does not need a GP practice.")
    ).to_be_visible()
    expect(page.get_by_label("GP practice")).to_have_count(0)
    axe.assert_no_violations(page)
    page.get_by_label("First name").fill("Stevie")
    page.get_by_label("Last name").fill("Docherty")
    birth = page.get_by_role("group", name="Date of birth")
    birth.get_by_label("Day").fill("2")
    birth.get_by_label("Month").fill("3")
    birth.get_by_label("Year").fill("1979")
    page.get_by_label("Male", exact=True).check()  # no CHI number to take it from
    page.get_by_label("Phone number").fill("07700 900555")
    page.get_by_label("Housing").check()
    page.get_by_label("What matters to the person").fill("A place of my own before winter")
    page.get_by_label(re.compile("The person agrees to this referral")).check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral for Stevie Docherty sent")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Stevie Docherty"))
    expect(row).to_contain_text("Waiting")
    expect(row).to_contain_text("Shelter H")
    axe.assert_no_violations(page)

    # The worker the shelter hosts sees it waiting, from the shelter, and takes it on.
    sign_in("other_link_worker")
    expect(page.get_by_text(re.compile("Stevie Docherty.*Shelter H"))).to_be_visible()
    page.get_by_role("link", name="Stevie Docherty").click()
    expect(page.get_by_text("Referral").first).to_be_visible()
    expect(page.get_by_text(re.compile("Shelter H")).first).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Accept referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stevie Docherty")
    expect(page.get_by_text(re.compile(r"Case \d+ · Shelter H"))).to_be_visible()
    axe.assert_no_violations(page)

    # The practice next door sees nothing of it.
    sign_in("practice_staff")
    page.goto("/referrals/")
    expect(page.get_by_text("Stevie Docherty")).to_have_count(0)


def test_an_administrator_adds_a_host_setting_hosting_a_worker(world, page, sign_in, axe):
    sign_in("administrator")
    page.get_by_role("link", name="Host settings").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Host settings")
    expect(page.get_by_role("row", name=re.compile("Shelter H"))).to_contain_text("None yet")
    axe.assert_no_violations(page, structure=True)
    page.get_by_role("button", name="Add the host setting").click()
    expect(page.get_by_text("Enter the host setting's name").first).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_label("Name").fill("Calton Night Shelter")
    page.get_by_label("Homelessness service").check()
    page.get_by_label("Postcode").fill("g1 5jq")
    page.get_by_label(str(world.worker_a2)).check()
    page.get_by_role("button", name="Add the host setting").click()
    expect(page.get_by_text("Calton Night Shelter added.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Calton Night Shelter"))
    expect(row).to_contain_text(str(world.worker_a2))
