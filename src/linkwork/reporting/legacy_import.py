"""`linkwork import-casework FILE.csv`: a programme's earlier spreadsheets, one row per
referral (docs/legacy-import.md; decision 0061).

Every row is read and checked before anything is written: each value against its
column's rule, the row's dates against one another, and the practice and link worker it
names against what linkwork knows. A bad row is reported as its line (the header is line
1, as a spreadsheet numbers it), column and fix. Without `partial`, one bad row means
nothing is written; with it, the good rows are. A row whose patient_ref and referral_date
were imported before is left alone, so a file can be imported again.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core import clock
from linkwork.core.chi import birth_date_mismatch, check_chi, normalise_chi
from linkwork.core.codelists import codelist
from linkwork.core.csvfiles import (
    EXTRA_VALUES,
    BadValue,
    Problem,
    UnreadableFile,
    numbered_rows,
)
from linkwork.core.postcodes import POSTCODE_HELP, is_valid_postcode, normalise_postcode
from linkwork.organisations.models import HSCP
from linkwork.outcomes.scoring import SWEMWBS_METRIC
from linkwork.referrals.services import received_on_problem
from linkwork.reporting import legacy_loading
from linkwork.reporting.legacy_loading import Known
from linkwork.reporting.legacy_spellings import SEXES, coded, folded

ACTOR = "linkwork import-casework"
LIST_SEPARATOR = ";"
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
PRACTICE_CODE = re.compile(r"\d{5}")
LONGEST_REF = 40
TOO_MANY_VALUES = (
    "it has more values than the header has columns; check for a comma inside a value "
    "(put the value in double quotes) or a value in the wrong column"
)
DATE_HINT = "write it as YYYY-MM-DD or DD/MM/YYYY, for example 2024-03-31 or 31/03/2024"


class ImportRefused(Exception):
    """The file cannot be read as an import at all (not CSV, wrong columns, no rows)."""


@dataclass(frozen=True)
class LegacyRow:
    """One row's values, parsed: codes for coded columns, dates, whole numbers."""

    line: int
    patient_ref: str
    chi: str | None
    date_of_birth: date
    sex: str
    postcode: str
    practice_code: str
    referral_date: date
    referral_source: str  # a referrer_roles code
    reasons: tuple[str, ...]
    link_worker: str
    first_contact_date: date | None
    sessions_attended: int
    sessions_did_not_attend: int
    linked_services: tuple[str, ...]
    unmet_needs: tuple[str, ...]
    swemwbs_baseline_raw: int | None
    swemwbs_exit_raw: int | None
    closed_date: date | None
    closure_reason: str

    @property
    def sessions(self) -> int:
        return self.sessions_attended + self.sessions_did_not_attend


COLUMNS = tuple(f.name for f in fields(LegacyRow) if f.name != "line")


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    already_present: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # practices and link workers made

    @property
    def bad(self) -> int:
        return len({problem.line for problem in self.problems})


# --- One value ------------------------------------------------------------------------


def day(text: str) -> date | None:
    """ISO (2024-03-31) or UK (31/03/2024) dates; None when empty."""
    text = text.strip()
    if not text:
        return None
    if found := ISO_DATE.fullmatch(text):
        year, month, day_ = (int(n) for n in found.groups())
    elif found := UK_DATE.fullmatch(text):
        day_, month, year = (int(n) for n in found.groups())
    else:
        raise BadValue(f"{text!r} is not a date; {DATE_HINT}")
    try:
        return date(year, month, day_)
    except ValueError:
        raise BadValue(f"{text} is not a real date; check the day and the month") from None


def chi(text: str) -> str | None:
    if not text.strip():
        return None
    check = check_chi(text)
    if not check.is_valid:
        raise BadValue(f"{text.strip()}: {check.message}, or leave it empty if it is not known")
    return normalise_chi(text)


