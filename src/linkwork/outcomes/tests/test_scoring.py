"""Scoring against the project's SWEMWBS/WEMWBS/ONS4 reference: Warwick's conversion
table, the ONS thresholds and the meaningful-change figures."""

from decimal import Decimal
from itertools import product

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from linkwork.outcomes.instruments import INSTRUMENTS, ONS4, SWEMWBS, WEMWBS, get_instrument
from linkwork.outcomes.scoring import (
    ScoringError,
    UnknownInstrument,
    answers_from_text,
    change,
    swemwbs_total,
)

# Typed in again from the reference's table rather than imported, so a slip in
# scoring.py cannot agree with itself.
PUBLISHED_METRIC = {
    7: "7.00",
    8: "9.51",
    9: "11.25",
    10: "12.40",
    11: "13.33",
    12: "14.08",
    13: "14.75",
    14: "15.32",
    15: "15.84",
    16: "16.36",
    17: "16.88",
    18: "17.43",
    19: "17.98",
    20: "18.59",
    21: "19.25",
    22: "19.98",
    23: "20.73",
    24: "21.54",
    25: "22.35",
    26: "23.21",
    27: "24.11",
    28: "25.03",
    29: "26.02",
    30: "27.03",
    31: "28.13",
    32: "29.31",
    33: "30.70",
    34: "32.55",
    35: "35.00",
}


def answers_summing_to(raw: int) -> list[int]:
    """Seven answers from 1 to 5 whose sum is raw (7-35)."""
    extra = raw - 7
    return [1 + min(4, max(0, extra - 4 * i)) for i in range(7)]


@pytest.mark.parametrize("raw", sorted(PUBLISHED_METRIC))
def test_swemwbs_metric_matches_the_published_table_for_every_raw_score(raw):
    """The table is taken from five public copies that agree (one cites Warwick's PDF); the
    PDF itself was not read, so this pins the copies, not the original."""
    result = SWEMWBS.score(answers_summing_to(raw))
    assert result.raw == raw
    assert result.metric == Decimal(PUBLISHED_METRIC[raw])
    assert str(result.metric) == PUBLISHED_METRIC[raw]  # two places, exactly


@pytest.mark.parametrize(
    ("raw", "metric"),
    [(7, "7.00"), (8, "9.51"), (21, "19.25"), (29, "26.02"), (33, "30.70"), (34, "32.55")],
)
def test_swemwbs_values_the_reference_asks_to_pin(raw, metric):
    # 29 -> 26.02: one public copy of the table has 25.99, a typo.
    assert str(SWEMWBS.score(answers_summing_to(raw)).metric) == metric


def test_every_one_of_the_78125_swemwbs_answer_sets_scores_as_sum_then_table():
    for answers in product(range(1, 6), repeat=7):
        result = SWEMWBS.score(answers)
        assert result.raw == sum(answers)
        assert result.metric == Decimal(PUBLISHED_METRIC[result.raw])
        assert result.complete


@given(st.lists(st.integers(1, 5), min_size=7, max_size=7))
def test_any_complete_swemwbs_answers_score_as_sum_then_table(answers):
    result = SWEMWBS.score(answers)
    assert result.raw == sum(answers)
    assert result.metric == Decimal(PUBLISHED_METRIC[sum(answers)])


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=7, max_size=7))
def test_swemwbs_with_any_missing_item_has_no_score(answers):
    result = SWEMWBS.score(answers)
    missing = [n for n, a in enumerate(answers, 1) if a is None]
    assert result.missing_items == tuple(missing)
    assert result.complete is (not missing)
    assert (result.raw is None) is bool(missing)
    assert (result.metric is None) is bool(missing)


def test_metric_rises_with_raw_score():
    metrics = [Decimal(PUBLISHED_METRIC[raw]) for raw in range(7, 36)]
    assert metrics == sorted(set(metrics))


def test_swemwbs_missing_items_are_never_prorated():
    """Unverified rule: the reference found no published allowance for missing items or
    prorating. The table is defined only for complete answers, so we score only those."""
    result = SWEMWBS.score([5, 5, 5, 5, 5, 5, None])
    assert (result.raw, result.metric, result.complete) == (None, None, False)
    assert result.missing_items == (7,)


def test_swemwbs_with_nothing_answered_is_incomplete_not_an_error():
    assert SWEMWBS.score([None] * 7).missing_items == (1, 2, 3, 4, 5, 6, 7)


@pytest.mark.parametrize(("answers", "raw"), [([1] * 14, 14), ([5] * 14, 70), ([3] * 14, 42)])
def test_wemwbs_is_the_plain_sum_from_14_to_70(answers, raw):
    result = WEMWBS.score(answers)
    assert result.raw == raw
    assert result.complete


