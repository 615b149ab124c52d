"""Each dashboard in Chromium as each role: a commissioner opens the programme
dashboard, chooses a period, drills down from the HSCP to a cluster and downloads a
table, never seeing a count under 5 nor a name; a team lead opens the team dashboard;
nobody else gets in. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from linkwork.casework.models import Person
from linkwork.reporting.tests import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_period(page) -> None:
    page.get_by_label("From date").fill("2026-04-01")
    page.get_by_label("To date").fill("2026-06-30")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state()


def numbers_on(page) -> list[str]:
    cells = page.locator("td.nhsuk-table__cell--numeric").all()
    return [re.sub(r"^.*\n", "", cell.inner_text()).strip() for cell in cells]


def test_a_commissioner_reads_the_programme_dashboard_and_drills_down(world, page, sign_in, axe):
    programme = scenario.build(world)
    sign_in("commissioner")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Glasgow City HSCP")
    choose_period(page)
    expect(page.get_by_role("heading", name="Engagement: referred to closed")).to_be_visible()
    axe.assert_no_violations(page, structure=True)
    shown = numbers_on(page)
    assert shown
    assert not [n for n in shown if re.fullmatch(r"[1-4]", n)]
    text = page.locator("main").inner_text()
    assert not [p.full_name for p in Person.objects.all() if p.full_name in text]
    assert str(programme.world.worker_a) not in text

    page.get_by_role("link", name=str(world.practice_x.cluster)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(world.practice_x.cluster))
    axe.assert_no_violations(page, structure=True)
    page.get_by_role("link", name="Practice Y").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Practice Y")
    assert not [n for n in numbers_on(page) if re.fullmatch(r"[1-4]", n)]

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Table as CSV\W+Engagement")).click()
    assert download.value.suggested_filename == (
        "engagement-practice-y-2026-04-01-to-2026-06-30.csv"
    )

    page.get_by_label("From date").fill("2026-07-01")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The to date must be the same as or after the from date"
    )
    axe.assert_no_violations(page)


def test_a_team_lead_reads_the_team_dashboard(world, page, sign_in, axe):
    scenario.build(world)
    sign_in("team_lead")
    page.get_by_role("link", name="Team dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(world.provider_a))
    choose_period(page)
    caseloads = page.get_by_role("table", name=re.compile("Open cases by link worker"))
    expect(caseloads).to_contain_text(str(world.worker_a))
    expect(caseloads).to_contain_text(str(world.worker_a2))
    axe.assert_no_violations(page, structure=True)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Chart as PNG\W+Waiting list")).click()
    assert download.value.suggested_filename == "waiting-list.png"


@pytest.mark.parametrize("username", ["link_worker", "practice_staff", "community_partner"])
def test_nobody_else_opens_a_dashboard(world, page, sign_in, username):
    sign_in(username)
    expect(page.get_by_role("link", name="Dashboard", exact=True)).to_have_count(0)
    for url in ("/reports/", "/reports/team/"):
        response = page.goto(url)
        assert response.status == 403
