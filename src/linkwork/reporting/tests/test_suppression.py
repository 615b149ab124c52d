"""The one suppression rule: small counts hidden, and a total never gives one away."""

from collections import defaultdict
from itertools import product

import pytest

from linkwork.reporting.suppression import SMALL, Table, suppressed, with_total


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
