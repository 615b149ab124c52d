"""SIMD deprivation by postcode: loading the published lookups, and looking a postcode up.

Two published postcode lookups are understood, told apart by their header: Public Health
Scotland's (population-weighted deciles, the NHS convention) and the Scottish Government's
(equal numbers of data zones per decile). Deciles and quintiles count 1 as most deprived.
"""

import csv
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl.utils.exceptions import InvalidFileException

from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.core.statements import statement
from linkwork.places.models import DatazoneVintage, DecileScheme, Postcode, SimdVersion

SIMD_ATTRIBUTION = (
    "Contains Scottish Government / Public Health Scotland data licensed under the "
    "Open Government Licence v3.0"
)
SIMD2020V2_DATAZONES = 6976  # ranks run 1 (most deprived) to 6,976 over Data Zone 2011
HEADER_SEARCH_ROWS = 10  # workbooks often put a title or notes above the header
BATCH_SIZE = 1000
# A reload refreshes the SIMD figures but keeps coordinates filled from the NRS directory.
RELOADED_FIELDS = [
    "datazone",
    "datazone_vintage",
    "simd_version",
    "simd_rank",
    "simd_decile",
    "simd_quintile",
    "decile_scheme",
    "source_name",
    "loaded_at",
    "is_synthetic",
]


class SimdFileError(Exception):
    """The file as a whole cannot be loaded: missing, unreadable, or not a lookup we know."""


@dataclass(frozen=True)
class Deprivation:
    decile: int
    quintile: int
    rank: int
    datazone: str
    datazone_vintage: str
    simd_version: str
    scheme: str


@statement
def _postcode_row(postcode):
    return Postcode.objects.filter(pk=postcode)


def deprivation_for(postcode: str) -> Deprivation | None:
    """The SIMD figures of the postcode's data zone; None when invalid or not in the table."""
    normal = normalise_postcode(postcode)
    if not is_valid_postcode(normal):
        return None
    found = _postcode_row(normal)
    if not found:
        return None
    row = found[0]
    return Deprivation(
        decile=row.simd_decile,
        quintile=row.simd_quintile,
        rank=row.simd_rank,
        datazone=row.datazone,
        datazone_vintage=row.datazone_vintage,
        simd_version=row.simd_version,
        scheme=row.decile_scheme,
    )


@dataclass(frozen=True)
class Layout:
    """The columns of one published lookup; a tuple lists alternative names for one column."""

    name: str
    scheme: DecileScheme
    postcode: tuple[str, ...]
    datazone: tuple[str, ...]
    rank: str
    decile: str
    quintile: str
    vintage: DatazoneVintage = DatazoneVintage.DZ2011
    simd_version: SimdVersion = SimdVersion.SIMD2020V2

    def wanted(self) -> dict[str, tuple[str, ...]]:
        return {
            "postcode": self.postcode,
            "datazone": self.datazone,
            "rank": (self.rank,),
            "decile": (self.decile,),
            "quintile": (self.quintile,),
        }

    def describe(self) -> str:
        return ", ".join(" or ".join(names) for names in self.wanted().values())

    def columns_in(self, header: Sequence) -> dict[str, tuple[int, str]] | None:
        """Where each wanted column sits in `header` (any case), or None if one is missing."""
        positions = {_text(cell).lower(): i for i, cell in reversed(list(enumerate(header)))}
        found = {}
        for key, names in self.wanted().items():
            name = next((name for name in names if name.lower() in positions), None)
            if name is None:
                return None
            found[key] = (positions[name.lower()], _text(header[positions[name.lower()]]))
        return found


PHS_LOOKUP = Layout(
    name="Public Health Scotland postcode lookup",
    scheme=DecileScheme.PHS_POPULATION_WEIGHTED,
    postcode=("pc7", "pc8"),
    datazone=("datazone2011",),
    rank="simd2020v2_rank",
    decile="simd2020v2_sc_decile",
    quintile="simd2020v2_sc_quintile",
)
SG_LOOKUP = Layout(
    name="Scottish Government postcode lookup",
    scheme=DecileScheme.SG_EQUAL_DATA_ZONES,
    postcode=("Postcode",),
    datazone=("DZ", "Data_Zone"),
    rank="SIMD2020v2_Rank",
    decile="SIMD2020v2_Decile",
    quintile="SIMD2020v2_Quintile",
)
LAYOUTS = [PHS_LOOKUP, SG_LOOKUP]


@dataclass(frozen=True, slots=True)
class RowOutcome:
    row: int
    postcode: str
    reason: str = ""

    @property
    def message(self) -> str:
        return (
            f"row {self.row}: {self.reason}" if self.reason else f"row {self.row}: {self.postcode}"
        )


@dataclass
class LoadReport:
    source_name: str
    layout: Layout | None = None
    created: list[RowOutcome] = field(default_factory=list)
    updated: list[RowOutcome] = field(default_factory=list)
    rejected: list[RowOutcome] = field(default_factory=list)


class _Rejected(Exception):
    pass


def load_simd_file(
    *, path: str | Path, source_name: str | None = None, synthetic: bool = False
) -> LoadReport:
    """Upsert every good row of a postcode lookup in one transaction; report each row's fate.

    Synthetic rows never replace real ones: such rows are rejected instead.
    Raises SimdFileError when the file is missing, unreadable or has no header we know.
    """
    path = Path(path)
    report = LoadReport(source_name=source_name or path.name)
    loaded_at = timezone.now()
    try:
        with _tables(path) as tables, transaction.atomic():
            report.layout, columns, rows = _find_header(tables, path)
            for batch in _batches(_parsed(rows, columns, report), BATCH_SIZE):
                _upsert(batch, report=report, loaded_at=loaded_at, synthetic=synthetic)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SimdFileError(_unreadable(path, error)) from error
    report.rejected.sort(key=lambda outcome: outcome.row)
    return report


