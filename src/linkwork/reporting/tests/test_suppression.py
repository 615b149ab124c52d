"""The one suppression rule: small counts hidden, and a total never gives one away."""

from collections import defaultdict
from itertools import product

import pytest

from linkwork.reporting.suppression import (
    HIDDEN,
    SMALL,
    SUPPRESS_BELOW,
    CrossTable,
    Suppressed,
    Table,
    cross_table,
    derived,
    suppressed,
    with_total,
)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "<5"), (2, "<5"), (4, "<5"), (5, "5"), (123, "123")]
)
def test_counts_from_one_to_four_are_suppressed(count, shown):
    assert suppressed(count) == shown


@pytest.mark.parametrize(
    ("counts", "cells", "total"),
    [
        ([7, 9, 0], ["7", "9", "0"], "16"),  # nothing small: everything shown
        ([1, 10, 12], ["<5", "*", "12"], "23"),  # 23 - 12 = 11: the 1 is not given away
        ([2, 3, 30, 40], ["<5", "<5", "*", "40"], "75"),
        ([2, 3, 30], ["<5", "<5", "*"], "*"),  # no larger count left shown: never a total
        ([1, 1, 10, 20], ["<5", "<5", "*", "20"], "32"),
        ([1, 5], ["<5", "*"], "*"),  # 6 would say 1 + 5: the total goes too
        ([4, 4], ["<5", "<5"], "*"),  # 8 would say 4 + 4
        ([3, 4], ["<5", "<5"], "*"),  # hidden as 8 is: else hiding it would tell
        ([1, 2], ["<5", "<5"], "<5"),
        ([1, 1, 1, 1], ["<5", "<5", "<5", "<5"], "*"),  # "<5" would say 1 each
        ([0, 0], ["0", "0"], "0"),
    ],
)
def test_a_total_never_lets_a_small_count_be_worked_out(counts, cells, total):
    assert with_total(counts) == Table(cells, total)


def test_no_small_count_in_any_small_table_can_be_worked_out():
    """A reader who knows this rule sees a table and asks which counts could have made it.
    For every table of up to four counts, each count shown as <5 must remain at least two
    possible numbers. (Tables whose candidates reach the largest count tried are skipped:
    their other candidates lie beyond it.)"""
    for size, largest in ((1, 15), (2, 15), (3, 15), (4, 11)):
        could_have_made = defaultdict(list)
        for counts in product(range(largest + 1), repeat=size):
            table = with_total(list(counts))
            could_have_made[(tuple(table.cells), table.total)].append(counts)
        for (cells, total), candidates in could_have_made.items():
            if any(largest in candidate for candidate in candidates):
                continue
            for i in (i for i, cell in enumerate(cells) if cell == SMALL):
                values = {candidate[i] for candidate in candidates}
                assert len(values) > 1, (cells, total, candidates)


# --- Cross tables: counts by two things, with row and column totals -------------------


def recoverable(cells, row_totals, column_totals, total, largest=40) -> dict:
    """An attacker who sees a cross table and knows only what each symbol means (<5 is 1
    to 4, * is a count of 5 or more hidden, a shown total is the sum of its line) tries
    every table that fits and returns, for each <5 cell, the values it could hold."""
    unknown = [(r, c) for r, row in enumerate(cells) for c, cell in enumerate(row)]
    unknown = [(r, c) for r, c in unknown if not cells[r][c].isdigit()]
    ranges = [
        range(1, SUPPRESS_BELOW) if cells[r][c] == SMALL else range(SUPPRESS_BELOW, largest + 1)
        for r, c in unknown
    ]
    possible = defaultdict(set)
    for values in product(*ranges):
        table = [[int(cell) if cell.isdigit() else 0 for cell in row] for row in cells]
        for (r, c), value in zip(unknown, values, strict=True):
            table[r][c] = value
        if _fits(table, row_totals, column_totals, total):
            for (r, c), value in zip(unknown, values, strict=True):
                if cells[r][c] == SMALL:
                    possible[(r, c)].add(value)
    return possible


