"""Casework in Chromium, with axe-core on every page: a home visit shows the safety
details and the address; a note is corrected and its earlier wording is one click away;
the team lead hands a worker's cases over; closing lists the sessions still booked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casefile import views as casefile_views
from linkwork.casework import services
from linkwork.casework.models import Case
from linkwork.casework.tests.helpers import refer_again

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visit_a_correction_a_handover_and_closing(world, page, sign_in, axe, monkeypatch):
    # outcomes' exit question after closing: its own test
    monkeypatch.setattr(casefile_views, "exit_prompt_url", lambda request, case: None)
    refer_again(world, flags=["dog"], safety_detail="Keep the dog in the kitchen")
    case = world.case_x
    services.record_session(
        case=case,
        by=world.users["link_worker"],
        starts_at=timezone.now() + timedelta(days=7),
        mode="phone",
    )

    # The worker adds the address, then opens the home visit: safety and address first.
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/person/")
    page.get_by_label("Address").fill("14 Langlands Road\nGovan")
    page.get_by_role("button", name="Save details").click()
    page.goto(f"/sessions/{world.session_x.pk}/")
    callout = page.locator(".nhsuk-card--warning")
    expect(callout).to_contain_text("Keep the dog in the kitchen")
    expect(callout).to_contain_text("14 Langlands Road")
    axe.assert_no_violations(page)
    an_hour_ago = timezone.localtime() - timedelta(hours=1)  # passed, or 23 hours ahead
    page.get_by_label("I expect to be back by").fill(f"{an_hour_ago:%H:%M}")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe.assert_no_violations(page)

    # A note corrected: the earlier wording is in the details below it.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Correct").first.click()
    axe.assert_no_violations(page)
    page.get_by_label("Note").fill("Prefers afternoons")
    page.get_by_role("button", name="Save correction").click()
    page.get_by_text("Earlier versions").click()
    earlier = page.locator(".nhsuk-details").filter(has_text="Earlier versions")
    expect(earlier.locator(".nhsuk-details__text")).to_contain_text("Prefers mornings")
    axe.assert_no_violations(page)

    # Closing lists what is still booked.
    page.goto(f"/cases/{case.pk}/close/")
    expect(page.get_by_text("1 booked session still to come")).to_be_visible()
    expect(page.get_by_text("1 past session has no outcome recorded")).to_be_visible()
    axe.assert_no_violations(page)

    # The team lead hands the worker's cases over from the caseload table.
    sign_in("team_lead")
    name = world.worker_a.user.get_full_name()
    page.get_by_role("link", name=re.compile(rf"^{name}\s+open cases")).click()
    axe.assert_no_violations(page)
    page.get_by_label(case.person.full_name, exact=False).check()
    page.get_by_label(str(world.worker_a2), exact=False).check()
    page.get_by_label("Annual leave").check()
    page.get_by_role("button", name="Hand over the selected cases").click()
    expect(page.get_by_text(f"1 case handed over to {world.worker_a2}")).to_be_visible()
    assert Case.objects.get(pk=case.pk).link_worker == world.worker_a2