def test_wemwbs_with_a_missing_item_has_no_score():
    """Unverified, as for SWEMWBS: no published missing-item rule was found."""
    result = WEMWBS.score([4] * 13 + [None])
    assert (result.raw, result.complete, result.missing_items) == (None, False, (14,))


def test_wemwbs_also_gives_swemwbs_from_items_1_2_3_6_7_9_11():
    answers = [5, 4, 3, 1, 1, 2, 3, 1, 4, 1, 5, 1, 1, 1]  # short form: 5 4 3 2 3 4 5 = 26
    result = WEMWBS.score(answers)
    assert result.short_form.raw == 26
    assert result.short_form.metric == Decimal("23.21")


def test_wemwbs_short_form_is_scored_only_when_its_seven_items_are_answered():
    answers = [4] * 14
    answers[3] = None  # item 4 is not in SWEMWBS
    assert WEMWBS.score(answers).short_form.raw == 28
    answers[5] = None  # item 6 is
    assert WEMWBS.score(answers).short_form.raw is None


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "low"), (4, "low"), (5, "medium"), (6, "medium"), (7, "high"), (8, "high")]
    + [(9, "very_high"), (10, "very_high")],
)
def test_ons4_satisfaction_worthwhile_and_happiness_bands_at_their_edges(score, band):
    result = ONS4.score([score, score, score, 0])
    assert [q.band for q in result.questions[:3]] == [band] * 3
    assert [q.score for q in result.questions[:3]] == [score] * 3


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "very_low"), (1, "very_low"), (2, "low"), (3, "low"), (4, "medium"), (5, "medium")]
    + [(6, "high"), (10, "high")],
)
def test_ons4_anxiety_is_banded_the_other_way_round(score, band):
    anxiety = ONS4.score([5, 5, 5, score]).questions[3]
    assert (anxiety.key, anxiety.score, anxiety.band) == ("anxiety", score, band)


def test_ons4_scores_each_question_separately_with_no_total():
    result = ONS4.score([7, 8, 9, 6]).as_dict()
    assert result["life_satisfaction"] == {"score": 7, "band": "high"}
    assert result["worthwhile"] == {"score": 8, "band": "high"}
    assert result["happiness"] == {"score": 9, "band": "very_high"}
    assert result["anxiety"] == {"score": 6, "band": "high"}
    assert "raw" not in result
    assert "total" not in result


def test_ons4_a_missing_question_leaves_the_others_scored():
    """The reference gives no ONS4 missing-item rule; ONS reports each question on its own,
    so a missing question takes nothing from the others."""
    result = ONS4.score([3, None, 10, 2])
    assert [(q.score, q.band) for q in result.questions] == [
        (3, "low"),
        (None, None),
        (10, "very_high"),
        (2, "low"),
    ]
    assert (result.complete, result.missing_items) == (False, (2,))


@pytest.mark.parametrize(
    ("name", "count", "expected"),
    [("swemwbs", 6, 7), ("swemwbs", 8, 7), ("wemwbs", 7, 14), ("ons4", 0, 4)],
)
def test_the_wrong_number_of_answers_says_how_many_are_needed(name, count, expected):
    with pytest.raises(ScoringError, match=f"^{name} needs {expected} answers.*got {count}$"):
        get_instrument(name).score([1] * count)


@pytest.mark.parametrize(
    ("name", "bad", "allowed"),
    [("swemwbs", 0, "1 to 5"), ("swemwbs", 6, "1 to 5"), ("wemwbs", 9, "1 to 5")]
    + [("ons4", -1, "0 to 10"), ("ons4", 11, "0 to 10")],
)
def test_an_answer_out_of_range_names_the_item_and_the_range(name, bad, allowed):
    answers = [get_instrument(name).min_value] * len(get_instrument(name).items)
    answers[2] = bad
    with pytest.raises(ScoringError, match=f"^Item 3: {bad} is out of range; .*{allowed}$"):
        get_instrument(name).score(answers)


@pytest.mark.parametrize("bad", ["four", "4", 4.0, 4.5, True, [4]])
def test_an_answer_that_is_not_a_whole_number_is_refused_by_item(bad):
    with pytest.raises(ScoringError, match=r"^Item 1: .* is not a whole number; .*1 to 5$"):
        SWEMWBS.score([bad, 1, 1, 1, 1, 1, 1])


@given(st.integers().filter(lambda n: not 1 <= n <= 5), st.integers(0, 6))
def test_any_out_of_range_integer_is_refused_naming_its_item(bad, position):
    answers = [3] * 7
    answers[position] = bad
    with pytest.raises(ScoringError, match=f"^Item {position + 1}: "):
        SWEMWBS.score(answers)