def _fits(table, row_totals, column_totals, total) -> bool:
    lines = [(row, shown) for row, shown in zip(table, row_totals, strict=True)]
    lines += [
        (list(column), shown)
        for column, shown in zip(zip(*table, strict=True), column_totals, strict=True)
    ]
    lines.append(([sum(row) for row in table], total))
    return all(not shown.isdigit() or sum(line) == int(shown) for line, shown in lines)


def naive(counts):
    """Each small cell hidden alone, every total shown: what the rule must not do."""
    cells = [[suppressed(count) for count in row] for row in counts]
    rows = [str(sum(row)) for row in counts]
    columns = [str(sum(column)) for column in zip(*counts, strict=True)]
    return cells, rows, columns, str(sum(map(sum, counts)))


def test_the_attacker_recovers_a_count_hidden_alone_from_its_row_total():
    possible = recoverable(*naive([[1, 8], [6, 9]]))
    assert possible == {(0, 0): {1}}  # 9 - 8


@pytest.mark.parametrize(
    "counts",
    [
        [[1, 8], [6, 9]],
        [[1, 5], [5, 9]],
        [[3, 0, 12], [7, 2, 9], [10, 11, 6]],
        [[0, 0, 4], [6, 7, 8]],
        [[1, 1], [1, 1]],
        [[2, 30, 40], [25, 35, 45]],
    ],
)
def test_no_small_count_is_recovered_from_row_and_column_totals(counts):
    table = cross_table(counts)
    shown = (table.cells, table.row_totals, table.column_totals, table.total)
    possible = recoverable(*shown)
    small = [(r, c) for r, row in enumerate(counts) for c, n in enumerate(row) if 0 < n < 5]
    assert small
    assert set(possible) == set(small)
    assert all(len(values) > 1 for values in possible.values()), possible


def test_a_cross_table_hides_a_second_count_and_the_totals_that_would_tell():
    table = cross_table([[1, 8], [6, 9]])
    # The 1 is <5; the smallest larger count (6) is hidden with it; the grand total 24
    # leaves 7 for the two: 1 + 6, 2 + 5: shown.
    assert table == CrossTable(
        cells=[["<5", "8"], ["*", "9"]],
        row_totals=["*", "*"],
        column_totals=["*", "17"],
        total="24",
    )


def test_a_cross_table_with_nothing_small_shows_everything():
    table = cross_table([[5, 0], [6, 7]])
    assert table == CrossTable([["5", "0"], ["6", "7"]], ["5", "13"], ["11", "7"], "18")


def test_no_small_count_in_any_small_cross_table_can_be_worked_out():
    """As for lists: a reader who knows the rule groups every 2 by 2 table by what it
    shows; each <5 cell must keep at least two possible values."""
    largest = 11
    could_have_made = defaultdict(list)
    for counts in product(range(largest + 1), repeat=4):
        table = cross_table([list(counts[:2]), list(counts[2:])])
        shown = (
            tuple(map(tuple, table.cells)),
            tuple(table.row_totals),
            tuple(table.column_totals),
            table.total,
        )
        could_have_made[shown].append(counts)
    for shown, candidates in could_have_made.items():
        if any(largest in candidate for candidate in candidates):
            continue
        cells = [cell for row in shown[0] for cell in row]
        for i in (i for i, cell in enumerate(cells) if cell == SMALL):
            assert len({candidate[i] for candidate in candidates}) > 1, (shown, candidates)


@pytest.mark.parametrize(
    ("text", "counts", "shown"),
    [("62%", (5, 8), "62%"), ("25%", (1, 4), "<5"), ("80%", (4, 5), "<5"), ("0%", (0, 9), "0%")],
)
def test_a_figure_worked_out_from_a_small_count_is_not_shown(text, counts, shown):
    assert derived(text, *counts) == shown


@pytest.mark.parametrize(
    ("shown", "figure"),
    [(("8", "13"), "62%"), (("<5", "13"), "*"), (("8", "*"), "*"), (("0", "13"), "62%")],
)
def test_a_share_hidden_on_a_page_is_never_shown_as_under_5(shown, figure):
    """Beside a share, a median or an amount, "<5" reads as its value (under 5%, under
    5 days, under £5): a figure worked out from a hidden count is "*", as the pages'
    explanation says."""
    assert Suppressed().derived("62%", *shown) == figure
    assert f"worked out from a hidden count is shown as {HIDDEN}" in Suppressed().explanation
