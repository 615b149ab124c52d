"""The synthetic SIMD table shipped for the demo: invented data zones and deciles for
postcodes that are valid in form, so demo people's postcodes resolve to a decile."""

import csv
from functools import cache
from pathlib import Path

from linkwork.places.centroids import load_centroid_file
from linkwork.places.services import load_simd_file

SYNTHETIC_FILE = Path(__file__).parent / "data" / "synthetic_simd_demo.csv"


def load_synthetic() -> int:
    """Load the synthetic table (again, harmlessly); returns how many postcodes were new."""
    return len(load_simd_file(path=SYNTHETIC_FILE, synthetic=True).created)


def synthetic_postcodes(outward: str | None = None) -> list[str]:
    """The synthetic table's postcodes, sorted; only those in `outward` (e.g. 'G51') if given."""
    if outward is None:
        return list(_all_synthetic())
    prefix = outward.strip().upper() + " "
    return [postcode for postcode in _all_synthetic() if postcode.startswith(prefix)]


@cache
def _all_synthetic() -> tuple[str, ...]:
    with SYNTHETIC_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple(sorted(row["pc8"] for row in csv.DictReader(handle)))


SYNTHETIC_CENTROIDS = Path(__file__).parent / "data" / "synthetic_postcode_centroids.csv"


def load_synthetic_centroids() -> int:
    """Load the synthetic centroid table (again, harmlessly); returns how many were new."""
    return len(load_centroid_file(path=SYNTHETIC_CENTROIDS, synthetic=True).created)


@cache
def synthetic_centroid_postcodes() -> tuple[str, ...]:
    with SYNTHETIC_CENTROIDS.open(newline="", encoding="utf-8") as handle:
        return tuple(row["Postcode"] for row in csv.DictReader(handle))
