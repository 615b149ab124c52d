"""Every scoring rule for the wellbeing instruments, in one place.

Rules follow the project's SWEMWBS/WEMWBS/ONS4 scoring reference, which cites Warwick
Medical School's guidance, its raw-to-metric conversion table, Shah et al. 2018 and
Maheswaran et al. 2012 (meaningful change) and the ONS personal well-being thresholds.
Functions take an `Instrument` (see `instruments.py`) so that the wording, options and
bands stay data while the arithmetic stays here.

Missing items: the reference found no published rule allowing missing items or
prorating for SWEMWBS or WEMWBS (unverified either way). The conversion table is
defined only for complete answers, so we score only complete answers and never
prorate; an incomplete questionnaire keeps its answers with no score.
"""

import re
import reprlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ScoringError(ValueError):
    """Answers that cannot be scored. The message is one line, fit to show as it is."""


class UnknownInstrument(ScoringError):
    """A name that is not in the registry (the API answers 404 for it)."""


# Warwick's SWEMWBS raw-to-metric conversion table (Rasch-transformed metric scores).
# The PDF itself was not read; five independent public copies agree on every value and
# one cites the PDF. One other copy has 29 -> 25.99, a typo. Look up; never interpolate.
SWEMWBS_METRIC = {
    7: Decimal("7.00"),
    8: Decimal("9.51"),
    9: Decimal("11.25"),
    10: Decimal("12.40"),
    11: Decimal("13.33"),
    12: Decimal("14.08"),
    13: Decimal("14.75"),
    14: Decimal("15.32"),
    15: Decimal("15.84"),
    16: Decimal("16.36"),
    17: Decimal("16.88"),
    18: Decimal("17.43"),
    19: Decimal("17.98"),
    20: Decimal("18.59"),
    21: Decimal("19.25"),
    22: Decimal("19.98"),
    23: Decimal("20.73"),
    24: Decimal("21.54"),
    25: Decimal("22.35"),
    26: Decimal("23.21"),
    27: Decimal("24.11"),
    28: Decimal("25.03"),
    29: Decimal("26.02"),
    30: Decimal("27.03"),
    31: Decimal("28.13"),
    32: Decimal("29.31"),
    33: Decimal("30.70"),
    34: Decimal("32.55"),
    35: Decimal("35.00"),
}

# The seven WEMWBS items that make up SWEMWBS, in SWEMWBS order.
WEMWBS_ITEMS_IN_SWEMWBS = (1, 2, 3, 6, 7, 9, 11)

MISSING_MARK = "-"
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class SwemwbsScore:
    """Raw 7-35 and Warwick's metric score, both None unless all 7 items are answered."""

    raw: int | None
    metric: Decimal | None
    missing_items: tuple[int, ...] = ()
    instrument: str = "swemwbs"

    @property
    def complete(self) -> bool:
        return not self.missing_items

    def as_dict(self) -> dict:
        return {
            "instrument": self.instrument,
            "raw": self.raw,
            "metric": self.metric,
            "complete": self.complete,
            "missing_items": list(self.missing_items),
        }


@dataclass(frozen=True)
class WemwbsScore:
    """Raw 14-70 (no conversion), None unless all 14 items are answered, and the SWEMWBS
    score of its seven short-form items (scored when those seven are answered)."""

    raw: int | None
    short_form: SwemwbsScore
    missing_items: tuple[int, ...] = ()
    instrument: str = "wemwbs"

    @property
    def complete(self) -> bool:
        return not self.missing_items

    def as_dict(self) -> dict:
        return {
            "instrument": self.instrument,
            "raw": self.raw,
            "complete": self.complete,
            "missing_items": list(self.missing_items),
            "swemwbs_raw": self.short_form.raw,
            "swemwbs_metric": self.short_form.metric,
        }


@dataclass(frozen=True)
class QuestionScore:
    key: str
    score: int | None
    band: str | None


@dataclass(frozen=True)
class QuestionScores:
    """Instruments whose questions are each scored and banded on their own (ONS4): ONS
    publishes no total, so there is none."""

    instrument: str
    questions: tuple[QuestionScore, ...]

    @property
    def missing_items(self) -> tuple[int, ...]:
        return tuple(n for n, q in enumerate(self.questions, 1) if q.score is None)

    @property
    def complete(self) -> bool:
        return not self.missing_items

    def as_dict(self) -> dict:
        scores = {q.key: {"score": q.score, "band": q.band} for q in self.questions}
        return {
            "instrument": self.instrument,
            **scores,
            "complete": self.complete,
            "missing_items": list(self.missing_items),
        }


def answers_from_text(words: Sequence[str]) -> list:
    """Command-line words as answers: '-' is a missing item and digits are a number. Any
    other word stays text, so that validation names it as not a number."""
    return [_answer_from_text(word) for word in words]


def _answer_from_text(word: str):
    if word == MISSING_MARK:
        return None
    return int(word) if _WHOLE_NUMBER.fullmatch(word) else word


