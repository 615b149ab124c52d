"""Time across the three domains in Chromium, with axe-core on every page: a worker logs
their week's practice, community and other time in the one short form, and their team
lead sees the split beside the intended balance, with the gaps marked (decision 0092)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.activity.time_split import week_of
from linkwork.casework.services import record_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_week_of_time_logged_by_a_worker_shows_in_the_team_leads_split(world, page, sign_in, axe):
    # An hour and a half with someone this week: patient-facing time, from the session.
    record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=timezone.now() - timedelta(minutes=1),
        mode="in_practice",
        duration_minutes=90,
        outcome="attended",
    )
    sign_in("link_worker")
    page.get_by_role("link", name="Time", exact=True).click()
    expect(page.get_by_role("heading", name="Log time")).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_role("button", name="Log time").click()  # nothing chosen: told what to fix
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose what the time was spent on")
    expect(summary).to_contain_text("Choose how long it took, or enter the minutes")
    # The summary takes focus as the page loads, scrolling to it: a click during that
    # scroll can press one place and release another, and check nothing (decision 0086).
    expect(summary).to_be_focused()
    page.wait_for_load_state()

    monday = week_of(timezone.localdate()).isoformat()
    for kind, length, practice in [
        ("Practice meeting", "30 minutes", "Practice X"),
        ("Community mapping visit", "1 and a half hours", None),
        ("Training", "45", None),
    ]:
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Date").fill(monday)
        if length.isdigit():
            page.get_by_label("Or another length, in minutes").fill(length)
        else:
            page.get_by_label(length).check()
        if practice:
            page.get_by_label("Practice (optional)").select_option(label=practice)
        page.get_by_role("button", name="Log time").click()
        expect(page.get_by_text("Time logged.")).to_be_visible()
    week = page.get_by_role("table", name="Time you logged this week")
    expect(week.get_by_role("row")).to_have_count(4)  # the heading and three entries
    expect(week).to_contain_text("Practice X")
    axe.assert_no_violations(page)

    sign_in("team_lead")
    page.get_by_role("link", name="Team time").click()
    expect(page.get_by_role("heading", name="Time across the three domains")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=str(world.worker_a))
    # 90 minutes with people, 30 at the practice, 90 in the community: 43% / 14% / 43%.
    expect(row).to_contain_text("43% (intended 60%) 17 points below")
    expect(row).to_contain_text("14% (intended 20%)")
    expect(row).to_contain_text("43% (intended 20%) 23 points above")
    expect(row).to_contain_text("45 min")  # training: other, outside the balance
    axe.assert_no_violations(page)
