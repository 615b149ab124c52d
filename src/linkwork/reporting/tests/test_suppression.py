"""The one suppression rule: small counts hidden, and a total never gives one away."""

from itertools import product

import pytest

from linkwork.reporting.suppression import HIDDEN, SMALL, suppressed, with_total


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
        ([2, 3, 30], ["<5", "<5", "*"], "35"),
        ([1, 1, 10, 20], ["<5", "<5", "*", "20"], "32"),
        ([1, 5], ["<5", "*"], "*"),  # 6 would say 1 + 5: the total goes too
        ([4, 4], ["<5", "<5"], "*"),  # 8 would say 4 + 4
        ([3, 4], ["<5", "<5"], "7"),  # 7: 3 + 4 or 4 + 3
        ([1, 2], ["<5", "<5"], "<5"),
        ([1, 1, 1, 1], ["<5", "<5", "<5", "<5"], "*"),  # "<5" would say 1 each
        ([0, 0], ["0", "0"], "0"),
    ],
)
def test_a_total_never_lets_a_small_count_be_worked_out(counts, cells, total):
    assert with_total(counts) == type(with_total(counts))(cells, total)


def _possible_values(table, counts):
    """What a reader of `table` could take each small cell to be: every assignment of the
    hidden cells within their bounds (1-4; 5 up to the smallest count shown) that fits the
    total as shown. Returns {cell: set of values}."""
    small = [i for i, cell in enumerate(table.cells) if cell == SMALL]
    hidden = [i for i, cell in enumerate(table.cells) if cell == HIDDEN]
    shown = {i: int(cell) for i, cell in enumerate(table.cells) if cell not in (SMALL, HIDDEN)}
    cap = min([c for c in shown.values() if c >= 5], default=60)
    totals = {"*": range(0, 1000), "<5": range(1, 5)}.get(table.total) or [int(table.total)]
    possible = {i: set() for i in small}
    for guess in product(range(1, 5), repeat=len(small)):
        for larger in product(range(5, cap + 1), repeat=len(hidden)):
            if sum(guess) + sum(larger) + sum(shown.values()) in totals:
                for i, value in zip(small, guess, strict=True):
                    possible[i].add(value)
    return possible


def test_no_small_count_in_any_small_table_can_be_worked_out():
    """Every table of up to four counts drawn from awkward values: each small count shown
    as <5 could still be at least two different numbers."""
    values = [0, 1, 2, 4, 5, 6, 9]
    for size in range(1, 5):
        for counts in product(values, repeat=size):
            table = with_total(list(counts))
            for cell, could_be in _possible_values(table, counts).items():
                assert len(could_be) > 1, (counts, table, cell, could_be)
                assert counts[cell] in could_be
