"""Synthetic practice population profiles for the demo practices: registered patients by
sex, age band and SIMD decile, adding up to each practice's list size, as at the start of
the current quarter (Public Health Scotland publishes practice populations quarterly)."""

import csv
from collections import Counter
from datetime import date

from linkwork.demo.places import SYNTHETIC_FILE
from linkwork.organisations.models import AGE_BANDS, Practice
from linkwork.organisations.population import LoadReport, PopulationRow, replace_profiles

# Roughly Scotland's registered population by age band (per cent), and the share of each
# band that is female (women outlive men).
AGE_SHARES = (5.0, 10.5, 11.5, 27.5, 26.5, 10.5, 6.2, 2.3)
FEMALE_SHARES = (0.49, 0.49, 0.50, 0.50, 0.51, 0.52, 0.56, 0.66)
SIMD_NOT_KNOWN = 0.02  # patients whose postcode has no decile
ANY_DECILE = 0.02  # a few patients from every decile, beside the area's own mix


def quarter_start(today: date) -> date:
    return date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


def seed_population(*, rng, practices: list[Practice], today: date) -> LoadReport:
    as_at = quarter_start(today)
    by_area = _deciles_by_area()
    rows = [
        row
        for practice in practices
        for row in _profile(
            rng, practice, as_at, by_area.get(practice.postcode.split()[0], Counter())
        )
    ]
    codes = {practice.pk: practice.code for practice in practices}
    return replace_profiles(rows, codes, LoadReport(), by=None, request=None, name="demo")


def _deciles_by_area() -> dict[str, Counter]:
    """How many of the demo's postcodes in each postcode district lie in each SIMD decile
    (the synthetic lookup the demo's people are given postcodes from)."""
    found: dict[str, Counter] = {}
    with SYNTHETIC_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            district = row["pc8"].split()[0]
            found.setdefault(district, Counter())[int(row["simd2020v2_sc_decile"])] += 1
    return found


def _profile(rng, practice: Practice, as_at: date, deciles_here: Counter) -> list[PopulationRow]:
    known = sum(deciles_here.values()) or 1
    weights = [
        (deciles_here[decile] / known + ANY_DECILE) * rng.uniform(0.8, 1.2)
        for decile in range(1, 11)
    ]
    deciles = [None, *range(1, 11)]
    decile_shares = [SIMD_NOT_KNOWN] + [(1 - SIMD_NOT_KNOWN) * w / sum(weights) for w in weights]
    cells, shares = [], []
    for (band, _, _), age_share, female in zip(AGE_BANDS, AGE_SHARES, FEMALE_SHARES, strict=True):
        for sex, sex_share in (("female", female), ("male", 1 - female)):
            for decile, decile_share in zip(deciles, decile_shares, strict=True):
                cells.append((sex, band, decile))
                shares.append(age_share / 100 * sex_share * decile_share)
    patients = _whole_numbers(shares, practice.list_size or 6000)
    return [
        PopulationRow(0, practice.pk, as_at, sex, band, decile, n)
        for (sex, band, decile), n in zip(cells, patients, strict=True)
        if n
    ]


def _whole_numbers(shares: list[float], total: int) -> list[int]:
    """Shares of `total` as whole numbers that add up to it (largest remainders first)."""
    exact = [share / sum(shares) * total for share in shares]
    whole = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: whole[i] - exact[i])
    for i in by_remainder[: total - sum(whole)]:
        whole[i] += 1
    return whole
