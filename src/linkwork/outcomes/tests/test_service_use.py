"""`linkwork import-appointments` and the before-referral / after-closure comparison."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case
from linkwork.outcomes.models import AppointmentCount
from linkwork.outcomes.service_use import add_months, compare_service_use

pytestmark = pytest.mark.usefixtures("november")


def write(tmp_path, text: str):
    path = tmp_path / "extract.csv"
    path.write_text(text)
    return path


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import-appointments", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_stores_counts_and_a_second_run_changes_nothing(tmp_path, world):
    chi = world.case_x.person.chi
    path = write(tmp_path, f"chi,month,appointments\n{chi},2026-01,3\n{chi},2026-02,0\n")
    out, _ = run(path)
    assert "2 counts added, 0 changed, 0 already held." in out
    assert AppointmentCount.objects.count() == 2
    out, _ = run(path)
    assert "0 counts added, 0 changed, 2 already held." in out
    assert AuditEvent.objects.filter(object_type="outcomes.appointmentcount").count() == 2


def test_a_corrected_count_replaces_the_old_one(tmp_path, world):
    chi = world.case_x.person.chi
    run(write(tmp_path, f"chi,month,appointments\n{chi},2026-01,3\n"))
    out, _ = run(write(tmp_path, f"chi,month,appointments\n{chi},2026-01,4\n"))
    assert "1 changed" in out
    assert AppointmentCount.objects.get().appointments == 4


def test_every_bad_row_is_named_with_its_column_and_fix_and_nothing_is_stored(tmp_path, world):
    chi = world.case_x.person.chi
    text = (
        "chi,month,appointments\n"
        f"{chi},2026-01,2\n"
        "1507824130,2026-01,1\n"  # valid CHI, not a person linkwork knows
        "1507824131,2026-01,1\n"  # bad check digit
        f"{chi},03/2026,1\n"
        f"{chi},2026-02,-1\n"
        f"{chi},2027-01,1\n"
        f"{chi},2026-01,5\n"
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        run(write(tmp_path, text))
    assert not AppointmentCount.objects.exists()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import-appointments", str(tmp_path / "extract.csv"), stderr=err)
    problems = err.getvalue()
    assert "Row 3, column chi: 1507824130 is not a person linkwork knows" in problems
    assert "Row 4, column chi: This CHI number's check digit is wrong" in problems
    assert "Row 5, column month: '03/2026' is not a month; write it as YYYY-MM" in problems
    assert "Row 6, column appointments: '-1' is not a count; use a whole number" in problems
    assert "Row 7, column month: 2027-01 is in the future" in problems
    assert "Row 8: the same person and month as row 2" in problems


def test_the_columns_must_be_exactly_chi_month_appointments(tmp_path, db):
    with pytest.raises(CommandError):
        run(write(tmp_path, "chi,date,appointments,name\n"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import-appointments", str(tmp_path / "extract.csv"), stderr=err)
    assert "missing: month; not expected: date, name" in err.getvalue()


def test_a_missing_file_is_one_line(tmp_path, db):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")


def close(case, on: date) -> None:
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=on)


def counts(person, first: date, values) -> None:
    for n, value in enumerate(values):
        AppointmentCount.objects.create(
            person=person, month=add_months(first, n), appointments=value
        )


def test_six_months_before_referral_against_six_after_closure(world):
    case = world.case_x  # referred (opened) 1 Oct 2026 in the factory: move it back
    Case.objects.filter(pk=case.pk).update(opened_on=date(2025, 9, 15))
    close(case, date(2026, 2, 10))
    person = case.person
    counts(person, date(2025, 3, 1), [2, 2, 1, 3, 2, 2])  # Mar-Aug 2025: 12
    counts(person, date(2025, 9, 1), [9, 9, 9, 9, 9, 9])  # during support: ignored
    counts(person, date(2026, 3, 1), [1, 1, 0, 2, 1, 0])  # Mar-Aug 2026: 5
    summary = compare_service_use()
    (one,) = summary.people
    assert (one.before, one.after, one.change) == (12, 5, -7)
    assert (summary.total_before, summary.total_after, summary.fewer) == (12, 5, 1)
    assert summary.mean("before") == 12


def test_a_person_with_a_month_missing_is_not_compared(world):
    case = world.case_x
    Case.objects.filter(pk=case.pk).update(opened_on=date(2025, 9, 15))
    close(case, date(2026, 2, 10))
    counts(case.person, date(2025, 3, 1), [2, 2, 1, 3, 2])  # only five months
    counts(case.person, date(2026, 3, 1), [1] * 6)
    summary = compare_service_use()
    assert summary.missing_months == 1
    assert summary.compared == []
    assert summary.mean("before") is None


def test_cases_closed_less_than_six_whole_months_ago_wait(world):
    close(world.case_x, date(2026, 6, 1))
    assert compare_service_use().not_yet_six_months == 1


def test_the_comparison_can_be_scoped_to_the_callers_cases(world):
    for case in (world.case_x, world.case_y):
        Case.objects.filter(pk=case.pk).update(opened_on=date(2025, 9, 15))
        close(case, date(2026, 2, 10))
    summary = compare_service_use(Case.objects.filter(pk=world.case_y.pk))
    assert [p.case_id for p in summary.people] == [world.case_y.pk]