def test_every_refusal_is_one_line():
    cases = [("swemwbs", [1]), ("swemwbs", ["a\nb"] + [1] * 6), ("ons4", [1, 2, 3, 99])]
    for name, answers in cases:
        with pytest.raises(ScoringError) as caught:
            get_instrument(name).score(answers)
        assert "\n" not in str(caught.value)


def test_an_unknown_instrument_lists_the_known_ones():
    with pytest.raises(
        UnknownInstrument, match=r"^Unknown instrument 'phq9'; .*ons4, swemwbs, wemwbs$"
    ):
        get_instrument("phq9")
    assert issubclass(UnknownInstrument, ScoringError)


def test_instrument_names_are_case_insensitive():
    assert get_instrument("SWEMWBS") is SWEMWBS


def test_command_line_words_become_answers():
    assert answers_from_text(["4", "-", "-1", "x", "٣"]) == [4, None, -1, "x", "٣"]


@pytest.mark.parametrize(
    ("baseline", "follow_up", "direction"),
    [
        (Decimal("19.25"), Decimal("22.35"), "improvement"),  # +3.10
        (Decimal("19.98"), Decimal("22.98"), "improvement"),  # exactly +3: meets the threshold
        (Decimal("19.98"), Decimal("22.97"), "no_reliable_change"),  # +2.99
        (Decimal("22.35"), Decimal("19.35"), "deterioration"),  # exactly -3
        (Decimal("22.35"), Decimal("19.36"), "no_reliable_change"),
    ],
)
def test_swemwbs_change_of_3_metric_points_is_meaningful(baseline, follow_up, direction):
    result = change(SWEMWBS, baseline, follow_up)
    assert result.direction == direction
    assert result.meaningful is (direction != "no_reliable_change")
    assert result.threshold == 3


def test_swemwbs_change_is_exact_decimal_arithmetic():
    assert change(SWEMWBS, Decimal("19.25"), Decimal("22.35")).difference == Decimal("3.10")


@pytest.mark.parametrize(("baseline", "follow_up", "meaningful"), [(40, 49, True), (40, 48, False)])
def test_wemwbs_change_of_9_raw_points_is_meaningful(baseline, follow_up, meaningful):
    """Less settled than SWEMWBS: Maheswaran 2012 implies about 6.6-8.6 points and the
    reference suggests 8 or 9; 9 is NHS England's figure, and the setting can change it."""
    assert change(WEMWBS, baseline, follow_up).meaningful is meaningful


def test_the_swemwbs_threshold_is_read_from_settings_when_used():
    with override_settings(OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE=2):
        result = change(SWEMWBS, Decimal("20.00"), Decimal("22.00"))
        assert (result.meaningful, result.threshold) == (True, 2)
    assert change(SWEMWBS, Decimal("20.00"), Decimal("22.00")).meaningful is False


def test_the_wemwbs_threshold_is_read_from_settings_when_used():
    with override_settings(OUTCOMES_WEMWBS_MEANINGFUL_CHANGE="8"):
        assert change(WEMWBS, 40, 48).meaningful is True
        assert WEMWBS.meaningful_change_threshold() == 8


@pytest.mark.parametrize("bad", [0, -3, "three", float("nan")])
def test_a_threshold_setting_that_is_not_a_positive_number_is_a_configuration_error(bad):
    with (
        override_settings(OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE=bad),
        pytest.raises(ImproperlyConfigured, match="OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE"),
    ):
        change(SWEMWBS, 20, 25)


def test_change_needs_two_complete_scores():
    with pytest.raises(ScoringError, match="two complete scores"):
        change(SWEMWBS, None, Decimal("20.00"))


def test_ons4_has_no_meaningful_change_threshold():
    with pytest.raises(ScoringError, match="ons4 has no meaningful-change threshold"):
        change(ONS4, 5, 9)


def test_every_instrument_scores_its_lowest_answers_without_error():
    for instrument in INSTRUMENTS.values():
        assert instrument.score([instrument.min_value] * len(instrument.items)).complete


@pytest.mark.parametrize("raw", range(7, 36))
def test_a_raw_total_without_its_answers_converts_by_the_published_table(raw):
    score = swemwbs_total(raw)
    assert (score.raw, str(score.metric), score.complete) == (raw, PUBLISHED_METRIC[raw], True)


@pytest.mark.parametrize("raw", [0, 6, 36, 70])
def test_a_raw_total_outside_7_to_35_is_refused(raw):
    with pytest.raises(ScoringError, match=f"from 7 to 35, not {raw}"):
        swemwbs_total(raw)
