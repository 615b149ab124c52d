"""Each figure's definition, pinned on the small programme in scenario.py: every
expected number below is worked out by hand from the table in its docstring."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from linkwork.core.codelists import codelist
from linkwork.reporting import definitions as figures
from linkwork.reporting.definitions import Area, Period, percentile, rate
from linkwork.reporting.summary import summary
from linkwork.reporting.tests.scenario import EMPTY, PERIOD

EVERYWHERE_FIGURES = {
    # R2, R3, R7, R8, R9, R10, R11, R12b, R13b: not R5 (duplicate), R6 (not eligible),
    # nor R1 and R12/R13 (before), R4 (after).
    "referrals": 9,
    "people_referred": 8,  # R7 and R8 are one person
    "engaged": 4,  # R2, R3 (attended after the period), R9, R11
    "engagement_rate": 0.5714,  # 4 of 7 accepted (not R7 declined, nor R8 waiting)
    "median_days_to_first_contact": 2.5,  # 2 (R2, did not attend), 2 (R3), 3 (R11), 7 (R9)
    "leavers": 6,  # cases of R1, R2, R9, R10, R11, R12 (closed again); not R13's, reopened
    "swemwbs_paired": 4,  # not R1 (none) nor R10 (baseline only)
    "swemwbs_paired_rate": 0.6667,
    "swemwbs_mean_change": 1.36,  # (3.96 + 0.66 - 0.75 + 1.56) / 4 = 1.3575
    "swemwbs_improved_rate": 0.75,
    "reasons": {
        "debt": 2,
        "housing": 3,
        "mental_wellbeing": 2,
        "money_benefits": 1,
        "physical_activity": 1,
        "social_isolation": 2,
    },
    "onward_links": {"housing": 2, "mental_wellbeing": 1, "social_isolation": 1},
    "unmet_needs": {"food": 2, "fuel": 1},
    "closures": {
        "declined": 1,
        "did_not_engage": 2,
        "goals_met": 1,
        "linked_self_managing": 1,
        "moved_away": 1,
    },
}


def test_the_summary_everywhere_is_worked_out_by_hand(programme):
    assert summary(PERIOD) == EVERYWHERE_FIGURES


def test_an_hscp_counts_only_its_own_practices_and_cases(programme):
    assert summary(PERIOD, Area(hscp=programme.world.hscp_a)) == {
        "referrals": 8,
        "people_referred": 7,
        "engaged": 3,
        "engagement_rate": 0.5,
        "median_days_to_first_contact": 2.0,  # 2, 2, 7: the tie is the median
        "leavers": 5,
        "swemwbs_paired": 3,
        "swemwbs_paired_rate": 0.6,
        "swemwbs_mean_change": 2.06,  # (3.96 + 0.66 + 1.56) / 3
        "swemwbs_improved_rate": 1.0,
        "reasons": {
            "debt": 2,
            "housing": 2,
            "mental_wellbeing": 2,
            "money_benefits": 1,
            "physical_activity": 1,
            "social_isolation": 2,
        },
        "onward_links": {"housing": 1, "mental_wellbeing": 1, "social_isolation": 1},
        "unmet_needs": {"food": 2},
        "closures": {
            "declined": 1,
            "did_not_engage": 2,
            "goals_met": 1,
            "linked_self_managing": 1,
        },
    }


def test_a_practice_counts_its_referrals_and_cases(programme):
    assert summary(PERIOD, Area(practice=programme.world.practice_x)) == {
        "referrals": 3,  # R2, R3, R7
        "people_referred": 3,
        "engaged": 2,
        "engagement_rate": 1.0,
        "median_days_to_first_contact": 2.0,
        "leavers": 2,
        "swemwbs_paired": 1,
        "swemwbs_paired_rate": 0.5,
        "swemwbs_mean_change": 3.96,
        "swemwbs_improved_rate": 1.0,
        "reasons": {"debt": 1, "housing": 2, "money_benefits": 1},
        "onward_links": {"housing": 1},
        "unmet_needs": {},  # recorded from a search, on no case: not a practice's
        "closures": {"declined": 1, "goals_met": 1},
    }


def test_a_link_worker_counts_the_referrals_allocated_to_them(programme):
    area = Area(link_worker=programme.world.worker_a2)
    assert figures.referrals(PERIOD, area) == 4  # R9, R10, R12b, R13b; R8 not allocated
    assert figures.engaged(PERIOD, area) == 1
    assert figures.engagement_rate(PERIOD, area) == Decimal("0.25")
    assert figures.leavers(PERIOD, area) == 3
    inverclyde = Area(provider=programme.world.provider_b)
    assert figures.referrals(PERIOD, inverclyde) == 1
    assert figures.unmet_needs(PERIOD, inverclyde) == {"fuel": 1}
    assert figures.unmet_needs_by_area(PERIOD) == {("food", "G51"): 2, ("fuel", "G51"): 1}


def test_an_empty_period_gives_zeros_and_nulls(programme):
    assert summary(EMPTY) == {
        "referrals": 0,
        "people_referred": 0,
        "engaged": 0,
        "engagement_rate": None,
        "median_days_to_first_contact": None,
        "leavers": 0,
        "swemwbs_paired": 0,
        "swemwbs_paired_rate": None,
        "swemwbs_mean_change": None,
        "swemwbs_improved_rate": None,
        "reasons": {},
        "onward_links": {},
        "unmet_needs": {},
        "closures": {},
    }
    assert figures.p90_days_to_first_contact(EMPTY) is None
    assert figures.wellbeing(EMPTY).meaningful_improvement_rate is None
    assert figures.sessions(EMPTY).per_person is None


def test_reason_shares_are_of_referrals_and_may_add_up_to_more_than_one(programme):
    by_reason = figures.shares(figures.reasons(PERIOD), figures.referrals(PERIOD))
    assert by_reason["housing"] == Decimal("0.3333")  # 3 of 9
    assert sum(by_reason.values()) > 1  # R2 and R8 give two reasons each


def test_inappropriate_declines_are_decline_reasons():
    codes = {code.code for code in codelist("referral_decline_reasons").codes}
    assert figures.INAPPROPRIATE_DECLINE_REASONS.issubset(codes)


def test_duplicates_and_inappropriate_declines_are_counted_apart(programme):
    assert figures.duplicates(PERIOD) == 1  # R5
    assert figures.declined_as_inappropriate(PERIOD) == 1  # R6; R7 could not be contacted
    assert figures.received(PERIOD).count() == 11


def test_the_periods_first_and_last_days_are_in_it(programme):
    first_day = Period(date(2026, 4, 1), date(2026, 4, 1))
    last_day = Period(date(2026, 6, 30), date(2026, 6, 30))
    assert figures.referrals(first_day) == 1  # R2, not R1 the day before
    assert figures.referrals(last_day) == 1  # R3, not R4 the day after
    assert figures.unmet_needs(first_day) == {"food": 1}
    # 23:30 on 30 June is in it; 00:30 on 1 July (23:30 on 30 June in UTC) is not.
    assert figures.unmet_needs(last_day) == {"food": 1}
    assert figures.onward_links(last_day) == {"mental_wellbeing": 1}  # the signpost
    assert figures.leavers(Period(date(2026, 6, 1), date(2026, 6, 1))) == 1


def test_days_to_first_contact_count_attempts_and_not_cancellations(programme):
    # R9 cancelled on 5 May (no contact) and attended on 8 May: 7 days, not 4.
    # R12b's reopened case has only the earlier referral's session: no contact yet.
    assert figures.days_to_first_contact(PERIOD) == {2: 2, 3: 1, 7: 1}
    assert figures.median_days_to_first_contact(PERIOD) == Decimal("2.5")
    assert figures.p90_days_to_first_contact(PERIOD) == Decimal("5.8")  # 3 + 0.7 x (7 - 3)


def test_a_reopened_case_is_a_leaver_once_and_only_when_closed(programme):
    by_reason = figures.closures(PERIOD)
    assert by_reason["did_not_engage"] == 2  # R10's and R12's second closure
    assert by_reason["goals_met"] == 1  # R2's; R13's closure on 20 Apr was reopened
    assert figures.referrals(PERIOD, Area(practice=programme.world.practice_y)) == 5


def test_wellbeing_pairs_baseline_and_exit_among_leavers(programme):
    wellbeing = figures.wellbeing(PERIOD)
    assert (wellbeing.leavers, wellbeing.paired) == (6, 4)
    assert wellbeing.change_hundredths == 543
    assert wellbeing.mean_change == Decimal("1.36")
    assert wellbeing.improved_rate == Decimal("0.75")
    assert wellbeing.threshold == Decimal("3")
    assert wellbeing.meaningful_improvement_rate == Decimal("0.25")  # only +3.96
    # Who had no pair: R1's case (declined, one session) and R10's (baseline only).
    assert figures.unpaired_leavers(PERIOD) == {
        "declined": {"leavers": 1, "sessions_attended": 1},
        "did_not_engage": {"leavers": 1, "sessions_attended": 0},
    }


@override_settings(OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE="0.6")
def test_the_meaningful_threshold_is_the_outcomes_setting(programme):
    wellbeing = figures.wellbeing(PERIOD)
    assert wellbeing.threshold == Decimal("0.6")
    assert wellbeing.meaningful_improvement_rate == Decimal("0.75")  # +3.96, +0.66, +1.56


def test_sessions_held_in_the_period(programme):
    held = figures.sessions(PERIOD)
    # R1 2 Apr, R2 10 Apr and 20 May, R11 4 May, R9 8 May; R3's 2 July is after.
    assert (held.attended, held.people) == (5, 4)
    assert held.per_person == Decimal("1.25")
    assert held.average_minutes == Decimal("45.0")  # 60, 45, 30; two have no length
    assert held.by_mode == {"home_visit": 1, "in_practice": 2, "phone": 2}
    assert held.mode_shares["phone"] == Decimal("0.4")


def test_needs_identified_on_the_cases_of_the_periods_referrals(programme):
    # Not R1's food (referred before the period); R12's bereavement, noted before R12b
    # reopened the case, is the reopened case's.
    assert figures.needs_identified(PERIOD) == {"bereavement": 1, "debt": 2, "fuel": 2}
    glasgow = Area(hscp=programme.world.hscp_a)
    assert figures.needs_identified(PERIOD, glasgow) == {"bereavement": 1, "debt": 2, "fuel": 1}


def test_onward_links_by_outcome(programme):
    assert figures.onward_link_outcomes(PERIOD) == {
        "signposted": 1,
        "referred": 3,  # a draft never sent is no link made
        "accepted": 1,
        "attended": 1,
        "declined": 1,
        "no_capacity": 1,
    }


def test_every_figure_says_how_it_is_counted():
    for name in ("referrals", "engagement_rate", "median_days_to_first_contact", "wellbeing"):
        assert len(figures.HOW_COUNTED[name]) > 40
    assert "accepted" in figures.HOW_COUNTED["engagement_rate"]


def test_how_a_figure_is_counted_is_in_words_not_code():
    """The notes are shown to commissioners and partners under "How this is counted"."""
    in_code = {name: text for name, text in figures.HOW_COUNTED.items() if "`" in text}
    assert in_code == {}


def test_rates_round_half_up_to_four_places_and_are_null_over_nothing():
    assert rate(2, 3) == Decimal("0.6667")
    assert rate(1, 8) == Decimal("0.1250")
    assert rate(1, 20000) == Decimal("0.0001")  # 0.00005, half up
    assert rate(0, 5) == Decimal("0")
    assert rate(0, 0) is None


def test_the_median_of_an_even_count_is_halfway_and_ties_are_kept():
    assert percentile({1: 1, 2: 1}, Decimal("0.5")) == Decimal("1.5")
    assert percentile({4: 3, 9: 1}, Decimal("0.5")) == Decimal("4")
    assert percentile({5: 1}, Decimal("0.9")) == Decimal("5")
    assert percentile({}, Decimal("0.5")) is None


def test_the_mean_change_rounds_half_up():
    wellbeing = figures.Wellbeing(
        leavers=2,
        paired=2,
        change_hundredths=5,
        improved=2,
        meaningfully_improved=0,
        threshold=Decimal(3),
    )
    assert wellbeing.mean_change == Decimal("0.03")  # 0.025


def test_a_period_runs_forwards():
    with pytest.raises(ValueError, match="start must be on or before its end"):
        Period(date(2026, 2, 1), date(2026, 1, 31))
