"""Issue 15 in Chromium, with axe-core: a worker asks for a debrief from a heavy case,
and their team lead sees it waiting on their home page and marks it held."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from linkwork.team.models import DebriefRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_asks_for_a_debrief_and_the_team_lead_sees_it_on_their_home(
    world, page, sign_in, axe
):
    lead = world.users["team_lead"]
    lead.email = "lead@provider.example"
    lead.save()
    sign_in("link_worker")
    page.goto(f"/cases/{world.case_x.pk}/")
    too_long = " ".join(["A hard visit."] * 25)
    note = page.get_by_label("A short note for your team lead (optional)")
    note.evaluate("box => box.removeAttribute('maxlength')")  # as a pasted note can be
    note.fill(too_long)
    page.get_by_role("button", name="Ask for a debrief").click()
    # Too long: shown again, the error under the note and what was typed kept.
    expect(page.locator(".nhsuk-error-message")).to_contain_text(
        "Shorten the note to 300 characters or fewer"
    )
    note = page.get_by_label("A short note for your team lead (optional)")
    expect(note).to_have_value(too_long)
    axe.assert_no_violations(page)
    note.fill("A hard disclosure")
    page.get_by_role("button", name="Ask for a debrief").click()
    expect(page.get_by_text("Debrief asked for: your team lead has been told.")).to_be_visible()
    expect(page.get_by_text("It shows on their home page until it is held.")).to_be_visible()
    axe.assert_no_violations(page)
    assert [m.to for m in mail.outbox] == [["lead@provider.example"]]

    sign_in("team_lead")
    waiting = page.get_by_role("region", name="Debrief requests waiting")
    expect(waiting).to_contain_text(str(world.worker_a))
    expect(waiting).to_contain_text(f"Case {world.case_x.pk}")
    expect(waiting).to_contain_text("A hard disclosure")
    axe.assert_no_violations(page)
    waiting.get_by_role("button", name="Mark the debrief").click()
    expect(page.get_by_text(f"Debrief with {world.worker_a} marked held.")).to_be_visible()
    expect(page.get_by_role("region", name="Debrief requests waiting")).to_have_count(0)
    assert DebriefRequest.objects.get().held_on is not None
