"""What came of a referral, in Chromium: the link worker records what the person agreed
the practice may see; the practice reads it beside its figures; a community partner reads
and downloads the referrals their organisation received. axe-core checks every page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from linkwork.referrals import services as referrals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUMMARY = "Goes to the walking group on Tuesdays and feels less alone."


def test_the_practice_reads_what_the_person_agreed_to_share(world, page, sign_in, axe):
    case = referrals.accept_referral(
        referral=world.referral_x, by=world.users["team_lead"], link_worker=world.worker_a
    )
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="What the practice may see").click()
    axe.assert_no_violations(page)
    page.get_by_label("What the person agreed to share with their practice").fill(SUMMARY)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("tick that the person agreed").first).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_label("The person agreed that their practice may see").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("What the practice may see is saved.")).to_be_visible()

    sign_in("practice_staff")
    page.get_by_role("link", name="What came of our referrals").click()
    expect(page.get_by_role("heading", name="What came of our referrals")).to_be_visible()
    axe.assert_no_violations(page, structure=True)
    page.get_by_role("link", name=world.referral_x.person.full_name).click()
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text("No services linked to yet.")).to_be_visible()
    axe.assert_no_violations(page, structure=True)


def test_a_partner_reads_and_downloads_the_referrals_received(world, page, sign_in, axe):
    sign_in("community_partner")
    page.get_by_role("link", name="Referrals you received, by quarter and need").click()
    expect(page.get_by_role("heading", name="Referrals you received")).to_be_visible()
    expect(page.get_by_role("cell", name="Physical activity")).to_be_visible()
    axe.assert_no_violations(page, structure=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "referrals-received.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # the byte order mark Excel reads as UTF-8
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0] == "Quarter,Need,Received,Accepted,Attended"
    assert lines[1].endswith(",Physical activity,<5,0,0")  # world.link_x, sent, no answer
