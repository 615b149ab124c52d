"""`linkwork import-casework`: a legacy spreadsheet in, and `report summary` gives the
figures a person works out by hand from it; every kind of bad value named by line and
column; all or nothing unless --partial; importing again adds nothing; --create-missing."""

import csv
import io
import json
import random
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from linkwork.accounts.models import User
from linkwork.audit.models import Action, AuditEvent
from linkwork.casework.models import Case, Person, Session
from linkwork.core.chi import generate_chi, mod10_check_digit, mod11_check_digit
from linkwork.directory.models import UnmetNeed
from linkwork.links.models import Link
from linkwork.organisations.models import LinkWorker, Practice
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.referrals.models import Referral
from linkwork.reporting.legacy_import import COLUMNS
from linkwork.reporting.legacy_loading import session_days
from linkwork.reporting.legacy_spellings import SPELLINGS

DOCS = Path(__file__).resolve().parents[4] / "docs" / "legacy-import.md"
YEAR = ("--from", "2025-04-01", "--to", "2026-03-31")


def chi_for(born: date, sex: str = "female", seed: int = 1) -> str:
    return generate_chi(born, sex, random.Random(seed))


def bad_check_digit(chi: str) -> str:
    """The same first nine digits with a last digit neither Mod 11 nor Mod 10 allows."""
    allowed = {mod11_check_digit(chi[:9]), mod10_check_digit(chi[:9])}
    return chi[:9] + str(next(d for d in range(10) if d not in allowed))


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    path.write_text(out.getvalue(), encoding=encoding)
    return path


