"""Staff surveys in Chromium: a practice member answers by a single-use link with no
account; the commissioner reads the results, suppressed below 5. axe checks each page."""

import pytest
from playwright.sync_api import expect

from linkwork.surveys import services
from linkwork.surveys.tests.factories import answered, survey_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practice_member_answers_by_the_link_with_no_account(world, page, axe):
    survey = survey_in(world.hscp_a, world.users["commissioner"])
    (token,) = services.print_links(
        survey=survey, practice=world.practice_x, how_many=1, by=survey.created_by
    )
    page.goto(services.link_path(token))
    page.get_by_label("Receptionist").check()
    page.get_by_role("button", name="Continue").click()
    axe.assert_no_violations(page, structure=True)
    question = page.get_by_role("group", name="I know what the link worker at our practice does.")
    question.get_by_label("Strongly agree").check()
    page.get_by_label("What works well about the link worker service").fill("Warm handovers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Your answers have been sent.")).to_be_visible()
    axe.assert_no_violations(page)
    page.goto(services.link_path(token))
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    assert survey.responses.get().staff_group == "receptionist"


def test_the_commissioner_sees_results_suppressed(world, page, sign_in, axe):
    survey = survey_in(world.hscp_a, world.users["commissioner"])
    answered(survey, world.practice_x, survey.created_by, ["gp"] * 3, works_well="Mine")
    sign_in("commissioner")
    page.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_text("Fewer than 5 people have answered so far")).to_be_visible()
    expect(page.get_by_role("cell", name="<5")).to_be_visible()
    expect(page.get_by_text("Mine")).to_have_count(0)
    expect(page.get_by_text("Not emailed; 3 printed links")).to_be_visible()
    expect(page.get_by_role("button", name="Send the survey by email")).to_have_count(0)
    axe.assert_no_violations(page, structure=True)
