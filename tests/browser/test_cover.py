"""Cover while a worker is on leave, in Chromium (decision 0096): the team lead puts practice
X's worker on leave with a colleague covering; a new referral for practice X lands with
the cover worker, who takes it on. axe-core checks the pages on the way."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.referrals import services as referrals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _refer(world):
    return referrals.create_referral(
        person=referrals.PersonDetails(
            given_name="Rhona", family_name="Leckie", date_of_birth=date(1958, 6, 1), sex="female"
        ),
        details=referrals.ReferralDetails(
            practice=world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["social_isolation"],
            consent_to_referral=True,
        ),
        by=world.users["practice_staff"],
    )


def test_a_new_referral_for_an_absent_workers_practice_lands_with_the_cover(
    world, page, sign_in, axe
):
    today = timezone.localdate()
    sign_in("team_lead")
    page.get_by_role("link", name="Leave and cover").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave and cover")
    page.get_by_label("Link worker on leave").select_option(label=str(world.worker_a))
    page.get_by_label("First day of leave").fill(today.isoformat())
    page.get_by_label("Last day of leave").fill((today + timedelta(days=5)).isoformat())
    page.get_by_label("Who covers").select_option(label=str(world.worker_a2))
    page.get_by_role("button", name="Record leave").click()
    expect(page.get_by_text(f"{world.worker_a2} covers {world.worker_a}")).to_be_visible()
    axe.assert_no_violations(page, structure=True)

    _refer(world)
    sign_in("other_link_worker")
    expect(
        page.get_by_role("heading", name=re.compile(f"Covering for {world.worker_a} until"))
    ).to_be_visible()
    axe.assert_no_violations(page, structure=True)
    page.get_by_role("link", name="Rhona Leckie").click()
    page.get_by_role("button", name="Accept referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rhona Leckie")
