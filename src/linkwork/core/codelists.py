"""The coded lists every part of linkwork shares. Store codes, show labels.

The CSV files beside this module are copies of the project's reference lists;
a test checks they still match the originals.
"""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CODELIST_DIR = Path(__file__).resolve().parent.parent / "codelists"


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[Code, ...]

    def choices(self) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.codes]

    def label(self, code: str) -> str:
        return self._by_code()[code].label

    def __contains__(self, code: str) -> bool:
        return code in self._by_code()

    def lookup(self, value: str) -> Code | None:
        """Find a code by its code or its label, ignoring case and surrounding spaces."""
        wanted = (value or "").strip().casefold()
        for code in self.codes:
            if wanted in (code.code.casefold(), code.label.casefold()):
                return code
        return None

    def _by_code(self) -> dict[str, Code]:
        return {c.code: c for c in self.codes}


@cache
def codelist(name: str) -> CodeList:
    path = CODELIST_DIR / f"{name}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [_rejoined(row, reader.fieldnames[-1]) for row in reader]
    codes = tuple(
        Code(
            code=row["code"],
            label=row["label"],
            extra={k: v for k, v in row.items() if k not in ("code", "label")},
        )
        for row in rows
    )
    return CodeList(name=name, codes=codes)


def _rejoined(row: dict, last: str) -> dict:
    """The reference lists leave commas in a last-column label unquoted ("Not accessible
    to the person (location, times, disability, language)"): they belong to that label."""
    overflow = row.pop(None, None)
    if overflow:
        row[last] = ",".join([row[last], *overflow])
    return row


def available() -> list[str]:
    return sorted(p.stem for p in CODELIST_DIR.glob("*.csv"))
