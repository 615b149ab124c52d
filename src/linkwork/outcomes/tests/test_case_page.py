"""The case page: each measure's history as a chart with a table, the change judged
against the meaningful-change threshold, and questionnaires on the timeline."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from linkwork.outcomes.models import Timepoint
from linkwork.outcomes.presenters import measure_histories
from linkwork.outcomes.tests.helpers import respond

pytestmark = pytest.mark.usefixtures("november")


def case_page(client, world) -> str:
    client.force_login(world.users["link_worker"])
    return client.get(reverse("casework:case_detail", args=[world.case_x.pk])).content.decode()


def test_baseline_to_exit_shows_a_chart_a_table_and_a_meaningful_improvement(client, world):
    respond(world.case_x, [3, 3, 3, 3, 3, 3, 3], on=date(2026, 10, 2))  # 21 -> 19.25
    respond(world.case_x, [4, 3, 4, 4, 3, 4, 3], on=date(2026, 11, 20), timepoint=Timepoint.EXIT)
    page = case_page(client, world)
    assert '<svg class="lw-chart"' in page
    assert 'role="img"' in page
    assert "Change from baseline +3.10: a meaningful improvement (threshold 3)" in page
    assert "Meaningful improvement" in page
    assert "<caption" in page
    assert "19.25" in page
    assert "22.35" in page
    assert 'stroke-dasharray="6,4"' in page  # the threshold line


def test_a_small_change_is_no_reliable_change(world):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 2))  # 19.25
    respond(world.case_x, [4, 3, 3, 3, 3, 3, 3], on=date(2026, 11, 2), timepoint="review")
    (history,) = measure_histories(world.case_x)
    assert history.series[0].change.direction == "no_reliable_change"


def test_the_threshold_follows_the_setting(world):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 2))  # 19.25
    respond(world.case_x, [4, 4, 3, 3, 3, 3, 3], on=date(2026, 11, 2), timepoint="exit")  # 20.73
    with override_settings(OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE="1.4"):
        (history,) = measure_histories(world.case_x)
        assert history.series[0].change.direction == "improvement"


def test_ons4_shows_each_question_with_anxiety_lower_is_better(client, world):
    respond(world.case_x, [4, 5, 4, 8], instrument="ons4", on=date(2026, 10, 2))
    respond(world.case_x, [6, 6, 7, 3], instrument="ons4", on=date(2026, 11, 2), timepoint="exit")
    page = case_page(client, world)
    assert "Overall, how anxious did you feel yesterday?" in page
    assert "Change from first to latest -5 (better)" in page
    assert "Change from first to latest +2 (better)" in page


def test_an_incomplete_response_is_listed_without_a_score(client, world):
    respond(world.case_x, [3, None, 3, 3, 3, 3, 3], on=date(2026, 10, 2))
    page = case_page(client, world)
    assert "incomplete, no score" in page


def test_questionnaires_appear_on_the_timeline(client, world):
    respond(world.case_x, [4, 3, 4, 4, 3, 4, 3], on=date(2026, 10, 2))
    page = case_page(client, world)
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS): Baseline" in page
    assert "raw 25, metric 22.35" in page


def test_the_case_page_offers_add_a_questionnaire(client, world):
    assert reverse("outcomes:hub", args=[world.case_x.pk]) in case_page(client, world)


def test_each_ons4_score_on_the_case_page_shows_its_band(client, world):
    respond(world.case_x, [7, 5, 9, 6], instrument="ons4", on=date(2026, 10, 2))
    page = case_page(client, world)
    assert "7 (high)" in page  # life satisfaction 7: high
    assert "9 (very high)" in page  # happiness 9: very high
    assert "6 (high)" in page  # anxiety 6: high (the other way round)
