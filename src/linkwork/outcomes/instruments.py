"""The wellbeing instruments as data: wording, options, notices, bands and thresholds.

Wording and labels are as published; do not edit them (Warwick: changing the wording,
response categories or layout, or removing items, invalidates the scale). Adding an
instrument means adding one `Instrument` to `INSTRUMENTS` (and, if it scores
differently, a function in `scoring.py`); the command and the API read the registry.
"""

import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from linkwork.outcomes import scoring


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Band:
    code: str
    low: int
    high: int


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    key: str = ""  # names the question's result where questions are scored one by one
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Instrument:
    name: str
    title: str
    instructions: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    copyright_notice: str  # shown on every form and printout, word for word
    licence: str
    scorer: Callable
    change_setting: str | None = None  # Django setting that overrides change_default
    change_default: Decimal | None = None
    change_measured_on: str | None = None  # which score change is measured on

    @property
    def min_value(self) -> int:
        return min(option.value for option in self.options)

    @property
    def max_value(self) -> int:
        return max(option.value for option in self.options)

    def score(self, answers):
        return self.scorer(self, answers)

    def meaningful_change_threshold(self) -> Decimal:
        return scoring.meaningful_change_threshold(self)


WARWICK_INSTRUCTIONS = (
    "Below are some statements about feelings and thoughts. Please tick the box that best "
    "describes your experience of each over the last 2 weeks."
)
WARWICK_OPTIONS = (
    Option(1, "None of the time"),
    Option(2, "Rarely"),
    Option(3, "Some of the time"),
    Option(4, "Often"),
    Option(5, "All of the time"),
)
WARWICK_LICENCE = (
    "Free to use, but users must register with Warwick Medical School. Do not change the "
    "wording, the response categories or the layout, and do not remove items."
)

WEMWBS_TEXTS = (
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been feeling interested in other people",
    "I've had energy to spare",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling good about myself",
    "I've been feeling close to other people",
    "I've been feeling confident",
    "I've been able to make up my own mind about things",
    "I've been feeling loved",
    "I've been interested in new things",
    "I've been feeling cheerful",
)

SWEMWBS = Instrument(
    name="swemwbs",
    title="Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
    instructions=WARWICK_INSTRUCTIONS,
    items=tuple(
        Item(n, WEMWBS_TEXTS[w - 1]) for n, w in enumerate(scoring.WEMWBS_ITEMS_IN_SWEMWBS, 1)
    ),
    options=WARWICK_OPTIONS,
    copyright_notice=(
        "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
        "University of Warwick and University of Edinburgh, 2008, all rights reserved."
    ),
    licence=WARWICK_LICENCE,
    scorer=scoring.score_swemwbs,
    # Shah et al. 2018 (2.77 x SEM = 2.87) and NHS England's reliable-change threshold.
    change_setting="OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE",
    change_default=Decimal(3),
    change_measured_on="metric",
)

WEMWBS = Instrument(
    name="wemwbs",
    title="Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
    instructions=WARWICK_INSTRUCTIONS,
    items=tuple(Item(n, text) for n, text in enumerate(WEMWBS_TEXTS, 1)),
    options=WARWICK_OPTIONS,
    # Not in the project's reference, which quotes only the SWEMWBS notice: this is the
    # notice on the published scale (Tennant et al. 2007, supplementary data).
    copyright_notice=(
        "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS) © NHS Health Scotland, "
        "University of Warwick and University of Edinburgh, 2006, all rights reserved."
    ),
    licence=WARWICK_LICENCE,
    scorer=scoring.score_wemwbs,
    # Maheswaran et al. 2012 suggest about 6.6-8.6 points; NHS England uses 9.
    change_setting="OUTCOMES_WEMWBS_MEANINGFUL_CHANGE",
    change_default=Decimal(9),
    change_measured_on="raw",
)

# ONS thresholds. Anxiety runs the other way: a higher score is worse wellbeing.
ONS_BANDS = (Band("low", 0, 4), Band("medium", 5, 6), Band("high", 7, 8), Band("very_high", 9, 10))
ONS_ANXIETY_BANDS = (
    Band("very_low", 0, 1),
    Band("low", 2, 3),
    Band("medium", 4, 5),
    Band("high", 6, 10),
)

ONS4 = Instrument(
    name="ons4",
    title="ONS personal well-being questions (ONS4)",
    # Our wording of the scale's anchors, not ONS's interviewer script.
    instructions=(
        "Answer each question from 0 to 10, where 0 is 'not at all' and 10 is 'completely'."
    ),
    items=(
        Item(
            1,
            "Overall, how satisfied are you with your life nowadays?",
            "life_satisfaction",
            ONS_BANDS,
        ),
        Item(
            2,
            "Overall, to what extent do you feel that the things you do in your life are "
            "worthwhile?",
            "worthwhile",
            ONS_BANDS,
        ),
        Item(3, "Overall, how happy did you feel yesterday?", "happiness", ONS_BANDS),
        Item(4, "Overall, how anxious did you feel yesterday?", "anxiety", ONS_ANXIETY_BANDS),
    ),
    options=(
        Option(0, "Not at all"),
        *(Option(value, str(value)) for value in range(1, 10)),
        Option(10, "Completely"),
    ),
    copyright_notice=(
        "ONS personal well-being questions © Crown copyright, Office for National Statistics, "
        "reused under the Open Government Licence."
    ),
    licence="Crown copyright; free to reuse under the Open Government Licence.",
    scorer=scoring.score_questions,
)

INSTRUMENTS = {instrument.name: instrument for instrument in (SWEMWBS, WEMWBS, ONS4)}


def get_instrument(name: str) -> Instrument:
    try:
        return INSTRUMENTS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(INSTRUMENTS))
        message = f"Unknown instrument {reprlib.repr(name)}; known instruments: {known}"
        raise scoring.UnknownInstrument(message) from None