def checked_answers(instrument, answers: Sequence) -> tuple[int | None, ...]:
    """The answers, one per item in order (None = missing), or ScoringError."""
    expected = len(instrument.items)
    if len(answers) != expected:
        raise ScoringError(
            f"{instrument.name} needs {expected} answers, one per item in order "
            f"(use - or null for a missing item); got {len(answers)}"
        )
    return tuple(
        _checked(instrument, item.number, answer)
        for item, answer in zip(instrument.items, answers, strict=True)
    )


def _checked(instrument, number: int, answer) -> int | None:
    if answer is None:
        return None
    allowed = f"{instrument.name} answers run from {instrument.min_value} to {instrument.max_value}"
    # bool is an int in Python, but True is not an answer.
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ScoringError(
            f"Item {number}: {reprlib.repr(answer)} is not a whole number; {allowed}"
        )
    if not instrument.min_value <= answer <= instrument.max_value:
        raise ScoringError(f"Item {number}: {answer} is out of range; {allowed}")
    return answer


def _missing(instrument, answers: Sequence[int | None]) -> tuple[int, ...]:
    return tuple(
        item.number for item, a in zip(instrument.items, answers, strict=True) if a is None
    )


def swemwbs_from(answers: Sequence[int | None], missing_items: tuple[int, ...]) -> SwemwbsScore:
    """Sum the seven answers and convert with the table; no score if any is missing."""
    if missing_items:
        return SwemwbsScore(raw=None, metric=None, missing_items=missing_items)
    raw = sum(answers)
    return SwemwbsScore(raw=raw, metric=SWEMWBS_METRIC[raw])


def swemwbs_total(raw: int) -> SwemwbsScore:
    """A raw total recorded without its items (earlier records, decision 0061), converted
    with the same table; a total outside 7-35 is no SWEMWBS score."""
    if raw not in SWEMWBS_METRIC:
        raise ScoringError(f"A SWEMWBS raw score is a whole number from 7 to 35, not {raw}")
    return SwemwbsScore(raw=raw, metric=SWEMWBS_METRIC[raw])


def score_swemwbs(instrument, answers: Sequence) -> SwemwbsScore:
    checked = checked_answers(instrument, answers)
    return swemwbs_from(checked, _missing(instrument, checked))


def score_wemwbs(instrument, answers: Sequence) -> WemwbsScore:
    checked = checked_answers(instrument, answers)
    missing = _missing(instrument, checked)
    short = [checked[number - 1] for number in WEMWBS_ITEMS_IN_SWEMWBS]
    short_missing = tuple(n for n, a in enumerate(short, 1) if a is None)
    raw = None if missing else sum(checked)
    return WemwbsScore(
        raw=raw, short_form=swemwbs_from(short, short_missing), missing_items=missing
    )


def score_questions(instrument, answers: Sequence) -> QuestionScores:
    """Each question scored and banded on its own; a missing one has no score or band.
    (No published ONS4 missing-item rule was found; as ONS reports the questions
    separately, one missing question does not stop the others being scored.)"""
    checked = checked_answers(instrument, answers)
    questions = tuple(
        QuestionScore(key=item.key, score=answer, band=band_of(item, answer))
        for item, answer in zip(instrument.items, checked, strict=True)
    )
    return QuestionScores(instrument=instrument.name, questions=questions)


def band_of(item, score: int | None) -> str | None:
    if score is None:
        return None
    return next(band.code for band in item.bands if band.low <= score <= band.high)


@dataclass(frozen=True)
class Change:
    """Follow-up minus baseline, on the instrument's scale (higher is better), judged
    against the threshold in force when it was measured (kept, so it can be recorded)."""

    difference: Decimal
    threshold: Decimal

    @property
    def direction(self) -> str:
        if self.difference >= self.threshold:
            return "improvement"
        if self.difference <= -self.threshold:
            return "deterioration"
        return "no_reliable_change"

    @property
    def meaningful(self) -> bool:
        return self.direction != "no_reliable_change"


def meaningful_change_threshold(instrument) -> Decimal:
    """The instrument's threshold, from its Django setting if set (read now, not at import)."""
    if instrument.change_setting is None:
        raise ScoringError(
            f"{instrument.name} has no meaningful-change threshold; "
            "compare its questions one by one"
        )
    value = getattr(settings, instrument.change_setting, instrument.change_default)
    try:
        threshold = Decimal(str(value))
    except InvalidOperation:
        threshold = None
    if threshold is None or not threshold.is_finite() or threshold <= 0:
        raise ImproperlyConfigured(f"{instrument.change_setting} must be a positive number")
    return threshold


def change(instrument, baseline: Decimal | int | None, follow_up: Decimal | int | None) -> Change:
    """Change between two scores: SWEMWBS metric scores, WEMWBS raw scores."""
    if baseline is None or follow_up is None:
        raise ScoringError("Change needs two complete scores; an incomplete questionnaire has none")
    difference = Decimal(str(follow_up)) - Decimal(str(baseline))
    return Change(difference=difference, threshold=meaningful_change_threshold(instrument))
