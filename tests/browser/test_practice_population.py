"""An administrator loads practice populations in Chromium: a file with a bad row is
refused whole, with the row named; corrected, it loads and is listed. axe-core checks each
page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADER = "practice_code,date,sex,age_band,simd_decile,patients\n"


def test_an_administrator_loads_a_practice_population_file(world, page, sign_in, axe, tmp_path):
    code = world.practice_x.code
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(f"{HEADER}{code},2026-04-01,All,0-4,,100\n", encoding="utf-8")
    good.write_text(f"{HEADER}{code},2026-04-01,Female,0-4,,100\n", encoding="utf-8")
    sign_in("administrator")
    page.get_by_role("link", name="Load practice populations").click()
    axe.assert_no_violations(page)

    page.get_by_label("Practice population file (CSV or XLSX)").set_input_files(bad)
    page.get_by_role("button", name="Load the file").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("nothing was loaded")
    expect(page.get_by_role("table", name="Problems found")).to_contain_text("All is a total")
    axe.assert_no_violations(page)

    page.get_by_label("Practice population file (CSV or XLSX)").set_input_files(good)
    page.get_by_role("button", name="Load the file").click()
    expect(page.get_by_text("Loaded 1 row for 1 practice population profile.")).to_be_visible()
    expect(page.get_by_role("table", name="Practice population profiles")).to_contain_text(
        f"Practice X ({code})"
    )
    axe.assert_no_violations(page)
