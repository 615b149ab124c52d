"""The instruments as data: wording, options, notices and bands as the reference gives them."""

import pytest

from linkwork.outcomes.instruments import INSTRUMENTS, ONS4, SWEMWBS, WEMWBS
from linkwork.outcomes.scoring import WEMWBS_ITEMS_IN_SWEMWBS


def test_the_registry_holds_swemwbs_wemwbs_and_ons4_by_name():
    assert {name: instrument.name for name, instrument in INSTRUMENTS.items()} == {
        "swemwbs": "swemwbs",
        "wemwbs": "wemwbs",
        "ons4": "ons4",
    }


def test_swemwbs_has_the_seven_published_items_in_order():
    assert [item.text for item in SWEMWBS.items] == [
        "I've been feeling optimistic about the future",
        "I've been feeling useful",
        "I've been feeling relaxed",
        "I've been dealing with problems well",
        "I've been thinking clearly",
        "I've been feeling close to other people",
        "I've been able to make up my own mind about things",
    ]
    assert [item.number for item in SWEMWBS.items] == list(range(1, 8))


def test_swemwbs_items_are_wemwbs_items_1_2_3_6_7_9_11():
    assert WEMWBS_ITEMS_IN_SWEMWBS == (1, 2, 3, 6, 7, 9, 11)
    short_form = [WEMWBS.items[number - 1].text for number in WEMWBS_ITEMS_IN_SWEMWBS]
    assert short_form == [item.text for item in SWEMWBS.items]


def test_warwick_scales_share_the_five_published_labels():
    for instrument in (SWEMWBS, WEMWBS):
        assert [(o.value, o.label) for o in instrument.options] == [
            (1, "None of the time"),
            (2, "Rarely"),
            (3, "Some of the time"),
            (4, "Often"),
            (5, "All of the time"),
        ]
        assert (instrument.min_value, instrument.max_value) == (1, 5)
    assert len(WEMWBS.items) == 14


def test_swemwbs_carries_its_copyright_notice_word_for_word():
    assert SWEMWBS.copyright_notice == (
        "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
        "University of Warwick and University of Edinburgh, 2008, all rights reserved."
    )
    assert "register with Warwick" in SWEMWBS.licence


def test_ons4_runs_from_not_at_all_to_completely():
    assert (ONS4.min_value, ONS4.max_value) == (0, 10)
    assert (ONS4.options[0].label, ONS4.options[-1].label) == ("Not at all", "Completely")
    assert "Open Government Licence" in ONS4.copyright_notice


@pytest.mark.parametrize("item", ONS4.items, ids=lambda item: item.key)
def test_each_ons4_question_has_bands_covering_0_to_10_once(item):
    covered = [n for band in item.bands for n in range(band.low, band.high + 1)]
    assert covered == list(range(11))


def test_every_instrument_has_a_notice_and_consecutively_numbered_items():
    for instrument in INSTRUMENTS.values():
        assert "©" in instrument.copyright_notice
        assert [item.number for item in instrument.items] == list(
            range(1, len(instrument.items) + 1)
        )
