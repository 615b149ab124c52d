"""`linkwork export-mcd`: one pseudonymised row per referral received in the period, every
per-referral value by the rules of definitions.py, audited, with its data dictionary."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from linkwork.audit.models import Action, AuditEvent
from linkwork.casework.models import Case, Person
from linkwork.reporting import definitions, mcd
from linkwork.reporting.tests.scenario import PERIOD

DICTIONARY = Path(__file__).resolve().parents[4] / "docs" / "mcd-data-dictionary.md"
APRIL_TO_JUNE = ("--from", "2026-04-01", "--to", "2026-06-30")


def export(tmp_path: Path, *args, fmt="csv", name="mcd") -> Path:
    path = tmp_path / f"{name}.{fmt}"
    call_command("export-mcd", *args, "--format", fmt, "-o", str(path), stdout=io.StringIO())
    return path


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_one_row_per_referral_received_in_the_period_with_the_hand_worked_values(
    programme, tmp_path
):
    rows = read_csv(export(tmp_path, *APRIL_TO_JUNE))
    received = list(definitions.received(PERIOD).order_by("received_on", "pk"))
    # R2, R12b, R5, R6, R7, R8, R9, R10, R11, R13b and R3 on the last day; not R1 (31 Mar)
    # nor R4 (1 Jul).
    assert len(rows) == len(received) == 11
    assert [row["received_on"] for row in rows] == [str(r.received_on) for r in received]
    assert (rows[0]["received_on"], rows[-1]["received_on"]) == ("2026-04-01", "2026-06-30")
    assert list(rows[0]) == list(mcd.COLUMN_NAMES)

    r2 = rows[0]
    assert r2 | {"person_pseudonym": "", "age_band": ""} == {
        "person_pseudonym": "",
        "age_band": "",
        "sex": "female",
        "simd_decile": "",
        "practice_code": programme.world.practice_x.code,
        "route": "linkwork_form",
        "referrer_role": "gp",
        "reasons": "housing;money_benefits",
        "received_on": "2026-04-01",
        "status": "accepted",
        "decline_reason": "",
        "first_contact_on": "2026-04-03",  # did not attend: still contact
        "sessions_attended": "2",
        "sessions_did_not_attend": "1",
        "onward_links": "1",
        "onward_link_needs": "housing",
        "closed_on": "2026-06-01",
        "closure_reason": "goals_met",
        "swemwbs_baseline": "19.25",
        "swemwbs_exit": "23.21",
        "swemwbs_change": "3.96",
    }
    by_status = {}
    for row in rows:
        by_status.setdefault(row["status"], []).append(row)
    duplicate = by_status["duplicate"][0]  # R5: R2's case's activity is R2's, not its own
    assert duplicate["sessions_attended"] == duplicate["closed_on"] == ""
    assert duplicate["onward_links"] == duplicate["swemwbs_baseline"] == ""
    declined = {row["decline_reason"] for row in by_status["declined"]}
    assert declined == {"not_eligible", "could_not_contact"}

    r9 = next(
        row
        for row in rows
        if row["reasons"] == "mental_wellbeing" and row["received_on"] == "2026-05-01"
    )
    assert r9["first_contact_on"] == "2026-05-08"  # the cancelled 5 May is not contact
    assert (r9["sessions_attended"], r9["sessions_did_not_attend"]) == ("1", "0")
    assert (r9["onward_links"], r9["onward_link_needs"]) == ("1", "social_isolation")
    r10 = next(row for row in rows if row["reasons"] == "social_isolation")
    assert r10["onward_links"] == "0"  # a draft never sent is no link
    assert r10["swemwbs_exit"] == r10["swemwbs_change"] == ""
    r13b = next(row for row in rows if row["reasons"] == "physical_activity")
    assert r13b["closed_on"] == r13b["closure_reason"] == ""  # reopened and open
    assert r13b["onward_link_needs"] == "mental_wellbeing"  # the signpost


def test_the_swemwbs_columns_are_definitions_pairs(programme, tmp_path):
    rows = read_csv(export(tmp_path, *APRIL_TO_JUNE))
    received = definitions.received(PERIOD).order_by("received_on", "pk")
    cases = {case.pk: case for case in definitions.with_swemwbs(Case.objects.all())}
    for row, referral in zip(rows, received, strict=True):
        if referral.status != "accepted":
            continue
        case = cases[referral.case_id]
        for column, value in (
            ("swemwbs_baseline", case.baseline),
            ("swemwbs_exit", case.exit),
            ("swemwbs_change", case.change),
        ):
            expected = "" if value is None else f"{Decimal(str(value)):.2f}"
            assert row[column] == expected, (column, referral)
    paired = [row for row in rows if row["swemwbs_change"]]
    assert len(paired) == 5  # R2, R12b, R9, R11, R13b


def test_the_pseudonym_is_stable_per_person_and_keyed(programme, tmp_path):
    first = read_csv(export(tmp_path, *APRIL_TO_JUNE, name="first"))
    second = read_csv(export(tmp_path, *APRIL_TO_JUNE, name="second"))
    assert [r["person_pseudonym"] for r in first] == [r["person_pseudonym"] for r in second]

    people = [r.person_id for r in definitions.received(PERIOD).order_by("received_on", "pk")]
    assert [r["person_pseudonym"] for r in first] == [mcd.pseudonym(p) for p in people]
    # One pseudonym per person: R2 and R5 share one, as do R7 and R8; others differ.
    assert len({r["person_pseudonym"] for r in first}) == len(set(people)) == 9
    assert all(len(r["person_pseudonym"]) == 16 for r in first)
    with override_settings(MCD_PSEUDONYM_KEY="another programme's key " * 3):
        assert mcd.pseudonym(people[0]) != first[0]["person_pseudonym"]
    # Rotating the secret key that signs sessions leaves the pseudonyms alone.
    with override_settings(SECRET_KEY="a rotated session key " * 3):
        assert mcd.pseudonym(people[0]) == first[0]["person_pseudonym"]


def test_nothing_identifies_a_person_in_either_file(programme, tmp_path):
    person = Person.objects.get(pk=definitions.received(PERIOD).first().person_id)
    Person.objects.filter(pk=person.pk).update(
        phone="07700900123", postcode="G51 2AB", email="ann@example.org", address="1 High St"
    )
    identifiers = [
        person.chi,
        person.given_name,
        person.family_name,
        "Scenario",
        "07700900123",
        "G51 2AB",
        "G512AB",
        "example.org",
        "High St",
        str(person.date_of_birth),
    ]
    raw = export(tmp_path, *APRIL_TO_JUNE).read_bytes()
    assert not [word for word in identifiers if word.encode() in raw]
    sheet = openpyxl.load_workbook(export(tmp_path, *APRIL_TO_JUNE, fmt="xlsx")).active
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert not [word for word in identifiers if word in cells]


def test_csv_and_xlsx_carry_the_same_rows(programme, tmp_path):
    text = list(csv.reader(io.StringIO(export(tmp_path, *APRIL_TO_JUNE).read_text("utf-8"))))
    sheet = openpyxl.load_workbook(export(tmp_path, *APRIL_TO_JUNE, fmt="xlsx")).active
    cells = list(sheet.iter_rows(values_only=True))
    assert len(cells) == len(text) == 12
    assert list(cells[0]) == text[0]
    for written, kept in zip(text[1:], cells[1:], strict=True):
        assert written == [_as_csv(value) for value in kept]
    assert isinstance(cells[1][mcd.COLUMN_NAMES.index("received_on")], datetime)


def _as_csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{Decimal(str(value)):.2f}"
    return str(value)


def test_each_export_is_audited_with_its_period_and_rows(programme, tmp_path):
    export(tmp_path, "--from", "2026-04-01", "--to", "2026-04-30")
    event = AuditEvent.objects.get(action=Action.EXPORT, actor_username="export-mcd")
    assert event.actor is None
    assert event.detail == {
        "download": "minimum_core_dataset",
        "from": "2026-04-01",
        "to": "2026-04-30",
        "entries": 6,  # R2, R12b, R5, R6, R7, R8
    }


def test_an_export_for_one_practice_or_hscp_holds_its_rows_only(programme, world, tmp_path):
    everywhere = read_csv(export(tmp_path, *APRIL_TO_JUNE, name="all"))
    x = world.practice_x.code
    practice = read_csv(export(tmp_path, *APRIL_TO_JUNE, "--practice", x, name="x"))
    assert practice == [row for row in everywhere if row["practice_code"] == x]
    assert practice
    inverclyde = world.hscp_b.code
    hscp = read_csv(export(tmp_path, *APRIL_TO_JUNE, "--hscp", inverclyde, name="b"))
    assert hscp == [row for row in everywhere if row["practice_code"] == world.practice_z.code]
    assert hscp
    event = AuditEvent.objects.filter(action=Action.EXPORT).latest("seq")
    assert (event.detail["hscp"], event.detail["entries"]) == (inverclyde, len(hscp))
    with pytest.raises(CommandError, match="--hscp NOPE: no HSCP has that code"):
        export(tmp_path, *APRIL_TO_JUNE, "--hscp", "NOPE")


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (date(2010, 4, 2), date(2026, 4, 1), "under 16"),  # 15 the day before
        (date(2010, 4, 1), date(2026, 4, 1), "16-24"),
        (date(2001, 4, 2), date(2026, 4, 1), "16-24"),
        (date(2001, 4, 1), date(2026, 4, 1), "25-34"),
        (date(1991, 4, 1), date(2026, 3, 31), "25-34"),
        (date(1991, 4, 1), date(2026, 4, 1), "35-44"),
        (date(1981, 4, 1), date(2026, 4, 1), "45-54"),
        (date(1971, 4, 1), date(2026, 4, 1), "55-64"),
        (date(1961, 4, 1), date(2026, 4, 1), "65-74"),
        (date(1951, 4, 2), date(2026, 4, 1), "65-74"),
        (date(1951, 4, 1), date(2026, 4, 1), "75+"),
        (date(2000, 2, 29), date(2025, 2, 28), "16-24"),  # a leap-day birthday: 25 on 1 Mar
        (date(2000, 2, 29), date(2025, 3, 1), "25-34"),
    ],
)
def test_age_bands_at_their_boundaries(born, on, band):
    assert mcd.age_band(born, on) == band


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from 2026-13-01: not a date"),
        (["--from", "2026-02-01", "--to", "2026-01-31"], "--from 2026-02-01 is after --to"),
        (["--to", "2026-01-31"], "--from is missing"),
        (["--from", "2026-01-01", "--to", "2026-01-31", "--format", "pdf"], "--format"),
    ],
)
def test_bad_input_names_the_flag_and_the_fix(db, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export-mcd", *args, "-o", str(tmp_path / "mcd.csv"))


def test_the_output_file_must_be_named_and_writable(db, tmp_path):
    period = ["--from", "2026-01-01", "--to", "2026-01-31"]
    with pytest.raises(CommandError, match="-o is missing: name the file"):
        call_command("export-mcd", *period)
    with pytest.raises(CommandError, match="does not exist; create it"):
        call_command("export-mcd", *period, "-o", str(tmp_path / "absent" / "mcd.csv"))
    with pytest.raises(CommandError, match="that is a folder"):
        call_command("export-mcd", *period, "-o", str(tmp_path))
    assert not AuditEvent.objects.filter(actor_username="export-mcd").exists()


def test_the_committed_data_dictionary_is_the_columns(capsys):
    assert DICTIONARY.read_text(encoding="utf-8") == mcd.data_dictionary(), (
        "docs/mcd-data-dictionary.md is out of date: run `DEBUG=1 PYTHONPATH=src "
        ".venv/bin/linkwork export-mcd --dictionary -o docs/mcd-data-dictionary.md`"
    )
    call_command("export-mcd", "--dictionary")
    printed = capsys.readouterr().out
    assert printed == mcd.data_dictionary()
    assert all(f"| `{name}` |" in printed for name in mcd.COLUMN_NAMES)
    assert "not suppressed" in printed
    assert "trusted analysts" in printed