def run(path: Path, *flags) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-casework", str(path), *flags, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, *flags) -> tuple[str, str]:
    """What a refused import printed: (its report of bad rows, the command's error)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import-casework", str(path), *flags, stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(refusal.value)


def summary(*args) -> dict:
    out = io.StringIO()
    call_command("report", "summary", *YEAR, *args, stdout=out)
    return json.loads(out.getvalue())


def good_row(world, **values) -> dict:
    row = {
        "patient_ref": "P900",
        "date_of_birth": "1960-01-15",
        "sex": "F",
        "practice_code": world.practice_x.code,
        "referral_date": "2025-05-01",
        "referral_source": "GP",
        "reasons": "housing",
        "link_worker": world.worker_a.user.get_full_name(),
    }
    return {**row, **values}


def legacy_file(world) -> list[dict]:
    """Six rows of a programme's spreadsheet (the lines as a spreadsheet numbers them):

    line 2  P001 X  1 Apr 2025, GP: money advice (a spelling) and housing; first seen 8 Apr
            (7 days); 3 attended and 1 did not attend (8, 22 Apr, 6, 20 May); linked for
            money and benefits and a food bank on 8 Apr; fuel unmet; SWEMWBS 21 -> 26
            (19.25 -> 23.21, +3.96); closed 30 Jun 2025 "Goals met" (a label)
    line 3  P002 X  15/04/2025 (UK dates), practice nurse (a label): mental_wellbeing (a
            code); first seen 20/04/2025 (5 days); 2 attended; linked for isolation (a
            spelling); SWEMWBS baseline 20 only; closed 31/07/2025 "linked"
    line 4  P003 Y  1 May 2025, "doctor": debts; first contact 6 May (5 days: a tie with
            P002), 2 did not attend (never engaged); food and debt unmet; SWEMWBS 14 -> 17
            (15.32 -> 16.88, +1.56); closed 1 Jun 2025 "DNA"
    line 5  P001 again, 15 Aug 2025 (the same person, CHI and all: it looks reopened, and is
            its own referral and case); mental health; first seen 25 Aug (10 days); 1
            attended; SWEMWBS 23 -> 22 (20.73 -> 19.98, -0.75); closed 30 Sep "moved"
    line 6  P004 X  1 Feb 2026, self-referral: SOCIAL ISOLATION AND LONELINESS (a label in
            capitals); no worker, no contact, no SWEMWBS; still open. Its CHI begins with
            another day than the date of birth: a warning only
    line 7  P005 Y  20 Mar 2025 (before the year), GP: housing; first seen 25 Mar (linked
            for housing then, before the year); 1 attended; SWEMWBS 25 -> 30 (22.35 ->
            27.03, +4.68); closed 10 Apr 2025 "completed": a leaver of the year
    """
    a, a2 = world.worker_a.user.get_full_name(), world.worker_a2.user.get_full_name()
    x, y = world.practice_x.code, world.practice_y.code
    p001 = chi_for(date(1950, 3, 1))
    return [
        {
            "patient_ref": "P001",
            "chi": p001,
            "date_of_birth": "1950-03-01",
            "sex": "F",
            "postcode": "G51 3HR",
            "practice_code": x,
            "referral_date": "2025-04-01",
            "referral_source": "GP",
            "reasons": "Money advice; housing",
            "link_worker": a,
            "first_contact_date": "2025-04-08",
            "sessions_attended": "3",
            "sessions_did_not_attend": "1",
            "linked_services": "money_benefits;Food bank",
            "unmet_needs": "fuel",
            "swemwbs_baseline_raw": "21",
            "swemwbs_exit_raw": "26",
            "closed_date": "2025-06-30",
            "closure_reason": "Goals met",
        },  # fmt: skip
        {
            "patient_ref": "P002",
            "date_of_birth": "02/05/1962",
            "sex": "female",
            "postcode": "g42 7ab",
            "practice_code": x,
            "referral_date": "15/04/2025",
            "referral_source": "practice nurse",
            "reasons": "mental_wellbeing",
            "link_worker": a.upper(),
            "first_contact_date": "20/04/2025",
            "sessions_attended": "2",
            "linked_services": "isolation",
            "swemwbs_baseline_raw": "20",
            "closed_date": "31/07/2025",
            "closure_reason": "linked",
        },  # fmt: skip
        {
            "patient_ref": "P003",
            "chi": chi_for(date(1970, 7, 7), "male"),
            "date_of_birth": "1970-07-07",
            "sex": "M",
            "practice_code": y,
            "referral_date": "2025-05-01",
            "referral_source": "doctor",
            "reasons": "debts",
            "link_worker": a2,
            "first_contact_date": "2025-05-06",
            "sessions_did_not_attend": "2",
            "unmet_needs": "food; debt",
            "swemwbs_baseline_raw": "14",
            "swemwbs_exit_raw": "17",
            "closed_date": "2025-06-01",
            "closure_reason": "DNA",
        },  # fmt: skip
        {
            "patient_ref": "P001",
            "chi": p001,
            "date_of_birth": "1950-03-01",
            "sex": "F",
            "practice_code": x,
            "referral_date": "2025-08-15",
            "referral_source": "gp",
            "reasons": "mental health",
            "link_worker": a,
            "first_contact_date": "2025-08-25",
            "sessions_attended": "1",
            "swemwbs_baseline_raw": "23",
            "swemwbs_exit_raw": "22",
            "closed_date": "2025-09-30",
            "closure_reason": "moved",
        },  # fmt: skip
        {
            "patient_ref": "P004",
            "chi": chi_for(date(1985, 12, 24), "male"),
            "date_of_birth": "1985-12-25",
            "sex": "not known",
            "practice_code": x,
            "referral_date": "2026-02-01",
            "referral_source": "Self-referral",
            "reasons": "SOCIAL ISOLATION AND LONELINESS",
        },  # fmt: skip
        {
            "patient_ref": "P005",
            "date_of_birth": "1940-10-10",
            "sex": "other",
            "practice_code": y,
            "referral_date": "2025-03-20",
            "referral_source": "GP",
            "reasons": "housing",
            "link_worker": a2,
            "first_contact_date": "2025-03-25",
            "sessions_attended": "1",
            "linked_services": "housing",
            "swemwbs_baseline_raw": "25",
            "swemwbs_exit_raw": "30",
            "closed_date": "2025-04-10",
            "closure_reason": "completed",
        },  # fmt: skip
    ]


# The figures for April 2025 to March 2026, by hand from legacy_file:
#   referrals: P001 (1 Apr), P002, P003, P001 (15 Aug), P004 = 5 (P005 came in March 2025)
#   people referred: P001, P002, P003, P004 = 4
#   engaged: P001 (both referrals) and P002 attended; P003 only missed, P004 none = 3 of 5
#   days to first contact: 7, 5, 5, 10 (P004 none) -> sorted 5, 5, 7, 10 -> median 6
#   leavers: P001 (30 Jun), P002, P003, P001 (30 Sep), P005 (10 Apr) = 5; P004 open
#   paired: P001 twice, P003, P005 = 4 (P002 has a baseline only) -> 4/5 = 0.8
#   mean change: (3.96 + 1.56 - 0.75 + 4.68) / 4 = 9.45 / 4 = 2.3625 -> 2.36
#   improved: +3.96, +1.56, +4.68 = 3 of 4 = 0.75
#   reasons: money_benefits 1, housing 1, mental_wellbeing 2, debt 1, social_isolation 1
#   onward links made in the year: money_benefits and food (8 Apr), social_isolation
#     (20 Apr); P005's housing link was made in March 2025
#   unmet needs: fuel (8 Apr), food and debt (1 May: P003's referral day, no one seen)
#   closures: goals_met 2 (P001, P005), linked_self_managing 1, did_not_engage 1,
#     moved_away 1
BY_HAND = {
    "referrals": 5,
    "people_referred": 4,
    "engaged": 3,
    "engagement_rate": 0.6,
    "median_days_to_first_contact": 6.0,
    "leavers": 5,
    "swemwbs_paired": 4,
    "swemwbs_paired_rate": 0.8,
    "swemwbs_mean_change": 2.36,
    "swemwbs_improved_rate": 0.75,
    "reasons": {
        "debt": 1,
        "housing": 1,
        "mental_wellbeing": 2,
        "money_benefits": 1,
        "social_isolation": 1,
    },
    "onward_links": {"food": 1, "money_benefits": 1, "social_isolation": 1},
    "unmet_needs": {"debt": 1, "food": 1, "fuel": 1},
    "closures": {"did_not_engage": 1, "goals_met": 2, "linked_self_managing": 1, "moved_away": 1},
}


def test_report_summary_after_an_import_gives_the_figures_worked_out_by_hand(world, tmp_path):
    out, err = run(write_csv(tmp_path / "legacy.csv", legacy_file(world)))
    assert err == ""
    assert "Rows read: 6; imported: 6; already present: 0; bad: 0." in out
    assert summary() == BY_HAND
    assert summary("--hscp", world.hscp_a.code) == BY_HAND
    assert summary("--hscp", world.hscp_b.code)["referrals"] == 0


def test_an_imported_row_is_a_referral_case_and_sessions_as_the_row_says(world, tmp_path):
    run(write_csv(tmp_path / "legacy.csv", legacy_file(world)))
    referral = Referral.objects.get(legacy_ref="P001", received_on=date(2025, 4, 1))
    assert (referral.status, referral.referrer_role) == ("accepted", "gp")
    assert set(referral.reasons.values_list("need", flat=True)) == {"money_benefits", "housing"}
    case = referral.case
    assert (case.opened_on, case.closed_on, case.closure_reason) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        "goals_met",
    )
    sessions = case.sessions.order_by("starts_at")
    assert [(s.starts_at.date(), s.outcome) for s in sessions] == [
        (date(2025, 4, 8), "attended"),
        (date(2025, 4, 22), "attended"),
        (date(2025, 5, 6), "attended"),
        (date(2025, 5, 20), "did_not_attend"),
    ]
    baseline = QuestionnaireResponse.objects.get(case=case, timepoint="baseline")
    assert (baseline.raw_score, str(baseline.metric_score), baseline.method) == (
        21,
        "19.25",
        "imported",
    )
    # Both of P001's referrals are one person's, in the practice's HSCP.
    assert Person.objects.filter(family_name="P001").count() == 1
    assert Case.objects.filter(person__family_name="P001").count() == 2


def test_sessions_close_up_rather_than_run_past_the_closure():
    assert session_days(date(2025, 4, 1), 3, None) == [
        date(2025, 4, 1),
        date(2025, 4, 15),
        date(2025, 4, 29),
    ]
    # 10 days for 3 sessions: every 5 days.
    assert session_days(date(2025, 4, 1), 3, date(2025, 4, 11)) == [
        date(2025, 4, 1),
        date(2025, 4, 6),
        date(2025, 4, 11),
    ]
    assert session_days(date(2025, 4, 1), 2, date(2025, 4, 1)) == [date(2025, 4, 1)] * 2


def test_importing_the_same_file_again_adds_nothing(world, tmp_path):
    path = write_csv(tmp_path / "legacy.csv", legacy_file(world))
    run(path)
    counts = (Referral.objects.count(), Session.objects.count(), Link.objects.count())
    out, _ = run(path)
    assert "Rows read: 6; imported: 0; already present: 6; bad: 0." in out
    assert (Referral.objects.count(), Session.objects.count(), Link.objects.count()) == counts
    assert summary() == BY_HAND


def test_the_import_is_one_audit_event_naming_the_file_and_its_rows(world, tmp_path):
    run(write_csv(tmp_path / "legacy.csv", legacy_file(world)))
    event = AuditEvent.objects.get(actor_username="linkwork import-casework")
    assert event.action == Action.CREATE
    assert event.detail["file"] == "legacy.csv"
    assert (event.detail["rows"], event.detail["imported"], event.detail["bad"]) == (6, 6, 0)


BAD_VALUES = [
    # (column, value, words the fix must use)
    ("chi", "bad check digit", "check digit"),
    ("postcode", "G51 3H", "not a full UK postcode; enter a full UK postcode, like G51 3HR"),
    ("referral_date", "31/02/2025", "not a real date"),
    ("date_of_birth", "1960-13-01", "not a real date"),
    ("referral_date", "1st May", "YYYY-MM-DD or DD/MM/YYYY"),
    ("reasons", "housing; gardening", "'gardening' not in the needs code list"),
    ("referral_source", "postman", "referrer_roles"),
    ("closure_reason", "bored", "closure_reasons"),
    ("swemwbs_baseline_raw", "36", "from 7 to 35"),
    ("swemwbs_exit_raw", "6", "from 7 to 35"),
    ("sessions_attended", "-1", "whole number"),
    ("sex", "X", "F, M, female, male, other or not known"),
    ("practice_code", "1234", "five digits"),
    ("closed_date", "2025-04-30", "before the referral_date"),
    ("first_contact_date", "2025-04-30", "before the referral_date"),
    ("practice_code", "99999", "--create-missing"),
    ("link_worker", "Nobody Known", "--create-missing"),
    ("patient_ref", "", "is empty"),
]


def test_each_kind_of_bad_value_is_named_by_line_column_and_fix(world, tmp_path):
    rows = []
    for column, value, _ in BAD_VALUES:
        if value == "bad check digit":
            value = bad_check_digit(chi_for(date(1960, 1, 15)))
        extra = {"closed_date": "2025-05-31"} if column == "swemwbs_exit_raw" else {}
        row = good_row(world, patient_ref=f"B{len(rows)}", **extra)
        rows.append({**row, column: value})
    report, error = refused(write_csv(tmp_path / "bad.csv", rows))
    lines = report.splitlines()
    for number, (column, _, fix) in enumerate(BAD_VALUES, start=2):
        said = [line for line in lines if line.startswith(f"line {number}, column {column}: ")]
        assert said, f"line {number} ({column}) not reported"
        assert fix in said[0]
    assert f"{len(BAD_VALUES)} bad row(s); nothing was imported" in error
    assert not Referral.objects.filter(received_on__year=2025).exists()


def test_a_closure_before_the_referral_names_the_column_and_the_date(world, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [good_row(world, closed_date="30/04/2025")])
    report, _ = refused(path)
    assert report.strip() == (
        "line 2, column closed_date: 30/04/2025 is before the referral_date; check the year"
    )


def test_one_pass_reports_every_problem_of_a_row_it_can(world, tmp_path):
    row = good_row(world, postcode="G51", reasons="gardening", closed_date="2025-04-01")
    report, _ = refused(write_csv(tmp_path / "bad.csv", [row]))
    assert [line.split(":")[0] for line in report.splitlines()] == [
        "line 2, column postcode",
        "line 2, column reasons",
        "line 2, column closed_date",
    ]


def test_one_bad_row_means_nothing_is_imported(world, tmp_path):
    rows = legacy_file(world) + [good_row(world, swemwbs_baseline_raw="40")]
    report, error = refused(write_csv(tmp_path / "legacy.csv", rows))
    assert report.startswith("line 8, column swemwbs_baseline_raw: 40 is not a SWEMWBS raw")
    assert "1 bad row(s); nothing was imported" in error
    assert not Referral.objects.exclude(legacy_ref="").exists()
    assert not Session.objects.filter(starts_at__year=2025).exists()
    assert not AuditEvent.objects.filter(actor_username="linkwork import-casework").exists()


def refuse_p002_when_written(monkeypatch):
    """A rule only the services know, met while writing P002's row (line 3)."""
    from linkwork.reporting import legacy_loading

    load_row = legacy_loading.load_row

    def refusing(row, known):
        referral = load_row(row, known)
        if row.patient_ref == "P002":
            raise ValidationError({"closed_on": "The date closed cannot be in the future"})
        return referral

    monkeypatch.setattr(legacy_loading, "load_row", refusing)


