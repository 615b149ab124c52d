"""The dashboards' figures, pinned on scenario.py's programme by hand, and the
suppression of a funnel and of tables whose total the page shows elsewhere."""

from datetime import date

import pytest

from linkwork.casework.models import Case
from linkwork.reporting import definitions as figures
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.suppression import AsRecorded, Suppressed, Table, nested
from linkwork.reporting.tests.scenario import PERIOD
from linkwork.reporting.tests.test_suppression import recoverable

APRIL, MAY, JUNE = date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)


def test_months_of_a_period_across_a_new_year():
    period = Period(date(2026, 11, 15), date(2027, 2, 1))
    assert figures.months(period) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]


def test_referrals_by_month_and_source(programme):
    # April R2, R7, R8, R12b; May R9, R10, R11, R13b; June R3; every one from a GP.
    assert figures.referrals_by_month_and_source(PERIOD) == {
        (APRIL, "gp"): 4,
        (MAY, "gp"): 4,
        (JUNE, "gp"): 1,
    }


def test_the_engagement_funnel(programme):
    # Contacted: R2 (did not attend counts), R3, R9, R11; all four attended; linked R2
    # (housing), R9 (isolation, declined later), R11 (housing); all three closed now.
    assert figures.engagement_funnel(PERIOD) == {
        "referred": 9,
        "contacted": 4,
        "engaged": 4,
        "linked": 3,
        "closed": 3,
    }


def test_the_funnel_of_one_practice(programme):
    # Practice X: R2, R3, R7; R2 and R3 contacted and engaged; R2 linked and closed.
    assert figures.engagement_funnel(PERIOD, Area(practice=programme.world.practice_x)) == {
        "referred": 3,
        "contacted": 2,
        "engaged": 2,
        "linked": 1,
        "closed": 1,
    }


def test_wellbeing_bands_of_paired_leavers(programme):
    # Baselines 19.25 (R2), 18.59 (R9), 20.73 (R11), 15.32 (R12); exits 23.21, 19.25,
    # 19.98, 16.88.
    bands = figures.wellbeing_bands(PERIOD)
    assert [bands[(label, "Baseline")] for label, _, _ in figures.SWEMWBS_BANDS] == [1, 3, 0, 0]
    assert [bands[(label, "Exit")] for label, _, _ in figures.SWEMWBS_BANDS] == [1, 2, 1, 0]


def test_the_waiting_list_at_each_months_end(programme):
    """Practice Y: R8 (20 Apr) waits still; R12b (5 Apr) was accepted on 6 Apr, R9 and
    R10 (1 May) that day, R13b (10 May) on 11 May; R12 and R13 in March."""
    period = Period(date(2026, 3, 1), date(2026, 6, 20))
    assert figures.waiting_list(period, Area(practice=programme.world.practice_y)) == {
        date(2026, 3, 31): 0,
        date(2026, 4, 30): 1,
        date(2026, 5, 31): 1,
        date(2026, 6, 20): 1,  # the period's last day
    }


def test_caseloads_by_complexity(programme):
    """worker_a2's open cases: the world's case_y and R13's (reopened); R9's, R10's and
    R12's are closed."""
    world = programme.world
    Case.objects.filter(pk=world.case_y.pk).update(complexity="low")
    Case.objects.filter(link_worker=world.worker_a2, status="open").exclude(
        pk=world.case_y.pk
    ).update(complexity="high")
    assert figures.caseload_by_complexity([world.worker_a2.pk]) == {
        (world.worker_a2.pk, "low"): 1,
        (world.worker_a2.pk, "high"): 1,
    }


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        # Drops 5, 3, 4, 2 and 6: three small, the 5 hidden with them; only the last stage
        # is left a sum of shown drops; 20 leaves 14 for the hidden four: shown.
        ([20, 15, 12, 8, 6], ["20", "*", "*", "*", "6"]),
        ([30, 20, 20, 10, 10], ["30", "20", "20", "10", "10"]),  # drops 10, 0, 10, 0, 10
        ([30, 29, 20, 10, 10], ["30", "*", "20", "10", "10"]),  # the drop of 1 hidden
    ],
)
def test_a_funnel_hides_a_stage_that_with_the_one_before_gives_a_small_drop(counts, shown):
    assert nested(counts) == shown


def test_a_known_total_hides_the_cells_rather_than_itself():
    """[1, 5] under a total of 6: with_total hides the total; on a page that shows 6
    elsewhere, both cells are hidden instead, and nothing can be worked out."""
    assert Suppressed().with_total([1, 5]) == Table(["<5", "*"], "*")
    shown = Suppressed().with_total([1, 5], total_known=True)
    assert shown == Table(["*", "*"], "6")
    assert Suppressed().with_total([1, 5, 0], total_known=True).cells == ["*", "*", "0"]
    assert Suppressed().nested([6, 5, 0], total_known=True) == ["6", "*", "0"]


def test_a_known_total_leaves_no_small_count_to_recover_in_a_cross_table():
    table = Suppressed().cross_table([[4, 3], [1, 0]], total_known=True)
    assert table.total == "8"
    assert table.cells == [["*", "*"], ["*", "0"]]
    assert table.row_totals == ["*", "*"]
    possible = recoverable(
        [["<5" if c == "*" else c for c in row] for row in table.cells],
        table.row_totals,
        table.column_totals,
        table.total,
    )  # even told that each hidden cell is under 5
    assert all(len(values) > 1 for values in possible.values())


def test_a_team_leads_figures_are_as_recorded():
    policy = AsRecorded()
    assert policy.with_total([1, 5]) == Table(["1", "5"], "6")
    assert policy.nested([6, 5, 1]) == ["6", "5", "1"]
    assert policy.cross_table([[1, 2], [3, 0]]).row_totals == ["3", "3"]