def _unreadable(path: Path, error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return f"{path} does not exist."
    if isinstance(error, IsADirectoryError):
        return f"{path} is a folder, not a file."
    if isinstance(error, UnicodeDecodeError):
        return f"{path} is not UTF-8 text: save it as 'CSV UTF-8' or as an .xlsx workbook."
    return f"{path} cannot be read: {getattr(error, 'strerror', None) or error}."


@contextmanager
def _tables(path: Path) -> Iterator[Iterator[Iterable[Sequence]]]:
    """The file's tables of rows: one for a CSV, one per worksheet for a workbook."""
    with path.open("rb") as handle:
        is_workbook = handle.read(4) == b"PK\x03\x04"  # xlsx is a zip archive
    if not is_workbook:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield iter([csv.reader(handle)])
        return
    workbook = _open_workbook(path)
    try:
        yield (sheet.iter_rows(values_only=True) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def _open_workbook(path: Path):
    try:
        with warnings.catch_warnings():
            # Workbooks saved by other tools often lack a default style; openpyxl says so.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError) as error:
        raise SimdFileError(f"{path} is not a readable .xlsx workbook.") from error


def _find_header(tables, path: Path):
    """The layout, its column positions, and the numbered rows after the header."""
    for table in tables:
        rows = enumerate(table, start=1)
        for _number, cells in _first(rows, HEADER_SEARCH_ROWS):
            for layout in LAYOUTS:
                if columns := layout.columns_in(cells):
                    return layout, columns, rows
    expected = " or ".join(f"the {layout.name} ({layout.describe()})" for layout in LAYOUTS)
    raise SimdFileError(f"{path} has no header we recognise: expected {expected}.")


def _first(rows: Iterator, count: int) -> Iterator:
    # Unlike itertools.islice, pulls nothing beyond the row it hands out.
    for _ in range(count):
        row = next(rows, None)
        if row is None:
            return
        yield row


def _parsed(rows, columns, report: LoadReport) -> Iterator[tuple[int, dict]]:
    """Valid rows as model field values; each bad row goes to report.rejected instead."""
    seen: dict[str, int] = {}
    for number, cells in rows:
        if not any(_text(cell) for cell in cells):
            continue
        values = {key: (name, _cell(cells, i)) for key, (i, name) in columns.items()}
        try:
            fields = _validated(values, report.layout)
        except _Rejected as rejection:
            report.rejected.append(RowOutcome(number, values["postcode"][1], str(rejection)))
            continue
        if (first := seen.setdefault(fields["postcode"], number)) != number:
            name = values["postcode"][0]
            reason = f"{name} '{fields['postcode']}' repeats row {first}"
            report.rejected.append(RowOutcome(number, fields["postcode"], reason))
            continue
        yield number, fields


def _validated(values: dict[str, tuple[str, str]], layout: Layout) -> dict:
    return {
        "postcode": _postcode(*values["postcode"]),
        "datazone": _datazone(*values["datazone"]),
        "simd_rank": _whole(*values["rank"], "rank", SIMD2020V2_DATAZONES),
        "simd_decile": _whole(*values["decile"], "decile", 10),
        "simd_quintile": _whole(*values["quintile"], "quintile", 5),
        "datazone_vintage": layout.vintage,
        "simd_version": layout.simd_version,
        "decile_scheme": layout.scheme,
    }


def _postcode(column: str, text: str) -> str:
    if not text:
        raise _Rejected(f"{column} is empty")
    if not is_valid_postcode(text):
        raise _Rejected(f"{column} '{text}' is not a valid postcode")
    return normalise_postcode(text)


def _datazone(column: str, text: str) -> str:
    code = text.upper()
    if not (len(code) == 9 and code.startswith("S01") and code[3:].isdigit()):
        raise _Rejected(f"{column} '{text}' is not a data zone code (S01 and six digits)")
    return code


def _whole(column: str, text: str, what: str, highest: int) -> int:
    """A whole number from 1 to `highest`; spreadsheets may hand over 3 as '3.0'."""
    if not text:
        raise _Rejected(f"{column} is empty")
    try:
        number = float(text)
    except ValueError:
        number = 0.0
    if not (number.is_integer() and 1 <= number <= highest):
        raise _Rejected(f"{column} '{text}' is not a {what} 1-{highest}")
    return int(number)


def _upsert(batch, *, report: LoadReport, loaded_at, synthetic: bool) -> None:
    keys = [fields["postcode"] for _, fields in batch]
    existing = dict(Postcode.objects.filter(pk__in=keys).values_list("pk", "is_synthetic"))
    rows = []
    for number, fields in batch:
        postcode = fields["postcode"]
        was_synthetic = existing.get(postcode)
        if synthetic and was_synthetic is False:
            reason = f"{postcode} already holds real SIMD data, which synthetic data never replaces"
            report.rejected.append(RowOutcome(number, postcode, reason))
            continue
        outcomes = report.created if was_synthetic is None else report.updated
        outcomes.append(RowOutcome(number, postcode))
        rows.append(
            Postcode(
                **fields,
                source_name=report.source_name,
                loaded_at=loaded_at,
                is_synthetic=synthetic,
            )
        )
    Postcode.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["postcode"], update_fields=RELOADED_FIELDS
    )


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def _cell(cells: Sequence, index: int) -> str:
    return _text(cells[index]) if index < len(cells) else ""
