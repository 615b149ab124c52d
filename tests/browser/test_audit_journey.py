"""An information governance lead reads the audit log and answers a subject access
request, with no WCAG 2.2 AA violations on the way."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_finds_who_saw_a_record_and_exports_the_history(world, page, sign_in, axe):
    person = world.case_x.person
    sign_in("link_worker")
    page.goto(f"/cases/{world.case_x.pk}/")
    sign_in("administrator")

    page.get_by_role("link", name="Search the audit log").click()
    axe.assert_no_violations(page)
    page.get_by_label("Person (CHI number or record number)").fill(person.chi)
    page.get_by_label("What they did").select_option(label="Viewed")
    page.get_by_role("button", name="Search").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text(f"{person.full_name} (record {person.pk})")
    expect(table).to_contain_text("Case page")
    expect(table).to_contain_text("(link_worker)")
    axe.assert_no_violations(page)

    page.get_by_label("From date").fill("2026-12-31")
    page.get_by_label("To date").fill("2026-01-01")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The to date must be the same as or after the from date"
    )
    axe.assert_no_violations(page)

    page.get_by_role("link", name=re.compile("Subject access request")).click()
    page.get_by_label("Person (CHI number or record number)").fill(person.chi)
    page.get_by_role("button", name="Find their access history").click()
    expect(
        page.get_by_role("heading", name=f"Access history of {person.full_name}")
    ).to_be_visible()
    axe.assert_no_violations(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download access history (CSV)").click()
    assert download.value.suggested_filename.startswith("access-history-")
    with open(download.value.path(), encoding="utf-8-sig") as csv_file:
        text = csv_file.read()
    assert text.startswith("Date and time (UK),Who,What,Page,Why it was allowed,Record")
    assert "Case page" in text
