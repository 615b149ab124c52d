"""The minimum core dataset from the web: for national analysts only, the same rows as
`linkwork export-mcd`, each download audited."""

import csv
import io
from pathlib import Path

import openpyxl
from django.core.management import call_command
from django.urls import reverse

from linkwork.audit.models import Action, AuditEvent
from linkwork.reporting import mcd

PAGE = "reporting:minimum_core_dataset"
APRIL_TO_JUNE = {"date_from": "2026-04-01", "date_to": "2026-06-30"}


def download(client, user, **params):
    client.force_login(user)
    return client.get(reverse(PAGE), params)


def downloads():
    return AuditEvent.objects.filter(action=Action.EXPORT, detail__download="minimum_core_dataset")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_national_analyst_downloads_the_rows_the_command_writes(
    client, world, programme, tmp_path
):
    response = download(client, world.users["national_analyst"], format="csv", **APRIL_TO_JUNE)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="minimum-core-dataset-2026-04-01-to-2026-06-30.csv"'
    )
    web = list(csv.DictReader(io.StringIO(body(response).decode())))
    command = tmp_path / "mcd.csv"
    call_command(
        "export-mcd", "--from", "2026-04-01", "--to", "2026-06-30", "-o", str(command),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert web == list(csv.DictReader(io.StringIO(command.read_text(encoding="utf-8"))))
    assert len(web) == 11  # the scenario's referrals received April to June (test_export_mcd)
    (event,) = downloads().filter(actor=world.users["national_analyst"])
    assert event.detail == {
        "download": "minimum_core_dataset",
        "from": "2026-04-01",
        "to": "2026-06-30",
        "entries": 11,
    }


def test_the_workbook_holds_the_same_rows(client, world, programme, tmp_path):
    response = download(client, world.users["national_analyst"], format="xlsx", **APRIL_TO_JUNE)
    path = Path(tmp_path / "mcd.xlsx")
    path.write_bytes(body(response))
    book = openpyxl.load_workbook(path, read_only=True)  # holds the file open until closed
    rows = list(book.active.values)
    book.close()
    assert list(rows[0]) == list(mcd.COLUMN_NAMES)
    assert len(rows) == 1 + 11


def test_an_hscp_commissioner_and_other_roles_are_refused(client, world, programme):
    for name in ("commissioner", "team_lead", "link_worker", "administrator"):
        response = download(client, world.users[name], format="csv", **APRIL_TO_JUNE)
        assert response.status_code == 403, name
    assert not downloads().exists()


def test_the_page_lists_the_columns_and_bad_choices_are_named(client, world):
    analyst = world.users["national_analyst"]
    page = download(client, analyst).content.decode()
    assert all(name in page for name in mcd.COLUMN_NAMES)
    assert "Not for publication" in page
    wrong = download(client, analyst, format="pdf", date_from="2026-13-01").content.decode()
    assert "Choose a file type: CSV or Excel workbook" in wrong
    assert "Enter the from date as a date, for example 2026-04-01" in wrong
    assert not downloads().exists()


def test_a_national_analysts_dashboard_links_to_it_and_a_commissioners_does_not(client, world):
    link = reverse(PAGE)
    client.force_login(world.users["national_analyst"])
    assert link in client.get(reverse("reporting:programme")).content.decode()
    client.force_login(world.users["commissioner"])
    assert link not in client.get(reverse("reporting:programme")).content.decode()
