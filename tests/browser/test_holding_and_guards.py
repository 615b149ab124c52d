"""Issue 13 in Chromium, with axe-core on every page: a worker holds a case and sees it
apart on My day; closing asks what happens to each open action and referral and why the
person did not engage; a partner's "stop" asks to confirm (decision 0072)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casefile import views as casefile_views
from linkwork.casework.models import Action, Case
from linkwork.links.models import Link
from linkwork.links.services import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_holds_a_case_and_sees_it_apart_on_my_day(world, page, sign_in, axe):
    case = world.case_x
    review = timezone.localdate() + timedelta(days=14)
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name=re.compile("^Hold the case")).click()
    axe.assert_no_violations(page)
    page.get_by_label("Why is the case holding?").fill("Waiting for a mental health assessment")
    page.get_by_label("Agency or service they are waiting for (optional)").fill("Govan CMHT")
    page.get_by_label("Review by").fill(review.isoformat())
    page.get_by_role("button", name="Hold the case").click()
    expect(page.get_by_text("The case is holding.")).to_be_visible()
    expect(page.get_by_text("Holding while waiting for Govan CMHT")).to_be_visible()
    axe.assert_no_violations(page)

    page.goto("/home/link-worker/")
    holding = page.get_by_role("table", name=re.compile("case holding"))
    expect(holding).to_contain_text(case.person.full_name)
    expect(holding).to_contain_text(f"{review:%-d %b %Y}")
    caseload = page.get_by_role("table", name=re.compile(r"^\d+ cases?$"))
    expect(caseload.get_by_text(case.person.full_name)).to_have_count(0)
    axe.assert_no_violations(page)
    assert Case.objects.get(pk=case.pk).is_holding


def test_closing_asks_about_each_open_action_and_referral(world, page, sign_in, axe, monkeypatch):
    monkeypatch.setattr(casefile_views, "exit_prompt_url", lambda request, case: None)
    case = world.case_x
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/close/")
    reason = page.get_by_role("group", name="Why did the person not engage?")
    expect(reason).to_be_hidden()  # until "did not engage" is chosen
    page.get_by_label("Did not engage after contact attempts").check()
    expect(reason).to_be_visible()  # revealed under its radio
    reason.get_by_label("Not the right time").check()
    page.get_by_role("button", name="Close case").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose what happens to “Call the council”")
    expect(summary).to_contain_text("Choose what happens to “Govan walking group”")
    axe.assert_no_violations(page)
    assert Case.objects.get(pk=case.pk).status == "open"

    page.get_by_role("group", name="Action: Call the council").get_by_label(
        "Stop it: no longer needed"
    ).check()
    page.get_by_role("group", name="Referral: Govan walking group").get_by_label(
        "Withdraw the referral"
    ).check()
    page.get_by_role("group", name="Referral: Another lunch club").get_by_label(
        "Leave it with the organisation"
    ).check()
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_text("Case closed.")).to_be_visible()
    expect(page.get_by_text("(not the right time)").first).to_be_visible()
    axe.assert_no_violations(page)
    closed = Case.objects.get(pk=case.pk)
    assert (closed.status, closed.not_engaged_reason) == ("closed", "not_the_right_time")
    assert Action.objects.get(pk=world.action_x.pk).status == "stopped"
    assert Link.objects.get(pk=world.link_x.pk).status == "stopped"
    assert Link.objects.get(pk=world.link_other.pk).status == "sent"


def test_a_partners_stop_asks_to_confirm(world, page, sign_in, axe):
    advance(
        link=world.link_x,
        status="accepted",
        by=world.users["community_partner"],
        by_organisation=True,
    )
    sign_in("community_partner")
    page.goto("/partner/referrals/")
    card = page.locator(f"#link-{world.link_x.pk}")
    card.get_by_role("button", name=re.compile("^Stop")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before you save")
    axe.assert_no_violations(page)
    assert Link.objects.get(pk=world.link_x.pk).status == "accepted"
    page.get_by_role("link", name="No, go back").click()
    page.wait_for_url("**/partner/referrals/")  # loaded before the next click (directory journey)
    assert Link.objects.get(pk=world.link_x.pk).status == "accepted"
    page.locator(f"#link-{world.link_x.pk}").get_by_role("button", name=re.compile("^Stop")).click()
    page.get_by_role("button", name="Yes, support stopped").click()
    expect(page.get_by_text("marked stopped")).to_be_visible()
    assert Link.objects.get(pk=world.link_x.pk).status == "stopped"


def test_a_partners_decline_with_no_reason_says_so_in_its_card(world, page, sign_in, axe):
    """The page comes back scrolled to the card, where the banner at the top of a long list
    is out of sight: the card says what to do."""
    sign_in("community_partner")
    page.goto("/partner/referrals/")
    card = page.locator(f"#link-{world.link_x.pk}")
    card.get_by_role("button", name=re.compile("^Decline")).click()
    page.wait_for_url(re.compile(rf"#link-{world.link_x.pk}$"))
    card = page.locator(f"#link-{world.link_x.pk}")
    expect(card.get_by_text("Choose why the referral is declined")).to_be_visible()
    expect(card.get_by_role("combobox")).to_have_accessible_description(
        re.compile(r"^Error:\s.*Choose why the referral is declined\s*$")
    )
    axe.assert_no_violations(page)
    assert Link.objects.get(pk=world.link_x.pk).status == "sent"