def sex(text: str) -> str:
    if (value := SEXES.get(folded(text))) is None:
        raise BadValue(
            f"{text.strip()!r} is not a sex; write F, M, female, male, other or not known"
        )
    return value


def postcode(text: str) -> str:
    if not text.strip():
        return ""
    if not is_valid_postcode(text):
        fix = POSTCODE_HELP[0].lower() + POSTCODE_HELP[1:]
        raise BadValue(f"{text.strip()!r} is not a full UK postcode; {fix}, or leave it empty")
    return normalise_postcode(text)


def practice_code(text: str) -> str:
    if not PRACTICE_CODE.fullmatch(text.strip()):
        raise BadValue(f"{text.strip()!r} is not a practice code; write its five digits")
    return text.strip()


def patient_ref(text: str) -> str:
    if len(text.strip()) > LONGEST_REF:
        raise BadValue(f"is longer than {LONGEST_REF} characters; shorten the reference")
    return text.strip()


def one_code(list_name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip():
            return ""
        if (code := coded(list_name, text)) is None:
            raise BadValue(_unknown(list_name, [text.strip()]))
        return code

    return parse


def codes(list_name: str) -> Callable[[str], tuple[str, ...]]:
    """A `;`-separated list of codes, each once, in the order given."""

    def parse(text: str) -> tuple[str, ...]:
        given = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
        unknown = [part for part in given if coded(list_name, part) is None]
        if unknown:
            raise BadValue(_unknown(list_name, unknown))
        return tuple(dict.fromkeys(coded(list_name, part) for part in given))

    return parse


def _unknown(list_name: str, values: list[str]) -> str:
    examples = ", ".join(code.code for code in codelist(list_name).codes[:3])
    return (
        f"{', '.join(repr(v) for v in values)} not in the {list_name} code list; use a code "
        f"or label from codelists/{list_name}.csv (such as {examples}) or a spelling listed "
        "in docs/legacy-import.md"
    )


def count(text: str) -> int:
    """A whole number of sessions, 0 or more; empty is 0."""
    text = text.strip()
    if not text:
        return 0
    if not text.isdigit():
        raise BadValue(f"{text!r} is not a number of sessions; write a whole number, 0 or more")
    return int(text)


def swemwbs_raw(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text) or int(text) not in SWEMWBS_METRIC:
        raise BadValue(
            f"{text} is not a SWEMWBS raw score (a whole number from 7 to 35, the sum of the "
            "seven answers); give the raw score, not the metric one, or leave it empty"
        )
    return int(text)


def text_value(text: str) -> str:
    return " ".join(text.split())


PARSERS: dict[str, Callable[[str], object]] = {
    "patient_ref": patient_ref,
    "chi": chi,
    "date_of_birth": day,
    "sex": sex,
    "postcode": postcode,
    "practice_code": practice_code,
    "referral_date": day,
    "referral_source": one_code("referrer_roles"),
    "reasons": codes("needs"),
    "link_worker": text_value,
    "first_contact_date": day,
    "sessions_attended": count,
    "sessions_did_not_attend": count,
    "linked_services": codes("needs"),
    "unmet_needs": codes("needs"),
    "swemwbs_baseline_raw": swemwbs_raw,
    "swemwbs_exit_raw": swemwbs_raw,
    "closed_date": day,
    "closure_reason": one_code("closure_reasons"),
}
# Columns that must have a value, and what to write there.
REQUIRED = {
    "patient_ref": "give the person's reference in the spreadsheet",
    "date_of_birth": "give the person's date of birth",
    "sex": "write F, M, female, male, other or not known",
    "practice_code": "give the five-digit code of the practice that referred",
    "referral_date": "give the date the referral was received",
    "referral_source": "give who referred (a referrer role, such as GP)",
}


def _values(line: int, raw: dict) -> tuple[dict, list[Problem]]:
    values, problems = {}, []
    if any((value or "").strip() for value in raw.get(EXTRA_VALUES) or []):
        problems.append(Problem(line, "(row)", TOO_MANY_VALUES))
    for column, parse in PARSERS.items():
        text = raw.get(column) or ""
        if column in REQUIRED and not text.strip():
            problems.append(Problem(line, column, f"is empty; {REQUIRED[column]}"))
            continue
        try:
            values[column] = parse(text)
        except BadValue as bad:
            problems.append(Problem(line, column, str(bad)))
    return values, problems


# --- A row's values together ----------------------------------------------------------


def _received(row: LegacyRow) -> list[tuple[str, str]]:
    """(column, what is wrong and the fix) for each problem, as every check below."""
    if why := received_on_problem(row.referral_date, row.date_of_birth):
        return [("referral_date", f"{row.referral_date:%d/%m/%Y}: {why}")]
    return []


def _dates_in_order(row: LegacyRow) -> list[tuple[str, str]]:
    found = []
    for column in ("first_contact_date", "closed_date"):
        on = getattr(row, column)
        if on is not None and on < row.referral_date:
            found.append((column, f"{on:%d/%m/%Y} is before the referral_date; check the year"))
        elif on is not None and on > clock.today():
            found.append((column, f"{on:%d/%m/%Y} is in the future; check the year"))
    contact, closed = row.first_contact_date, row.closed_date
    if contact and closed and closed < contact:
        found.append(("closed_date", f"{closed:%d/%m/%Y} is before the first_contact_date"))
    return found


def _closure_complete(row: LegacyRow) -> list[tuple[str, str]]:
    found = []
    if row.closure_reason and row.closed_date is None:
        found.append(("closure_reason", "given without a closed_date; add the date it closed"))
    if row.swemwbs_exit_raw is not None and row.closed_date is None:
        found.append(("swemwbs_exit_raw", "an exit score needs the closed_date it was taken at"))
    return found


def _first_contact_given(row: LegacyRow) -> list[tuple[str, str]]:
    if row.sessions and row.first_contact_date is None:
        return [
            ("first_contact_date", f"is empty but {row.sessions} sessions are given; give the day")
        ]
    return []


# Checks between columns, each with the columns it reads: it runs only when they are valid.
SESSIONS = {"sessions_attended", "sessions_did_not_attend"}
CROSS_CHECKS = (
    ({"referral_date", "date_of_birth"}, _received),
    ({"referral_date", "first_contact_date", "closed_date"}, _dates_in_order),
    ({"closure_reason", "swemwbs_exit_raw", "closed_date"}, _closure_complete),
    ({"first_contact_date", *SESSIONS}, _first_contact_given),
)


def _dob_mismatch(row: LegacyRow) -> list[tuple[str, str]]:
    if row.chi and birth_date_mismatch(row.chi, row.date_of_birth):
        return [
            (
                "chi",
                f"{row.chi} does not begin with the date of birth "
                f"{row.date_of_birth:%d/%m/%Y} (DDMMYY); imported as given, but check both "
                "against the GP record",
            )
        ]
    return []


def _contact_without_sessions(row: LegacyRow) -> list[tuple[str, str]]:
    if row.first_contact_date and not row.sessions:
        return [("first_contact_date", "not kept: the row has no sessions to date it")]
    return []


WARNINGS = (
    ({"chi", "date_of_birth"}, _dob_mismatch),
    ({"first_contact_date", *SESSIONS}, _contact_without_sessions),
)


def _run(checks, row: LegacyRow, failed: set[str]) -> list[Problem]:
    return [
        Problem(row.line, column, message)
        for columns, check in checks
        if not columns & failed
        for column, message in check(row)
    ]


def check_row(line: int, raw: dict, known: Known) -> tuple[LegacyRow | None, list, list]:
    """(the parsed row or None, its problems, its warnings). Every check between columns
    whose values are valid runs, so one pass reports all it can."""
    values, problems = _values(line, raw)
    failed = {problem.column for problem in problems}
    row = LegacyRow(line=line, **{column: values.get(column) for column in COLUMNS})
    problems += _run(CROSS_CHECKS, row, failed)
    if not {"practice_code", "link_worker"} & failed:
        problems += [Problem(line, column, why) for column, why in known.problems(row)]
    warnings = _run(WARNINGS, row, failed)
    return (None if problems else row), sorted(problems, key=_in_file_order), warnings


def _in_file_order(problem: Problem) -> int:
    return COLUMNS.index(problem.column) if problem.column in COLUMNS else -1


# --- The file -------------------------------------------------------------------------


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(the line each row starts on, its values by lower-case column name)."""
    try:
        return numbered_rows(path, COLUMNS, header_fix=f"the columns must be {', '.join(COLUMNS)}")
    except UnreadableFile as error:
        raise ImportRefused(str(error)) from None


def check_file(path: Path, known: Known) -> tuple[list[LegacyRow], ImportReport]:
    """Every row checked, the good ones returned; nothing written."""
    report, good, seen = ImportReport(), [], {}
    for line, raw in read_rows(path):
        report.read += 1
        row, problems, warnings = check_row(line, raw, known)
        report.warnings += warnings
        if row is not None and (first := seen.get(_key(row))) is not None:
            problems = [_repeated(row, first)]
        if problems:
            report.problems += problems
            continue
        seen[_key(row)] = line
        good.append(row)
    return good, report


def _key(row: LegacyRow) -> tuple[str, date]:
    return row.patient_ref, row.referral_date


def _repeated(row: LegacyRow, first: int) -> Problem:
    return Problem(
        row.line,
        "patient_ref",
        f"{row.patient_ref} referred on {row.referral_date:%d/%m/%Y} is on line {first} "
        "too; keep one of the two rows",
    )


def import_casework(
    path: Path, *, partial: bool = False, create_missing: bool = False, hscp: HSCP | None = None
) -> ImportReport:
    """Check the whole file, then write its good rows in one transaction: all of them, or
    (without `partial`) none when any row is bad."""
    known = Known.load(create_missing=create_missing, hscp=hscp)
    rows, report = check_file(path, known)
    if report.problems and not partial:
        return report
    with transaction.atomic():
        for row in rows:
            _write(row, known, report)
        if report.problems and not partial:
            transaction.set_rollback(True)
            report.imported = report.already_present = 0
            return report
        report.created = known.created
        _audit(path, report, partial=partial, create_missing=create_missing)
    return report


def _write(row: LegacyRow, known: Known, report: ImportReport) -> None:
    """One row in its own savepoint: a rule the services enforce that the checks missed
    makes it a bad row, not a half-written one."""
    if legacy_loading.already_present(row, known):
        report.already_present += 1
        return
    snapshot = known.snapshot()
    try:
        with transaction.atomic():
            legacy_loading.load_row(row, known)
    except ValidationError as refused:
        known.restore(snapshot)
        messages = (
            refused.message_dict if hasattr(refused, "error_dict") else {"": refused.messages}
        )
        report.problems += [
            Problem(row.line, _column_of(name), message)
            for name, said in messages.items()
            for message in said
        ]
        return
    report.imported += 1


COLUMN_OF_FIELD = {
    "closed_on": "closed_date",
    "completed_on": "swemwbs_exit_raw",
    "timepoint": "swemwbs_baseline_raw",
    "starts_at": "first_contact_date",
}


def _column_of(field_name: str) -> str:
    """The file's column behind a model field a service refused."""
    return COLUMN_OF_FIELD.get(field_name, field_name or "(row)")


def _audit(path: Path, report: ImportReport, *, partial: bool, create_missing: bool) -> None:
    record(
        action=Action.CREATE,
        actor_username=ACTOR,
        detail={
            "import": "casework",
            "file": path.name,
            "rows": report.read,
            "imported": report.imported,
            "already_present": report.already_present,
            "bad": report.bad,
            "partial": partial,
            "create_missing": create_missing,
            "created": len(report.created),
        },
    )