def test_a_row_the_services_refuse_while_writing_undoes_the_whole_file(
    world, tmp_path, monkeypatch
):
    refuse_p002_when_written(monkeypatch)
    report, error = refused(write_csv(tmp_path / "legacy.csv", legacy_file(world)))
    assert report.strip() == ("line 3, column closed_date: The date closed cannot be in the future")
    assert "nothing was imported" in error
    assert not Referral.objects.exclude(legacy_ref="").exists()


def test_with_partial_a_row_refused_while_writing_leaves_nothing_half_written(
    world, tmp_path, monkeypatch
):
    refuse_p002_when_written(monkeypatch)
    out, _ = run(write_csv(tmp_path / "legacy.csv", legacy_file(world)), "--partial")
    assert "imported: 5; already present: 0; bad: 1." in out
    assert not Referral.objects.filter(legacy_ref="P002").exists()
    assert not Person.objects.filter(family_name="P002").exists()


def test_a_practice_created_with_a_row_refused_while_writing_is_created_again_later(
    world, tmp_path, monkeypatch
):
    refuse_p002_when_written(monkeypatch)
    rows = [
        good_row(world, patient_ref="P002", practice_code="99999"),
        good_row(world, patient_ref="P003", practice_code="99999"),
    ]
    path = write_csv(tmp_path / "new.csv", rows)
    out, _ = run(path, "--partial", "--create-missing", "--hscp", world.hscp_a.code)
    assert "imported: 1; already present: 0; bad: 1." in out
    assert Referral.objects.get(legacy_ref="P003").practice.code == "99999"


