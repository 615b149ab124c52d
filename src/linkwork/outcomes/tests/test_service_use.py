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
    assert "Line 3, field chi: 1507824130 is not a person linkwork knows" in problems
    assert "Line 4, field chi: This CHI number's check digit is wrong" in problems
    assert "Line 5, field month: '03/2026' is not a month; write it as YYYY-MM" in problems
    assert "Line 6, field appointments: '-1' is negative; a count is 0 or more" in problems
    assert (
        "Line 7, field month: 2027-01 is in the future; give this month or an earlier one"
        in problems
    )
    assert "Line 8, fields chi and month: the same person and month as line 2" in problems


def problems_of(tmp_path, text: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import-appointments", str(write(tmp_path, text)), stderr=err)
    return err.getvalue()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("3.5", "field appointments: '3.5' is not a whole number"),
        ("3.0", "field appointments: '3.0' is not a whole number"),
        ("-2", "field appointments: '-2' is negative"),
        ("three", "field appointments: 'three' is not a count"),
        ("²", "field appointments: '²' is not a count"),
        ("1e3", "field appointments: '1e3' is not a count"),
        ("", "field appointments: is empty"),
        ("5000", "field appointments: 5000 is more than 999 in a month"),
    ],
)
def test_bad_counts_are_named(tmp_path, world, value, problem):
    chi = world.case_x.person.chi
    problems = problems_of(tmp_path, f"chi,month,appointments\n{chi},2026-01,{value}\n")
    assert f"Line 2, {problem}" in problems
    assert not AppointmentCount.objects.exists()


@pytest.mark.parametrize("month", ["2026-1", "2026-13", "2026-00", "26-01", "2026/01", "Jan 2026"])
def test_bad_months_are_named(tmp_path, world, month):
    chi = world.case_x.person.chi
    problems = problems_of(tmp_path, f"chi,month,appointments\n{chi},{month},1\n")
    assert f"Line 2, field month: '{month}' is not a month" in problems


def test_a_chi_typed_with_spaces_or_dashes_is_one_person(tmp_path, world):
    chi = world.case_x.person.chi
    spaced = f"{chi[:6]} {chi[6:]}"
    dashed = f"{chi[:3]}-{chi[3:6]}-{chi[6:]}"
    problems = problems_of(
        tmp_path, f"chi,month,appointments\n{spaced},2026-01,1\n{dashed},2026-01,1\n"
    )
    assert "Line 3, fields chi and month: the same person and month as line 2" in problems
    out, _ = run(write(tmp_path, f"chi,month,appointments\n{dashed},2026-01,1\n"))
    assert "1 counts added" in out


def test_line_numbers_follow_the_file_even_with_quoted_line_breaks(tmp_path, world):
    chi = world.case_x.person.chi
    text = f'chi,month,appointments\n"{chi}",2026-01,"1\n"\n{chi},2026-02,x\n'
    assert "Line 4, field appointments: 'x' is not a count" in problems_of(tmp_path, text)


def test_a_row_with_extra_values_or_no_rows_is_refused(tmp_path, world):
    chi = world.case_x.person.chi
    extra = problems_of(tmp_path, f"chi,month,appointments\n{chi},2026-01,1,Smith\n")
    assert "Line 2: it has more values than the three columns" in extra
    assert "Line 2: the file has no rows" in problems_of(tmp_path, "chi,month,appointments\n")


def test_one_bad_row_among_good_ones_saves_nothing_and_a_fixed_rerun_is_idempotent(tmp_path, world):
    chi = world.case_x.person.chi
    rows = "".join(f"{chi},2026-{m:02d},{m}\n" for m in range(1, 10))
    problems_of(tmp_path, f"chi,month,appointments\n{rows}{chi},2026-10,oops\n")
    assert not AppointmentCount.objects.exists()
    fixed = write(tmp_path, f"chi,month,appointments\n{rows}{chi},2026-10,2\n")
    assert "10 counts added" in run(fixed)[0]
    assert "0 counts added, 0 changed, 10 already held." in run(fixed)[0]
    assert AppointmentCount.objects.count() == 10


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
