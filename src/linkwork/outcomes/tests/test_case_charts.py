"""A case's measure charts are drawn once for each change of its scores and kept with the
case, so neither a second view nor another process draws them again (decision 0154)."""

from datetime import date

import pytest
import vl_convert
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.core import charts
from linkwork.outcomes.models import CaseChart, Timepoint
from linkwork.outcomes.tests.helpers import respond
from linkwork.privacy.holdings import holdings_of

pytestmark = pytest.mark.usefixtures("november")


@pytest.fixture
def drawings(monkeypatch):
    """Each drawing vl-convert makes, in a process that has drawn nothing yet."""
    charts.forget_drawings()
    made = []
    real = vl_convert.vegalite_to_svg

    def draw(spec, *args, **kwargs):
        made.append(spec)
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", draw)
    yield made
    charts.forget_drawings()


def case_page(client, world) -> str:
    client.force_login(world.users["link_worker"])
    return client.get(reverse("casework:case_detail", args=[world.case_x.pk])).content.decode()


def test_a_chart_is_drawn_once_and_kept_with_the_case(client, world, drawings):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 2))
    respond(world.case_x, [4, 3, 4, 4, 3, 4, 3], on=date(2026, 11, 20), timepoint=Timepoint.EXIT)
    first = case_page(client, world)
    assert len(drawings) == 1
    (kept,) = CaseChart.objects.filter(case=world.case_x)
    assert kept.series == "swemwbs"
    assert kept.svg.startswith("<svg")
    assert 'stroke-dasharray="6,4"' in kept.svg

    with CaptureQueriesContext(connection) as same_process:
        case_page(client, world)
    assert not [q for q in same_process.captured_queries if "outcomes_casechart" in q["sql"]]

    charts.forget_drawings()  # another process: nothing drawn in it yet
    again = case_page(client, world)
    assert len(drawings) == 1, "the kept drawing was drawn again"
    assert again.count('<svg class="lw-chart"') == first.count('<svg class="lw-chart"') == 1
    chart = first[first.index('<svg class="lw-chart"') :]
    assert chart[: chart.index("</svg>")] in again


def test_a_new_score_draws_the_chart_again_in_place_of_the_old(client, world, drawings):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 2))
    case_page(client, world)
    (before,) = CaseChart.objects.filter(case=world.case_x)
    respond(world.case_x, [5] * 7, on=date(2026, 11, 20), timepoint=Timepoint.EXIT)
    page = case_page(client, world)
    assert len(drawings) == 2
    (after,) = CaseChart.objects.filter(case=world.case_x)
    assert after.pk == before.pk
    assert after.drawn_from != before.drawn_from
    assert after.svg != before.svg
    assert "20 Nov" in after.svg
    assert "20 Nov" in page


def test_each_ons4_question_is_kept_as_its_own_series(client, world, drawings):
    respond(world.case_x, [4, 5, 6, 8], instrument="ons4", on=date(2026, 10, 2))
    case_page(client, world)
    kept = set(CaseChart.objects.filter(case=world.case_x).values_list("series", flat=True))
    assert kept == {
        "ons4.life_satisfaction",
        "ons4.worthwhile",
        "ons4.happiness",
        "ons4.anxiety",
    }
    assert len(drawings) == 4


def test_a_kept_drawing_is_not_a_holding_of_its_own(client, world, drawings):
    """Drawn from the person's questionnaire scores, which the subject access export and
    retention already cover: not exported again as a record of its own."""
    respond(world.case_x, [3] * 7, on=date(2026, 10, 2))
    case_page(client, world)
    assert CaseChart.objects.filter(case=world.case_x).exists()
    assert CaseChart not in holdings_of(world.case_x.person).kinds()
