"""Loading practice population profiles: registered patients by practice, date, sex, age
band and (where known) SIMD decile, from a CSV file (docs/practice-population.md), by
`linkwork import-practice-population FILE.csv` or an administrator's upload.

Every row is checked before anything is written; a bad row is reported by its line (the
header is line 1), column and fix, and then nothing is loaded. A good file replaces, for
each practice and date it names, every row loaded before for that practice and date, so
loading a file again changes nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet

from linkwork.audit.models import Action
from linkwork.audit.services import event, record_many
from linkwork.core import clock
from linkwork.core.csvfiles import (
    EXTRA_VALUES,
    BadValue,
    Problem,
    UnreadableFile,
    numbered_rows,
)
from linkwork.organisations.models import AGE_BANDS, Practice, PracticePopulation

ACTOR = "linkwork import-practice-population"
COLUMNS = ("practice_code", "date", "sex", "age_band", "simd_decile", "patients")
BAND_CODES = [code for code, _, _ in AGE_BANDS]
SEXES = {"f": "female", "female": "female", "m": "male", "male": "male"}
DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),  # 2025-04-01
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 2, 1)),  # 01/04/2025
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), (1, 2, 3)),  # 20250401, as PHS writes it
)
DATE_HINT = "write it as YYYY-MM-DD, DD/MM/YYYY or YYYYMMDD, for example 2025-04-01"


@dataclass(frozen=True)
class PopulationRow:
    line: int
    practice_id: int
    as_at: date
    sex: str
    age_band: str
    simd_decile: int | None
    patients: int

    @property
    def cell(self) -> tuple:
        return self.practice_id, self.as_at, self.sex, self.age_band, self.simd_decile


@dataclass
class LoadReport:
    read: int = 0
    loaded: int = 0
    replaced: int = 0  # rows loaded before for the same practices and dates
    profiles: list[tuple[str, date]] = field(default_factory=list)  # (practice code, as at)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return len({problem.line for problem in self.problems})


# --- One value ------------------------------------------------------------------------


def as_at(text: str) -> date:
    text = text.strip()
    for pattern, (y, m, d) in DATE_FORMS:
        if found := pattern.fullmatch(text):
            try:
                day = date(int(found[y]), int(found[m]), int(found[d]))
            except ValueError:
                raise BadValue(f"{text} is not a date that exists; {DATE_HINT}") from None
            if day > clock.today():
                raise BadValue(f"{text} is in the future; give the date the list was taken")
            return day
    raise BadValue(f"{text or 'an empty value'} is not a date; {DATE_HINT}")


def sex(text: str) -> str:
    value = text.strip().lower()
    if value in SEXES:
        return SEXES[value]
    if value in {"all", "persons", "total"}:
        raise BadValue(
            f"{text.strip()} is a total; leave out the rows for all sexes (linkwork adds up "
            "the Female and Male rows)"
        )
    raise BadValue(f"{text.strip() or 'an empty value'} is not a sex here; write Female or Male")


def age_band(text: str) -> str:
    """A band as PHS names it: 0-4 or Ages0to4, 85+ or Ages85plus, 25 to 44."""
    value = re.sub(r"\s+", "", text.strip().lower()).removeprefix("ages")
    value = value.replace("to", "-").replace("andover", "+").replace("plus", "+")
    if value in BAND_CODES:
        return value
    raise BadValue(
        f"{text.strip() or 'an empty value'} is not an age band here; write one of "
        f"{', '.join(BAND_CODES)} (Public Health Scotland's bands)"
    )


def simd_decile(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= 10:
        return int(text)
    raise BadValue(
        f"{text} is not a SIMD decile; write a whole number from 1 (most deprived) to 10, "
        "or leave it empty where the decile is not known"
    )


def patients(text: str) -> int:
    text = text.strip().replace(",", "")
    if text.isdigit():
        return int(text)
    raise BadValue(f"{text or 'an empty value'} is not a number of patients; write a whole number")


# --- Rows and the file ----------------------------------------------------------------


def check_file(path: Path, practices: QuerySet) -> tuple[list[PopulationRow], LoadReport]:
    """Every row checked against the practices the loader may load for; nothing written.
    UnreadableFile when the file is not a CSV with these columns."""
    header_fix = f"the columns must be {', '.join(COLUMNS)}"
    known = {p.code: p.pk for p in practices}
    report, good, seen = LoadReport(), [], {}
    for line, raw in numbered_rows(path, list(COLUMNS), header_fix=header_fix):
        report.read += 1
        row, problems = _check_row(line, raw, known)
        if row is not None and (first := seen.get(row.cell)) is not None:
            problems = [_repeated(row, first)]
        if problems:
            report.problems += problems
            continue
        seen[row.cell] = line
        good.append(row)
    return good, report


def _check_row(line: int, raw: dict, known: dict[str, int]) -> tuple[PopulationRow | None, list]:
    if raw.get(EXTRA_VALUES):
        fix = "the row has more values than the header has columns; check for a stray comma"
        return None, [Problem(line, "(row)", fix)]
    parsers = {
        "practice_code": lambda text: _practice(text, known),
        "date": as_at,
        "sex": sex,
        "age_band": age_band,
        "simd_decile": simd_decile,
        "patients": patients,
    }
    values, problems = {}, []
    for column, parse in parsers.items():
        try:
            values[column] = parse(raw.get(column) or "")
        except BadValue as bad:
            problems.append(Problem(line, column, str(bad)))
    if problems:
        return None, problems
    return PopulationRow(
        line,
        values["practice_code"],
        values["date"],
        values["sex"],
        values["age_band"],
        values["simd_decile"],
        values["patients"],
    ), []


def _practice(text: str, known: dict[str, int]) -> int:
    code = text.strip()
    if not re.fullmatch(r"\d{5}", code):
        raise BadValue(f"{code or 'an empty value'} is not a practice code; write its five digits")
    if code not in known:
        raise BadValue(
            f"no practice with code {code} that you may load for; check the code, or add the "
            "practice first"
        )
    return known[code]


def _repeated(row: PopulationRow, first: int) -> Problem:
    return Problem(
        row.line,
        "age_band",
        f"the same practice, date, sex, age band and SIMD decile is on line {first} too; "
        "keep one of the two rows (add them up if both are right)",
    )


def load_population(
    path: Path, *, practices: QuerySet, by=None, request=None, name: str = ""
) -> LoadReport:
    """Check the whole file, then load it in one transaction, replacing each practice's
    rows as at each date the file gives; nothing is loaded when any row is bad.
    `practices` are those the loader may load for. UnreadableFile when the file is not a
    CSV with these columns (or not UTF-8); `name` is the file's name as the loader knows it."""
    rows, report = check_file(path, practices)
    if report.problems:
        return report
    codes = {p.pk: p.code for p in practices}
    return replace_profiles(rows, codes, report, by=by, request=request, name=name or path.name)


