"""Typo tolerance: a search word that is not in the directory's vocabulary is matched to
the vocabulary words within a small edit distance (or that it starts with). The
vocabulary is held in memory and reloaded when a new word has been indexed."""

import threading

from django.db.models import Max
from rapidfuzz import process
from rapidfuzz.distance import OSA

from linkwork.directory.models import SearchWord

FUZZY_FACTOR = 0.5  # a misspelt match counts half as much as an exact one


def allowed_edits(word: str) -> int:
    if len(word) <= 4:
        return 0
    return 1 if len(word) <= 7 else 2


class Vocabulary:
    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._terms: list[str] = []
        self._set: frozenset[str] = frozenset()

    def refresh(self) -> None:
        """Reload if a word has been indexed since (one cheap query per search)."""
        version = SearchWord.objects.aggregate(top=Max("pk"))["top"]
        if version != self._version:
            with self._lock:
                terms = list(SearchWord.objects.values_list("term", flat=True))
                self._terms, self._set, self._version = terms, frozenset(terms), version

    def knows(self, stems) -> bool:
        """Every one of these is a word already held (words are never taken back out)."""
        return all(stem in self._set for stem in stems)

    def expand(self, stem: str, word: str) -> dict[str, float]:
        """The indexed terms a query word may mean, each with how much a match counts."""
        if stem in self._set:
            return {stem: 1.0}
        found: dict[str, float] = {}
        edits = allowed_edits(word)
        if edits:
            for candidate in {stem, word}:
                for term, _distance, _ in process.extract(
                    candidate, self._terms, scorer=OSA.distance, score_cutoff=edits, limit=5
                ):
                    found[term] = FUZZY_FACTOR
        for cut in range(len(word) - 1, 3, -1):  # "walkng" starts with "walk"
            if word[:cut] in self._set and len(word) - cut <= 3:
                found[word[:cut]] = FUZZY_FACTOR
                break
        return found


vocabulary = Vocabulary()
