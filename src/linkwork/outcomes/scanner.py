"""Scan free text for what could identify someone, before a story may be shared.

It warns; it does not decide. A worker reads the warnings and either edits the story
or confirms they checked it. CHI numbers and postcodes are recognised by the project's
own rules (`core/chi.py`, `core/postcodes.py`); street addresses by a house number and
capitalised words before a street word; names are the people known on the case
plus a list of common first names (`data/first_names.txt`).
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from linkwork.core.chi import check_chi
from linkwork.core.postcodes import is_valid_postcode

KIND_LABELS = {
    "name": "a name",
    "chi": "a CHI number",
    "date": "a date, which may be a date of birth",
    "postcode": "a postcode",
    "address": "an address",
    "phone": "a phone number",
    "email": "an email address",
}
MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august"
    "|sep|sept|september|oct|october|nov|november|dec|december"
)
YEAR = r"(?:\d{4}|'?\d{2})"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
PATTERNS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # Ten digits, spaced or dashed anywhere (150782 4130, 150-782-4130); the checksum decides.
    ("chi", re.compile(r"(?<![\d+])(?<!\d[ -])\d(?:[ -]?\d){9}(?![ -]?\d)")),
    # UK numbers: 0141 123 4567, 07700 900123, 07700-900-123, +44 7700 900123,
    # +44 (0)141 123 4567, (0141) 123 4567.
    (
        "phone",
        re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)\d(?:\)?[\s-]?\d){8,9}(?![\d])"),
    ),
    ("date", re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)")),
    ("date", re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")),
    ("date", re.compile(rf"\b{DAY}[\s-]+(?:of\s+)?(?:{MONTHS})\.?,?[\s-]+{YEAR}\b", re.I)),
    ("date", re.compile(rf"\b(?:{MONTHS})\.?\s+{DAY},?\s+\d{{4}}\b", re.I)),
    ("date", re.compile(r"\b(?:born|dob|d\.o\.b\.?)\b[^.\n]{0,30}?\b(?:19|20)\d{2}\b", re.I)),
    ("postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)),
]
STREET_WORDS = (
    "road|rd|street|st|avenue|ave|crescent|cres|drive|dr|terrace|terr|court|ct|place|pl"
    "|lane|ln|gardens|gdns|way|close|square|sq|grove|wynd|brae|row|walk|quadrant|loan|view"
)
# A house number (12, 3a, 2/1 for a Glasgow flat) and one to three capitalised words
# before a street word: "12 Byres Road", "3a St Vincent Street", "45 Main St". The
# capitals keep "took 2 buses down the road" out.
ADDRESS = re.compile(
    rf"(?<![\w/£$.,])\d{{1,4}}[a-z]?(?:/\d{{1,2}})?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}"
    rf"(?i:{STREET_WORDS})\b\.?"
)
PATTERNS.insert(0, ("address", ADDRESS))  # before dates: "2/1, 45 Main St" is no date

# Words that introduce a name: a title (then any word, "mrs smith" too), or the person
# saying who someone is (then capitalised words only: "my name is not important" passes).
TITLE_CUE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse)\.?\s+", re.I)
SAYING_CUE = re.compile(
    r"\b(?:my name is|my name's|i am called|i'm called|called|named|call me)\s+", re.I
)
ANY_WORD = re.compile(r"[^\W\d_][\w'’-]*")
NAME_WORD = re.compile(r"[A-Z][\w'’-]+")
WORD = re.compile(r"\b[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?\b")
POSSESSIVE = re.compile(r"['’]s$", re.I)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def __str__(self) -> str:
        return f"{self.label}: “{self.text}”"


@cache
def first_names() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "first_names.txt"
    return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())


def scan(text: str, *, known_names=()) -> list[Finding]:
    """Everything in `text` that may identify someone, in the order it appears."""
    findings: list[Finding] = []
    taken: list[range] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if _overlaps(taken, match) or not _confirmed(kind, match.group()):
                continue
            taken.append(range(match.start(), match.end()))
            findings.append(Finding(kind, match.group().strip(), match.start()))
    findings += _names(text, known_names, taken)
    return sorted(findings, key=lambda finding: finding.start)


def acknowledgement(findings: list[Finding]) -> str:
    """A short code for exactly these findings. Marking a story shareable needs the code
    of what a scan of its current words finds, so a worker (or API client) can only
    confirm warnings they were shown: new words, new findings, new code."""
    if not findings:
        return ""
    listed = "\n".join(sorted(f"{f.kind}\t{f.text}" for f in findings))
    return hashlib.sha256(listed.encode()).hexdigest()[:16]


def _overlaps(taken: list[range], match) -> bool:
    return any(match.start() < span.stop and span.start < match.end() for span in taken)


def _confirmed(kind: str, found: str) -> bool:
    """A shape is not enough for these two: the number or code must be a real one."""
    if kind == "chi":
        return check_chi(re.sub(r"[ -]", "", found)).is_valid
    if kind == "postcode":
        return is_valid_postcode(found)
    return True


def _cued(text: str) -> set[int]:
    """Where a name may start: up to two words after a title or "my name is"."""
    starts = set()
    for cues, first in ((TITLE_CUE, ANY_WORD), (SAYING_CUE, NAME_WORD)):
        for cue in cues.finditer(text):
            at, shape = cue.end(), first
            for _ in range(2):
                word = shape.match(text, at)
                if word is None:
                    break
                starts.add(word.start())
                at, shape = word.end(), NAME_WORD  # a second word only if capitalised
                while at < len(text) and text[at] == " ":
                    at += 1
    return starts


def _names(text: str, known_names, taken: list[range]) -> list[Finding]:
    known = {
        part.casefold()
        for name in known_names
        for part in re.split(r"[\s-]+", name or "") + [name or ""]
        if len(part) > 1
    }
    cued = _cued(text)
    found = []
    for match in re.finditer(r"\b[\w'’-]+\b", text):
        word = POSSESSIVE.sub("", match.group())
        if _overlaps(taken, match):
            continue
        is_known = word.casefold() in known
        is_first_name = WORD.fullmatch(word) and word in first_names()
        if is_known or is_first_name or match.start() in cued:
            found.append(Finding("name", word, match.start()))
    return found