def replace_profiles(
    rows: list[PopulationRow], codes: dict[int, str], report: LoadReport, *, by, request, name: str
) -> LoadReport:
    """Write checked rows in one transaction: each practice's profile as at each date they
    give replaces the one loaded before, and one audit event says what was loaded."""
    profiles = sorted({(row.practice_id, row.as_at) for row in rows})
    with transaction.atomic():
        for practice_id, day in profiles:
            earlier = PracticePopulation.objects.filter(practice_id=practice_id, as_at=day)
            report.replaced += earlier.delete()[0]
        PracticePopulation.objects.bulk_create(
            PracticePopulation(
                practice_id=row.practice_id,
                as_at=row.as_at,
                sex=row.sex,
                age_band=row.age_band,
                simd_decile=row.simd_decile,
                patients=row.patients,
            )
            for row in rows
        )
        report.loaded = len(rows)
        report.profiles = [(codes[practice_id], day) for practice_id, day in profiles]
        _audit(name, report, by=by, request=request)
    return report


def _audit(name: str, report: LoadReport, *, by, request) -> None:
    """One event in each HSCP whose practices the file loaded, naming that HSCP's profiles
    (so its administrators see it in their log, not only a national administrator)."""
    hscps = dict(
        Practice.objects.filter(code__in={code for code, _ in report.profiles}).values_list(
            "code", "cluster__hscp_id"
        )
    )
    by_hscp: dict[int | None, list] = {}
    for code, day in report.profiles:
        by_hscp.setdefault(hscps.get(code), []).append([code, day.isoformat()])
    record_many(
        [
            event(
                action=Action.CREATE,
                request=request,
                actor=by,
                actor_username="" if by else ACTOR,
                hscp_id=hscp_id,
                detail={
                    "import": "practice_population",
                    "file": name,
                    "rows": report.loaded,
                    "replaced": report.replaced,
                    "profiles": profiles,
                },
            )
            for hscp_id, profiles in (by_hscp or {None: []}).items()
        ]
    )


__all__ = ["COLUMNS", "LoadReport", "Problem", "UnreadableFile", "load_population"]
