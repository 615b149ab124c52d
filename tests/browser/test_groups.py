"""Group work in Chromium, with axe-core: a worker starts a group and its meeting, two
workers invite people from their own caseloads, the lead records the meeting's attendance
on one screen, and the group session shows on a person's case timeline (decision 0090)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.tests.factories import CaseFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invite(page, *names):
    # The group page may still be loading after the message it shows; a click then can be
    # lost as the browser scrolls (decision 0086). Click once it has loaded, and wait for the
    # invitation page.
    page.wait_for_load_state()
    page.get_by_role("button", name="Invite people").click()
    page.wait_for_url(re.compile(r"/groups/\d+/invite/$"))
    for name in names:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text(f"{len(names)} invited to Elder Park walk")).to_be_visible()


def test_running_a_group_and_recording_attendance_from_two_caseloads(world, page, sign_in, axe):
    third = CaseFactory(person=PersonFactory(practice=world.practice_x), link_worker=world.worker_a)
    x, y, z = (case.person.full_name for case in (world.case_x, world.case_y, third))
    sign_in("link_worker")
    page.get_by_role("link", name="Groups", exact=True).first.click()
    page.get_by_role("button", name="Start a group").click()
    page.get_by_label("Name of the group").fill("Elder Park walk")
    page.get_by_label("How many people it can take").fill("10")
    page.get_by_role("button", name="Start the group").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Date of the (first) meeting").fill(yesterday.isoformat())
    page.get_by_label("Start time").fill("10:30")
    page.get_by_role("button", name="Add meetings").click()
    expect(page.get_by_text("1 meeting added.")).to_be_visible()
    _invite(page, x, z)
    axe.assert_no_violations(page)

    sign_in("other_link_worker")  # invites their own person into a colleague's group
    page.goto("/groups/")
    page.get_by_role("link", name="Elder Park walk").click()
    _invite(page, y)
    expect(page.get_by_text(x)).to_have_count(0)  # not theirs to see

    sign_in("link_worker")
    page.goto("/groups/")
    page.get_by_role("link", name="Elder Park walk").click()
    page.get_by_role("link", name=re.compile("attendance")).click()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Nothing recorded: choose Attended, Did not attend or Cancelled for at least one person"
    )
    for name, answer in ((x, "Attended"), (y, "Attended"), (z, "Did not attend")):
        page.get_by_role("group", name=name).get_by_label(answer, exact=True).check()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved, on each person's case.")).to_be_visible()
    expect(page.get_by_role("cell", name="3 recorded")).to_be_visible()

    page.goto(f"/cases/{world.case_x.pk}/")
    timeline = page.locator(".lw-timeline")
    expect(timeline).to_contain_text("Session: Group activity · Attended")
    expect(timeline).to_contain_text("Group: Elder Park walk")
