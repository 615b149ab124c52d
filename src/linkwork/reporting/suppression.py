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

BESIDE_OWN_EXPLANATION = (
    f"Your practice's own figures are shown as they are. In the HSCP's, {EXPLANATION[0].lower()}"
    f"{EXPLANATION[1:]} An HSCP figure is also hidden, shown as {HIDDEN}, where taking your "
    "practice's away would leave a small count of other practices' patients."
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


def beside_own(own: int, whole: int) -> str:
    """A count for a whole area shown beside the viewer's own part of it (a practice's
    referrals beside its HSCP's; the own part shown as it is, `of_own_records`): the whole
    is suppressed as usual, and hidden as well when taking the own part away would leave a
    small count of other people's records."""
    if not is_suppressed(whole) and is_suppressed(whole - own):
        return HIDDEN
    return suppressed(whole)


def derived_beside_own(value: str, own: list[int], whole: list[int]) -> str:
    """A figure worked out from counts (a rate, a mean) for a whole area, shown beside the
    viewer's own part: `value` is shown only when none of the counts it comes from, nor
    what is left of each once the own part is taken away, is small. Pass the numerator,
    the denominator and their difference, so that the complement is checked too."""
    left = [w - o for o, w in zip(own, whole, strict=True)]
    if any(is_suppressed(count) for count in [*whole, *left]):
        return HIDDEN
    return value


@dataclass(frozen=True)
class Table:
    cells: list[str]
    total: str


def with_total(counts: list[int]) -> Table:
    """Counts that add up to a total shown with them. Small counts are suppressed; if any
    is, the smallest larger count is hidden too (always, not only when needed, so that
    hiding it tells nothing), and the total is hidden where it could still give a small
    count away. The rule assumes its reader knows it: a test checks every small table."""
    small = {i for i, count in enumerate(counts) if is_suppressed(count)}
    larger = sorted((c, i) for i, c in enumerate(counts) if c >= SUPPRESS_BELOW)
    second = {larger[0][1]} if small and larger else set()
    cells = [
        SMALL if i in small else HIDDEN if i in second else str(count)
        for i, count in enumerate(counts)
    ]
    total = sum(counts)
    if small and _total_gives_away(counts, small, second, total):
        return Table(cells, HIDDEN)
    return Table(cells, suppressed(total))


def _total_gives_away(counts, small: set, second: set, total: int) -> bool:
    if is_suppressed(total):  # only small counts, under a total shown as <5 too
        return _pins(counts, small, second, 1, SUPPRESS_BELOW - 1)
    if not any(c >= SUPPRESS_BELOW for i, c in enumerate(counts) if i not in second):
        # No larger count left shown: whether the total would pin the hidden counts depends
        # on those very counts, so hiding it only then would itself tell. Always hide it.
        return True
    return _pins(counts, small, second, total, total)


def _pins(counts, small: set, second: set, total_low: int, total_high: int) -> bool:
    """Would a reader who knows each hidden count's bounds and that the total lies from
    `total_low` to `total_high` be left with one possible value for some small count? A
    small count lies from 1 to 4; the hidden larger one from 5 to the smallest count still
    shown (one less, if that comes first: ties hide the first)."""
    shown = {j: c for j, c in enumerate(counts) if j not in small | second}
    caps = [c if min(second) < j else c - 1 for j, c in shown.items() if c >= SUPPRESS_BELOW]
    lows = [SUPPRESS_BELOW] * len(second) + [1] * len(small)
    highs = [min(caps, default=inf)] * len(second) + [SUPPRESS_BELOW - 1] * len(small)
    hidden_low, hidden_high = total_low - sum(shown.values()), total_high - sum(shown.values())
    for i in range(len(second), len(lows)):  # each small count
        low = max(lows[i], hidden_low - (sum(highs) - highs[i]))
        high = min(highs[i], hidden_high - (sum(lows) - lows[i]))
        if low >= high:
            return True
    return False


def columns_with_totals(columns: list[list[int]]) -> list[Table]:
    """A table of several counts per row, each column adding up to a total shown beneath
    it, and no row total (a partner's received, accepted and attended by quarter and need,
    which do not add across): each column suppressed with its total as `with_total` does,
    so no column's total gives one of its hidden counts away."""
    return [with_total(column) for column in columns]