def test_with_partial_the_good_rows_are_imported_and_the_bad_reported(world, tmp_path):
    rows = legacy_file(world) + [good_row(world, swemwbs_baseline_raw="40")]
    out, err = run(write_csv(tmp_path / "legacy.csv", rows), "--partial")
    assert err.startswith("line 8, column swemwbs_baseline_raw:")
    assert "Rows read: 7; imported: 6; already present: 0; bad: 1." in out
    assert summary() == BY_HAND
    assert not Referral.objects.filter(legacy_ref="P900").exists()


def test_a_date_of_birth_the_chi_does_not_begin_with_is_a_warning_only(world, tmp_path):
    chi = chi_for(date(1960, 1, 14))
    path = write_csv(tmp_path / "w.csv", [good_row(world, chi=chi)])  # born 15 Jan
    out, err = run(path)
    assert err == ""
    assert f"warning: line 2, column chi: {chi} does not begin with the date of birth" in out
    assert Referral.objects.get(legacy_ref="P900").person.chi == chi


def test_a_row_with_two_of_a_persons_referrals_on_one_day_is_refused(world, tmp_path):
    path = write_csv(tmp_path / "twice.csv", [good_row(world), good_row(world)])
    report, _ = refused(path)
    assert report.startswith("line 3, column patient_ref: P900 referred on 01/05/2025 is on")


