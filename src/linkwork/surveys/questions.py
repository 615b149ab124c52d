"""The built-in question sets (data/<name>.csv), each question asked of some staff groups.

The themes follow Glasgow's 2021 survey of practice staff about its Community Link
Workers (awareness, referring, feedback on referrals, impact on patients and on
workload); the wording is linkwork's own."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from linkwork.core.codelists import codelist

DATA = Path(__file__).resolve().parent / "data"
AGREEMENT = "agreement"
FREE_TEXT = "free_text"


@dataclass(frozen=True)
class Question:
    code: str
    theme: str
    kind: str
    groups: frozenset[str]
    text: str

    @property
    def is_agreement(self) -> bool:
        return self.kind == AGREEMENT


@cache
def question_set(name: str) -> tuple[Question, ...]:
    with (DATA / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(
            Question(
                code=row["code"],
                theme=row["theme"],
                kind=row["kind"],
                groups=frozenset(row["groups"].split()),
                text=row["text"],
            )
            for row in csv.DictReader(handle)
        )


def for_group(name: str, group: str) -> list[Question]:
    return [q for q in question_set(name) if group in q.groups]


def asked_of(name: str, groups: list[str]) -> list[Question]:
    """The questions of a set that at least one of `groups` is asked."""
    return [q for q in question_set(name) if q.groups & set(groups)]


def scale() -> list[tuple[str, str]]:
    return codelist("agreement_scale").choices()


def group_label(code: str) -> str:
    return codelist("survey_staff_groups").label(code)
