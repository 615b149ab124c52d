"""Loading practice population profiles: `linkwork import-practice-population FILE.csv` and
an administrator's upload page. Every bad row is named by line, column and fix, nothing is
loaded when any row is bad, and loading again replaces a practice's profile as at a date."""

from datetime import date, datetime
from io import StringIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.organisations.models import PracticePopulation

HEADER = "practice_code,date,sex,age_band,simd_decile,patients\n"
PAGE = reverse("organisations:practice_population")


def write(tmp_path, body: str, header: str = HEADER, name="population.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import-practice-population", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import-practice-population", str(path), stdout=StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def profile(practice, as_at) -> dict:
    rows = PracticePopulation.objects.filter(practice=practice, as_at=as_at)
    return {(r.sex, r.age_band, r.simd_decile): r.patients for r in rows}


def test_a_file_loads_in_public_health_scotlands_spellings(tmp_path, world):
    x = world.practice_x.code
    path = write(
        tmp_path,
        f"{x},20260401,Female,Ages0to4,,120\n"
        f"{x},2026-04-01,M,85 and over,1,7\n"
        f'{x},01/04/2026,male,25 to 44,10,"1,204"\n',
    )
    out, err = run(path)
    assert err == ""
    assert f"practice {x} as at 2026-04-01" in out
    assert "Rows read: 3; loaded: 3; replaced: 0." in out
    assert profile(world.practice_x, date(2026, 4, 1)) == {
        ("female", "0-4", None): 120,
        ("male", "85+", 1): 7,
        ("male", "25-44", 10): 1204,
    }
    event = AuditEvent.objects.filter(detail__import="practice_population").get()
    assert event.detail["profiles"] == [[x, "2026-04-01"]]
    assert event.actor_username == "linkwork import-practice-population"


def test_a_file_for_two_hscps_is_logged_in_each_with_its_own_practices(tmp_path, world):
    x, z = world.practice_x.code, world.practice_z.code  # Glasgow's and Inverclyde's
    run(write(tmp_path, f"{x},2026-04-01,F,0-4,,100\n{z},2026-04-01,F,0-4,,70\n"))
    events = AuditEvent.objects.filter(detail__import="practice_population")
    assert {e.hscp_id: e.detail["profiles"] for e in events} == {
        world.hscp_a.pk: [[x, "2026-04-01"]],
        world.hscp_b.pk: [[z, "2026-04-01"]],
    }


def test_loading_again_replaces_that_practice_and_date_only(tmp_path, world):
    x, y = world.practice_x, world.practice_y
    run(write(tmp_path, f"{x.code},2025-04-01,F,0-4,,50\n{y.code},2026-04-01,F,0-4,,60\n"))
    first = write(tmp_path, f"{x.code},2026-04-01,F,0-4,,100\n{x.code},2026-04-01,M,0-4,,90\n")
    run(first)
    out, _ = run(first)
    assert "Rows read: 2; loaded: 2; replaced: 2." in out
    run(write(tmp_path, f"{x.code},2026-04-01,F,0-4,,101\n"))
    assert profile(x, date(2026, 4, 1)) == {("female", "0-4", None): 101}  # male row gone
    assert profile(x, date(2025, 4, 1)) == {("female", "0-4", None): 50}
    assert profile(y, date(2026, 4, 1)) == {("female", "0-4", None): 60}


def test_every_bad_row_is_named_by_line_column_and_fix_and_nothing_is_loaded(tmp_path, world):
    x = world.practice_x.code
    path = write(
        tmp_path,
        f"{x},2026-04-01,F,0-4,,100\n"  # good, but not loaded
        "4321,2026-04-01,F,0-4,,1\n"
        "99999,2026-04-01,F,0-4,,1\n"
        f"{x},2026-02-30,F,0-4,,1\n"
        f"{x},2099-01-01,F,0-4,,1\n"
        f"{x},April 2026,F,0-4,,1\n"
        f"{x},2026-04-01,All,0-4,,1\n"
        f"{x},2026-04-01,X,0-4,,1\n"
        f"{x},2026-04-01,F,0-15,,1\n"
        f"{x},2026-04-01,F,5-14,0,1\n"
        f"{x},2026-04-01,F,5-14,11,1\n"
        f"{x},2026-04-01,F,5-14,,-3\n"
        f"{x},2026-04-01,F,0-4,,7\n"
        f"{x},2026-04-01,F,5-14,,1,extra\n",
    )
    message, err = refused(path)
    assert message == "13 bad row(s) of 14; nothing was loaded. Fix them and load the file again."
    assert err.splitlines() == [
        "line 3, column practice_code: 4321 is not a practice code; write its five digits",
        "line 4, column practice_code: no practice with code 99999 that you may load for; "
        "check the code, or add the practice first",
        "line 5, column date: 2026-02-30 is not a date that exists; write it as YYYY-MM-DD, "
        "DD/MM/YYYY or YYYYMMDD, for example 2025-04-01",
        "line 6, column date: 2099-01-01 is in the future; give the date the list was taken",
        "line 7, column date: April 2026 is not a date; write it as YYYY-MM-DD, DD/MM/YYYY or "
        "YYYYMMDD, for example 2025-04-01",
        "line 8, column sex: All is a total; leave out the rows for all sexes (linkwork adds "
        "up the Female and Male rows)",
        "line 9, column sex: X is not a sex here; write Female or Male",
        "line 10, column age_band: 0-15 is not an age band here; write one of 0-4, 5-14, "
        "15-24, 25-44, 45-64, 65-74, 75-84, 85+ (Public Health Scotland's bands)",
        "line 11, column simd_decile: 0 is not a SIMD decile; write a whole number from 1 "
        "(most deprived) to 10, or leave it empty where the decile is not known",
        "line 12, column simd_decile: 11 is not a SIMD decile; write a whole number from 1 "
        "(most deprived) to 10, or leave it empty where the decile is not known",
        "line 13, column patients: -3 is not a number of patients; write a whole number",
        "line 14, column age_band: the same practice, date, sex, age band and SIMD decile is "
        "on line 2 too; keep one of the two rows (add them up if both are right)",
        "line 15, column (row): the row has more values than the header has columns; check "
        "for a stray comma",
    ]
    assert not PracticePopulation.objects.exists()


def test_a_file_that_is_not_one_is_refused_whole(tmp_path, world):
    message, _ = refused(write(tmp_path, "", header="practice,when\n"))
    assert message.endswith(
        "line 1 (header): the columns must be practice_code, date, sex, age_band, "
        "simd_decile, patients (missing: practice_code, date, sex, age_band, simd_decile, "
        "patients; not expected: practice, when); nothing was loaded"
    )
    message, _ = refused(write(tmp_path, ""))
    assert message.endswith("line 2: the file has no rows under the header; nothing was loaded")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "40001,2026-04-01,F,0-4,,1 café\n".encode("latin-1"))
    message, _ = refused(latin)
    assert message.endswith("not a UTF-8 CSV file; save it as CSV UTF-8")
    assert refused(tmp_path / "missing.csv")[0].endswith("no such file")


