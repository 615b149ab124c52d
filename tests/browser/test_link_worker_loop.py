"""The link worker's daily loop in Chromium: practice staff refer, the worker accepts,
books and records sessions, agrees a goal and an action, closes the case, and the
practice sees the outcome. axe-core checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.models import Case, Session
from linkwork.referrals.models import Referral

# The one journey both backends run whole (decision 0104): referral to closure.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.both_backends,
    pytest.mark.django_db(transaction=True),
]


def test_refer_accept_work_and_close(world, page, sign_in, axe):
    # Practice staff refer Mr McLean.
    sign_in("practice_staff")
    page.get_by_role("button", name="Refer someone to the link worker").click()
    axe.assert_no_violations(page)
    page.get_by_label("CHI number").fill("1507824130")
    page.get_by_label("First name").fill("Hugh")
    page.get_by_label("Last name").fill("McLean")
    birth = page.get_by_role("group", name="Date of birth")
    birth.get_by_label("Day").fill("15")
    birth.get_by_label("Month").fill("7")
    birth.get_by_label("Year").fill("1982")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("Postcode").fill("g51 3hr")
    page.get_by_label("Money and benefits").check()
    page.get_by_label("Housing").check()
    page.get_by_label("What matters to the person").fill("The damp flat and the gas bill")
    page.get_by_text("More details: urgency, safety").click()  # the rest of the form
    page.get_by_label("Dog at the address").check()
    page.get_by_label(re.compile("The person agrees to this referral")).check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral for Hugh McLean sent")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Hugh McLean"))).to_contain_text("Waiting")
    axe.assert_no_violations(page)

    # The link worker accepts it from their home page.
    sign_in("link_worker")
    page.get_by_role("link", name="Hugh McLean").click()
    expect(page.get_by_text("Dog at the address")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Accept referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hugh McLean")
    axe.assert_no_violations(page)

    # Book a session starting five minutes ago (a booking may not be for a time gone by,
    # but attendance can only be recorded once a session has started: the test runs at any
    # hour but the first minutes of the day), then record one that happened; no session
    # comes before the referral (received today).
    today = timezone.localdate()
    booked_at = (timezone.localtime() - timedelta(minutes=5)).strftime("%H:%M")
    page.get_by_role("link", name="Book a session").click()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Time").fill(booked_at)
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Session booked.")).to_be_visible()

    page.get_by_role("link", name="Record a session").click()
    # First contact: why he was referred, in words to tell him (decision 0072).
    expect(page.get_by_text("Help with money and benefits")).to_be_visible()
    expect(
        page.locator(".lw-first-contact").get_by_text("The damp flat and the gas bill")
    ).to_be_visible()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Time").fill("00:01")
    page.get_by_label("Attended", exact=True).check()  # never chosen for the worker
    page.get_by_label("Short note").fill("First conversation: rent arrears letter, the garden.")
    # The first session starts from the referral: what matters is the goal to agree.
    expect(page.get_by_label(re.compile("A goal in their words"))).to_have_value(
        "The damp flat and the gas bill"
    )
    expect(page.get_by_label("Housing")).to_be_checked()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Session recorded.")).to_be_visible()
    expect(page.get_by_text("Engaged")).to_be_visible()

    # Record the outcome of the booked one.
    page.get_by_role("link", name=re.compile(f"{booked_at} · Face to face")).first.click()
    expect(page.get_by_role("button", name="Save session")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session recorded.")).to_be_visible()

    # A goal in his words, and an action towards it.
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("What matters to the person").fill("To get back out to my garden")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_role("link", name=re.compile("^Add an action.*To get back")).click()
    page.get_by_label("Action").fill("Try the Tuesday walking group")
    page.get_by_label("Who will do it").fill("Hugh")
    page.get_by_label("Signposted").check()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Try the Tuesday walking group")).to_be_visible()
    axe.assert_no_violations(page)

    # Close with goals met.
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Goals met").check()
    # The open action is asked about before the case closes (decision 0072).
    page.get_by_role("group", name="Action: Try the Tuesday walking group").get_by_label(
        "Mark it done"
    ).check()
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_text("Case closed.")).to_be_visible()
    # Closed with no exit measure: asked once (outcomes), answered "not available".
    expect(page.get_by_role("heading", level=1)).to_have_text("There is no exit measure yet")
    axe.assert_no_violations(page)
    page.get_by_label("The person is not available").check()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("Noted: no exit measure.")).to_be_visible()

    case = Case.objects.get(person__chi="1507824130")
    assert case.status == "closed"
    assert Session.objects.filter(case=case, outcome="attended").count() == 2

    # The practice sees the outcome, and nothing of the sessions.
    sign_in("practice_staff")
    row = page.get_by_role("row", name=re.compile("Hugh McLean"))
    expect(row).to_contain_text("Closed")
    expect(row).to_contain_text("Goals met")
    row.get_by_role("link", name="Hugh McLean").click()
    expect(page.get_by_text("rent arrears letter")).to_have_count(0)
    assert Referral.objects.get(person=case.person).status == "accepted"


def test_recording_todays_session_from_home_takes_one_page(world, page, sign_in, axe):
    """Fewer clicks than the spreadsheet: the session's form opens on My day (htmx), and
    saving it is the one page load."""
    now = timezone.localtime()
    planned = Session.objects.create(
        case=world.case_x, starts_at=now.replace(second=0, microsecond=0), mode="in_practice"
    )
    sign_in("link_worker")
    loads = []
    page.on("load", lambda: loads.append(page.url))

    page.locator(f"a[href^='/sessions/{planned.pk}/']").click()
    expect(page.get_by_role("button", name="Save session")).to_be_visible()
    assert page.url.endswith("/home/link-worker/")  # still My day: the form came in place
    form = page.locator("#record-session")
    visible_fields = form.locator("input:visible, textarea:visible, select:visible")
    assert visible_fields.count() == 4 + 1 + 1  # four outcomes, length, note
    axe.assert_no_violations(page)
    form.get_by_label("Attended", exact=True).check()  # chosen, never prefilled
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_text("Session recorded.")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.url.endswith("/home/link-worker/")
    assert len(loads) == 1, loads  # saving, straight back to My day
    planned.refresh_from_db()
    assert planned.outcome == "attended"
    assert planned.duration_minutes == 60
