"""A whole area's figures beside the viewer's own part of it: the own part is shown, so
the whole must not let a small count of everyone else's be worked out by subtraction."""

import pytest

from linkwork.reporting.suppression import (
    HIDDEN,
    SMALL,
    beside_own,
    columns_with_totals,
    derived_beside_own,
)


@pytest.mark.parametrize(
    ("own", "whole", "shown"),
    [
        (3, 8, "8"),  # others 5
        (3, 7, HIDDEN),  # others 4: 7 - 3 would give it away
        (3, 3, "<5"),  # small itself; others 0 identifies no one
        (10, 10, "10"),  # all the HSCP's are the practice's own
        (0, 2, SMALL),
        (0, 0, "0"),
    ],
)
def test_a_whole_beside_its_own_part(own, whole, shown):
    assert beside_own(own, whole) == shown


def test_a_rate_is_hidden_when_any_count_behind_it_or_what_is_left_is_small():
    # 12 of 20 beside own 2 of 6: others 10 of 14, not engaged 8 and 4 (small).
    assert derived_beside_own("60.0%", [2, 6, 4], [12, 20, 8]) == HIDDEN
    # 12 of 20 beside own 2 of 5: others 10 of 15, rest 5: shown.
    assert derived_beside_own("60.0%", [2, 5, 3], [12, 20, 8]) == "60.0%"
    # 4 of 20: the numerator itself is small.
    assert derived_beside_own("20.0%", [0, 0, 0], [4, 20, 16]) == HIDDEN


def test_each_column_is_suppressed_with_its_own_total():
    received, attended = columns_with_totals([[1, 2, 6, 7], [0, 0, 5, 3]])
    assert (received.cells, received.total) == (["<5", "<5", "*", "7"], "16")
    assert (attended.cells, attended.total) == (["0", "0", "*", "<5"], "*")
