"""Outcome measures in Chromium: the worker records a baseline SWEMWBS in a session,
hands the tablet over for an ONS4, sends a link for the exit SWEMWBS, the person
completes it without signing in, and the case page shows the change. axe-core checks
every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from linkwork.accounts.tests.factories import TEST_PASSWORD
from linkwork.outcomes.models import QuestionnaireResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, answers: list[str]) -> None:
    """Tick one answer per question, found by the question's number and the label."""
    for number, label in enumerate(answers, 1):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_label(label, exact=True).check()


def start(page, axe, questionnaire: str, timepoint: str, how: str) -> None:
    page.get_by_role("link", name="Add a questionnaire").first.click()
    axe.assert_no_violations(page)
    page.get_by_label(questionnaire).check()
    page.get_by_label(timepoint).check()
    page.get_by_role("button", name=how).click()


def test_baseline_tablet_link_and_the_change_on_the_case(
    world, page, sign_in, axe, live_server, settings
):
    settings.LINKWORK_SITE_URL = live_server.url  # links are built on the site's address
    case = world.case_x
    person = case.person
    sign_in("link_worker")
    page.goto(f"/cases/{case.pk}/")

    # Baseline SWEMWBS, entered by the worker in the session.
    start(
        page,
        axe,
        "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
        "Baseline (start of support)",
        "Enter the answers now",
    )
    expect(page.get_by_text("© NHS Health Scotland, University of Warwick")).to_be_visible()
    axe.assert_no_violations(page)
    answer(page, ["Some of the time"] * 7)  # raw 21, metric 19.25
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="19.25")).to_be_visible()
    axe.assert_no_violations(page)

    # ONS4: the tablet goes to the person, who sees nothing of the case.
    start(
        page,
        axe,
        "ONS personal well-being questions (ONS4)",
        "Baseline (start of support)",
        "Hand the tablet to the person",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ONS personal well-being questions (ONS4)"
    )
    for hidden in (person.family_name, person.given_name, "Sign out"):
        expect(page.get_by_text(hidden)).to_have_count(0)
    axe.assert_no_violations(page)
    answer(page, ["5", "6", "4", "7"])
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Please hand the tablet back")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_role("link", name="Link worker: take the tablet back").click()
    axe.assert_no_violations(page)
    page.get_by_label("Link worker: your password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Take the tablet back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)

    # The exit SWEMWBS by single-use link, shown as a QR code.
    start(
        page,
        axe,
        "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
        "Exit (end of support)",
        "Send a link",
    )
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("img", name="QR code for the questionnaire link")).to_be_visible()
    axe.assert_no_violations(page)
    link = re.search(r"https?://\S+/q/[\w-]+/", page.locator("figcaption").inner_text()).group(0)

    # The person opens it on their own phone: no sign-in, only the questionnaire.
    phone = page.context.browser.new_context(base_url=live_server.url)
    phone.route("https://**/*", lambda route: route.abort())
    theirs = phone.new_page()
    theirs.goto(link)
    expect(theirs.get_by_text("This link works once")).to_be_visible()
    expect(theirs.get_by_text(person.family_name)).to_have_count(0)
    axe.assert_no_violations(theirs)
    answer(
        theirs,
        [
            "Often",
            "Some of the time",
            "Often",
            "Often",
            "Some of the time",
            "Often",
            "Some of the time",
        ],
    )  # raw 25, metric 22.35
    theirs.get_by_role("button", name="Send my answers").click()
    expect(theirs.get_by_role("heading", name="Thank you")).to_be_visible()
    theirs.goto(link)
    expect(theirs.get_by_role("heading", level=1)).to_have_text("This link has expired")
    phone.close()

    # Back on the case page: the change, judged against the threshold.
    page.goto(f"/cases/{case.pk}/")
    summary = page.locator("p", has_text="Change from baseline +3.10: a meaningful improvement")
    expect(summary).to_be_visible()
    expect(page.get_by_text("Meaningful improvement", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("SWEMWBS metric score"))).to_be_visible()
    axe.assert_no_violations(page)
    methods = sorted(QuestionnaireResponse.objects.values_list("method", flat=True))
    assert methods == ["link", "tablet", "worker"]