def test_a_file_saved_by_excel_with_a_byte_order_mark_is_read(world, tmp_path):
    path = write_csv(tmp_path / "excel.csv", [good_row(world)], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    out, _ = run(path)
    assert "imported: 1" in out


def test_a_row_with_more_values_than_columns_is_bad(world, tmp_path):
    path = write_csv(tmp_path / "commas.csv", [good_row(world)])
    path.write_text(path.read_text(encoding="utf-8") + "P901,,1960-01-15,F,,,,,,,,,,,,,,,,,x\n")
    report, _ = refused(path)
    assert report.startswith("line 3, column (row): it has more values than the header has")


def test_wrong_columns_are_refused_before_any_row(world, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("patient_ref,chi\nP1,\n", encoding="utf-8")
    _, error = refused(path)
    assert "line 1 (header): the columns must be patient_ref, chi, date_of_birth" in error
    assert "missing: date_of_birth, sex" in error
    path.write_text(",".join([*COLUMNS, "chi"]) + "\n" + "," * len(COLUMNS) + "\n")
    _, error = refused(path)
    assert "(repeated: chi)" in error


def test_without_create_missing_unknown_practices_and_workers_are_refused(world, tmp_path):
    path = write_csv(
        tmp_path / "new.csv", [good_row(world, practice_code="99999", link_worker="Morag Old")]
    )
    report, _ = refused(path)
    assert "line 2, column practice_code: 99999 is not a practice linkwork knows" in report
    path = write_csv(tmp_path / "new.csv", [good_row(world, link_worker="Morag Old")])
    report, _ = refused(path)
    assert re.search(r"line 2, column link_worker: 'Morag Old' is not a link worker of", report)
    assert not Practice.objects.filter(code="99999").exists()


def test_create_missing_needs_the_hscp_of_a_new_practice_when_there_are_several(world, tmp_path):
    path = write_csv(tmp_path / "new.csv", [good_row(world, practice_code="99999")])
    report, _ = refused(path, "--create-missing")
    assert "99999 is not a practice linkwork knows; to create it, name its HSCP with --hscp" in (
        report
    )


def test_create_missing_creates_the_practice_and_a_worker_who_cannot_sign_in(world, tmp_path):
    row = good_row(world, practice_code="99999", link_worker="Morag Old", sessions_attended="1")
    row["first_contact_date"] = "2025-05-02"
    path = write_csv(tmp_path / "new.csv", [row])
    out, _ = run(path, "--create-missing", "--hscp", world.hscp_a.code)
    assert "created practice 99999" in out
    practice = Practice.objects.get(code="99999")
    assert (practice.cluster.hscp, practice.list_size) == (world.hscp_a, None)
    worker = LinkWorker.objects.get(user__first_name="Morag", user__last_name="Old")
    assert worker.provider == world.provider_a
    assert not worker.user.is_active
    assert not worker.user.has_usable_password()
    assert Referral.objects.get(legacy_ref="P900").case.link_worker == worker
    # Again: the practice and worker are known now, and the row already present.
    out, _ = run(path, "--create-missing", "--hscp", world.hscp_a.code)
    assert "already present: 1" in out
    assert "created" not in out
    assert User.objects.filter(first_name="Morag", last_name="Old").count() == 1


def test_imported_unmet_needs_and_links_are_dated_and_placed_as_the_row_says(world, tmp_path):
    run(write_csv(tmp_path / "legacy.csv", legacy_file(world)))
    fuel = UnmetNeed.objects.get(need="fuel")
    assert fuel.recorded_at.date() == date(2025, 4, 8)
    assert (fuel.hscp, fuel.provider, fuel.area) == (world.hscp_a, world.provider_a, "G51")
    link = Link.objects.get(need="food")
    assert (link.status, link.service.is_public) == ("signposted", False)


def test_docs_list_every_free_text_spelling(world):
    text = DOCS.read_text(encoding="utf-8")
    for list_name, spellings in SPELLINGS.items():
        for spelling, code in spellings.items():
            assert f"| {spelling} | {code} |" in text, (list_name, spelling)
    for column in COLUMNS:
        assert f"`{column}`" in text


def test_the_spreadsheet_itself_imports_as_its_csv_does(world, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    for row in legacy_file(world):
        book.active.append([row.get(column) or None for column in COLUMNS])
    book.save(tmp_path / "legacy.xlsx")
    out, err = run(tmp_path / "legacy.xlsx")
    assert err == ""
    assert "Rows read: 6; imported: 6; already present: 0; bad: 0." in out
    assert summary() == BY_HAND
