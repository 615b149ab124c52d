"""Words as search compares them: lower case, accents folded, stop words dropped, stemmed
(Snowball English), so "walking groups" and "walk group" meet. The same code indexes and
queries, on SQLite and PostgreSQL alike."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_TERM = 40
# Words that say nothing about a service (and the worker's framing: "near", "someone").
_STOP = (
    "a about an and are as at be by can for from has have help in into is it its near of on or "
    "our people person service services some someone something that the their them they this "
    "to up we who will with within you your"
)
STOP_WORDS = frozenset(_STOP.split())
_WORD = re.compile(r"[a-z0-9]+")
_stemmer = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The meaningful words of `text`, folded, in order."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS and len(w) > 1]


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)[:MAX_TERM]


def terms(text: str) -> list[str]:
    """Stemmed words, duplicates removed, in order of first appearance."""
    return list(dict.fromkeys(stem(w) for w in words(text)))
