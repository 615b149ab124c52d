"""Small-number suppression: the one rule for hiding counts that could identify people.

Counts from 1 to SUPPRESS_BELOW - 1 are shown as "<SUPPRESS_BELOW"; zero is shown,
as it identifies no one. Public Health Scotland's statistical disclosure control
protocol suppresses small counts in the same way (threshold 5 is its common choice),
and hides a second count where a total would otherwise give a small one away
(secondary suppression): `with_total` below, and `cross_table` for counts by two things
with row and column totals. Every page, API response and export that a commissioner or
community partner can open shows counts of people only through here. The threshold is
the setting SMALL_NUMBER_THRESHOLD (5 unless set).
"""

from dataclasses import dataclass
from math import inf

from django.conf import settings

SUPPRESS_BELOW = settings.SMALL_NUMBER_THRESHOLD
SMALL = f"<{SUPPRESS_BELOW}"  # a count from 1 to SUPPRESS_BELOW - 1
HIDDEN = "*"  # a larger count hidden so that a small one cannot be worked out
EXPLANATION = (
    f"Counts from 1 to {SUPPRESS_BELOW - 1} are shown as {SMALL} so that no one can be identified."
)
TOTAL_EXPLANATION = (
    f"{EXPLANATION} So that the total cannot give one away, the next smallest count is "
    f"hidden too, shown as {HIDDEN}; a total that still would is hidden as well. A share, "
    f"rate, mean or amount worked out from a hidden count is shown as {HIDDEN} too."
)

AS_RECORDED_IN_FILES = (
    f"Counts are as recorded, not suppressed: a count from 1 to {SUPPRESS_BELOW - 1} can "
    "identify someone. Keep this file to people who may see these people's records; for "
    f"a return that leaves the team, use the programme summary, where they show as {SMALL}."
)

BESIDE_OWN_EXPLANATION = (
    f"Your practice's own figures are shown as they are. In the HSCP's, {EXPLANATION[0].lower()}"
    f"{EXPLANATION[1:]} An HSCP figure is also hidden, shown as {HIDDEN}, where taking your "
    "practice's away (all of your practices' in that HSCP, if you work at several) would "
    "leave a small count of other practices' patients."
)


def is_suppressed(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def suppressed(count: int) -> str:
    return SMALL if is_suppressed(count) else str(count)


def derived(text: str, *counts: int) -> str:
    """A figure worked out from counts (a rate, a mean change): shown as SMALL when any of
    them is suppressed, since with the others it would give that count away."""
    return SMALL if any(is_suppressed(count) for count in counts) else text


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


@dataclass(frozen=True)
class CrossTable:
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str


def cross_table(counts: list[list[int]]) -> CrossTable:
    """Counts by two things at once (month by source, worker by complexity) with row and
    column totals. The cells, read row by row, are suppressed as one list by `with_total`
    under the grand total; a row or column total is shown only where every cell of its line
    is shown (so it is their sum and tells nothing more), and hidden otherwise, whatever it
    is. A reader who knows this rule so learns from a cross table what they would from
    `with_total`'s list: never a small count."""
    width = len(counts[0]) if counts else 0
    flat = with_total([count for row in counts for count in row])
    cells = [flat.cells[r * width : (r + 1) * width] for r in range(len(counts))]
    columns = [[row[c] for row in counts] for c in range(width)]
    return CrossTable(
        cells=cells,
        row_totals=[_margin(shown, row) for shown, row in zip(cells, counts, strict=True)],
        column_totals=[_margin([row[c] for row in cells], columns[c]) for c in range(width)],
        total=flat.total,
    )


def _margin(shown: list[str], counts: list[int]) -> str:
    return str(sum(counts)) if all(cell.isdigit() for cell in shown) else HIDDEN


def nested(counts: list[int]) -> list[str]:
    """Counts each within the one before (a funnel: referred, contacted, engaged...). The
    drop between two stages is a count of people too, so the drops and the last stage are
    suppressed as one list by `with_total` under the first stage; a later stage is shown
    only where every drop after it is shown (it is then their sum)."""
    drops = [a - b for a, b in zip(counts, counts[1:], strict=False)] + counts[-1:]
    table = with_total(drops)
    return [table.total] + [
        str(count) if all(cell.isdigit() for cell in table.cells[k:]) else HIDDEN
        for k, count in enumerate(counts[1:], start=1)
    ]


class AsRecorded:
    """Counts as they are, for a page whose viewer may open every person counted (a team
    lead's own team)."""

    suppresses = False
    explanation = ""
    # Said in every file taken from the page: a file travels, the page does not.
    in_files = AS_RECORDED_IN_FILES

    def count(self, count: int) -> str:
        return str(count)

    def with_total(self, counts: list[int], total_known: bool = False) -> Table:
        return Table([str(count) for count in counts], str(sum(counts)))

    def cross_table(self, counts: list[list[int]], total_known: bool = False) -> CrossTable:
        columns = [list(column) for column in zip(*counts, strict=True)]
        return CrossTable(
            cells=[[str(count) for count in row] for row in counts],
            row_totals=[str(sum(row)) for row in counts],
            column_totals=[str(sum(column)) for column in columns],
            total=str(sum(map(sum, counts))),
        )

    def nested(self, counts: list[int], total_known: bool = False) -> list[str]:
        return [str(count) for count in counts]

    def derived(self, text: str, *shown: str) -> str:
        return text


class Suppressed(AsRecorded):
    """The rule above, for every page a role that may not see named people opens.

    `total_known`: the table's total is shown elsewhere on the page (the referrals figure
    is the total of referrals by month, by area and the top of the engagement funnel;
    paired leavers that of both wellbeing columns), so hiding it here would protect
    nothing. Where the rule would hide it, every count but the zeros is hidden instead
    (as *, which then says only "not shown"), and the total shown as itself."""

    suppresses = True
    explanation = TOTAL_EXPLANATION
    in_files = TOTAL_EXPLANATION

    def count(self, count: int) -> str:
        return suppressed(count)

    def with_total(self, counts: list[int], total_known: bool = False) -> Table:
        table = with_total(counts)
        if total_known and table.total == HIDDEN:
            return Table(_all_hidden(counts), suppressed(sum(counts)))
        return table

    def cross_table(self, counts: list[list[int]], total_known: bool = False) -> CrossTable:
        table = cross_table(counts)
        if not (total_known and table.total == HIDDEN):
            return table
        columns = [list(column) for column in zip(*counts, strict=True)]
        return CrossTable(
            [_all_hidden(row) for row in counts],
            _all_hidden([sum(row) for row in counts]),
            _all_hidden([sum(column) for column in columns]),
            suppressed(sum(map(sum, counts))),
        )

    def nested(self, counts: list[int], total_known: bool = False) -> list[str]:
        shown = nested(counts)
        if total_known and shown[0] == HIDDEN:
            return [suppressed(counts[0]), *_all_hidden(counts[1:])]
        return shown

    def derived(self, text: str, *shown: str) -> str:
        """A figure worked out from counts as shown (a share, a median, an amount): shown
        only when they are, since it would otherwise give a hidden one away. Hidden, it is
        HIDDEN and never SMALL: "<5" in a column of shares, days or pounds reads as the
        figure's value (under 5%, under 5 days, under £5), not as a count of people."""
        return text if all(cell.isdigit() for cell in shown) else HIDDEN


def _all_hidden(counts: list[int]) -> list[str]:
    return [HIDDEN if count else "0" for count in counts]
