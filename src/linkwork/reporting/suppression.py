"""Small-number suppression: the one rule for hiding counts that could identify people.

Counts from 1 to SUPPRESS_BELOW - 1 are shown as "<SUPPRESS_BELOW"; zero is shown,
as it identifies no one. Public Health Scotland's statistical disclosure control
protocol suppresses small counts in the same way (threshold 5 is its common choice),
and hides a second count where a total would otherwise give a small one away
(secondary suppression): `with_total` below. Every page, API response and export that a
commissioner or community partner can open shows counts of people only through here.
"""

from dataclasses import dataclass
from math import inf

SUPPRESS_BELOW = 5
SMALL = f"<{SUPPRESS_BELOW}"  # a count from 1 to SUPPRESS_BELOW - 1
HIDDEN = "*"  # a larger count hidden so that a small one cannot be worked out
EXPLANATION = (
    f"Counts from 1 to {SUPPRESS_BELOW - 1} are shown as {SMALL} so that no one can be identified."
)
TOTAL_EXPLANATION = (
    f"{EXPLANATION} So that the total cannot give one away, the next smallest count is "
    f"hidden too, shown as {HIDDEN}; a total that still would is hidden as well."
)


def is_suppressed(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def suppressed(count: int) -> str:
    return SMALL if is_suppressed(count) else str(count)


def of_own_records(count: int) -> str:
    """A count of records the viewer opens one by one anyway (a community partner's
    referrals to their own organisation, listed beside it): it tells them nothing the list
    does not, so it is not a statistic and is shown as it is."""
    return str(count)


@dataclass(frozen=True)
class Table:
    cells: list[str]
    total: str


def with_total(counts: list[int]) -> Table:
    """Counts that add up to a total shown with them. Small counts are suppressed; if any
    is, the smallest larger count is hidden too (always, so that hiding it says nothing
    more), and the total is hidden if the hidden counts' bounds and sum would still leave
    a small one with a single possible value."""
    small = {i for i, count in enumerate(counts) if is_suppressed(count)}
    larger = sorted((c, i) for i, c in enumerate(counts) if c >= SUPPRESS_BELOW)
    second = {larger[0][1]} if small and larger else set()
    cells = [
        SMALL if i in small else HIDDEN if i in second else str(count)
        for i, count in enumerate(counts)
    ]
    total = sum(counts)
    low, high = (1, SUPPRESS_BELOW - 1) if is_suppressed(total) else (total, total)
    if small and _gives_away(counts, small, second, low, high):
        return Table(cells, HIDDEN)
    return Table(cells, suppressed(total))


def _gives_away(counts, small: set, second: set, total_low: int, total_high: int) -> bool:
    """Would a reader who knows each hidden count's bounds (1 to 4 for a small one; from 5
    to the smallest count still shown for the hidden larger one, the smallest of them) and
    that the total lies from `total_low` to `total_high` be left with one possible value
    for some small count?"""
    shown = [c for i, c in enumerate(counts) if i not in small | second]
    cap = min((c for c in shown if c >= SUPPRESS_BELOW), default=inf)
    lows = [SUPPRESS_BELOW] * len(second) + [1] * len(small)
    highs = [cap] * len(second) + [SUPPRESS_BELOW - 1] * len(small)
    hidden_low, hidden_high = total_low - sum(shown), total_high - sum(shown)
    for i in range(len(second), len(lows)):  # each small count
        low = max(lows[i], hidden_low - (sum(highs) - highs[i]))
        high = min(highs[i], hidden_high - (sum(lows) - lows[i]))
        if low >= high:
            return True
    return False