# --- The page -------------------------------------------------------------------------


def upload(client, body: str, header: str = HEADER):
    file = SimpleUploadedFile("practices.csv", (header + body).encode("utf-8"))
    return client.post(PAGE, {"file": file})


def test_an_administrator_loads_a_file_for_their_hscps_practices(client, world):
    admin = world.users["administrator"]
    client.force_login(admin)
    assert client.get(PAGE).status_code == 200
    x = world.practice_x.code
    response = upload(client, f"{x},2026-04-01,F,0-4,,100\n{x},2026-04-01,M,0-4,,80\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Loaded 2 rows for 1 practice population profile." in html
    assert f"Practice X ({x})" in html
    assert ">180<" in html.replace("\n", "").replace(" ", "")
    event = AuditEvent.objects.filter(detail__import="practice_population").get()
    assert (event.actor_id, event.detail["file"]) == (admin.pk, "practices.csv")
    assert event.hscp_id == world.hscp_a.pk  # in their HSCP's log, not only the national one


def test_another_hscps_practice_is_a_bad_row_and_nothing_is_loaded(client, world):
    client.force_login(world.users["administrator"])
    x, z = world.practice_x.code, world.practice_z.code  # Z is Inverclyde's
    response = upload(client, f"{x},2026-04-01,F,0-4,,100\n{z},2026-04-01,F,0-4,,100\n")
    html = response.content.decode()
    assert response.status_code == 400
    assert "1 of 2 rows have a problem, listed below, so nothing was loaded" in html
    assert f"no practice with code {z} that you may load for" in html
    assert not PracticePopulation.objects.exists()
    national = world.users["national_administrator"]
    client.force_login(national)
    upload(client, f"{z},2026-04-01,F,0-4,,100\n")
    assert PracticePopulation.objects.aggregate(n=Sum("patients"))["n"] == 100


def test_the_page_names_a_missing_or_unreadable_file(client, world):
    client.force_login(world.users["administrator"])
    response = client.post(PAGE, {})
    assert response.status_code == 400
    assert "Choose the CSV file to load" in response.content.decode()
    response = upload(client, "", header="a,b\n")
    assert "The file cannot be loaded: line 1 (header)" in response.content.decode()


@pytest.mark.parametrize(
    "username", ["commissioner", "national_analyst", "team_lead", "practice_staff", "link_worker"]
)
def test_no_one_but_an_administrator_may_load(client, world, username):
    client.force_login(world.users[username])
    assert client.get(PAGE).status_code == 403
    response = upload(client, f"{world.practice_x.code},2026-04-01,F,0-4,,100\n")
    assert response.status_code == 403
    assert not PracticePopulation.objects.exists()


def test_the_spreadsheet_itself_loads_as_its_csv_would(tmp_path, world):
    """An XLSX as Excel keeps it: a date cell, numbers as numbers, an empty row left."""
    x = world.practice_x.code
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        [int(x) if x.isdigit() else x, datetime(2026, 4, 1), "Female", "Ages0to4", None, 120]
    )
    sheet.append([])
    sheet.append([x, "2026-04-01", "M", "85 and over", 1, 7.0])
    path = tmp_path / "population.xlsx"
    book.save(path)
    out, err = run(path)
    assert err == ""
    assert "Rows read: 2; loaded: 2; replaced: 0." in out
    assert profile(world.practice_x, date(2026, 4, 1)) == {
        ("female", "0-4", None): 120,
        ("male", "85+", 1): 7,
    }
    sheet.append([x, "2026-04-01", "M", "0-4", None, 1, "spare"])
    book.save(path)
    assert "line 5" in refused(path)[1]  # a value past the last column, on the sheet's line
