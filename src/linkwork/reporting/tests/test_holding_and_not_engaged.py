"""Holding cases and why people did not engage, as definitions.py counts them (issue 13,
decision 0072)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from linkwork.casework import agencies, services
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.reporting import definitions
from linkwork.reporting.dashboards.tables import not_engaged
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.suppression import AsRecorded, Suppressed


def _did_not_engage(world, why: str):
    case = CaseFactory(person=PersonFactory(practice=world.practice_x), link_worker=world.worker_a)
    return services.close_case(
        case=case,
        by=world.users["link_worker"],
        reason="did_not_engage",
        closed_on=timezone.localdate(),
        not_engaged_reason=why,
    )


def test_holding_cases_are_counted_and_stay_open(world):
    lw = world.users["link_worker"]
    review = timezone.localdate() + timedelta(days=10)
    agencies.hold_case(case=world.case_x, by=lw, reason="Waiting for CMHT", review_on=review)
    assert definitions.holding() == 1
    assert definitions.holding(Area(hscp=world.hscp_b)) == 0
    assert definitions.caseload_per_wte(Area(hscp=world.hscp_a)).open_cases >= 1
    agencies.end_holding(case=world.case_x, by=lw)
    assert definitions.holding() == 0


def test_the_team_leads_caseloads_show_holding(client, world):
    lw = world.users["link_worker"]
    review = timezone.localdate() + timedelta(days=10)
    agencies.hold_case(case=world.case_x, by=lw, reason="Waiting", review_on=review)
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("home:team_lead")).content.decode()
    assert "Of them holding" in page


def test_not_engaged_reasons_are_broken_down_among_leavers(world):
    for why in ("not_reachable", "not_reachable", "moved_away"):
        _did_not_engage(world, why)
    today = timezone.localdate()
    period = Period(today - timedelta(days=30), today)
    assert definitions.not_engaged_reasons(period) == {"moved_away": 1, "not_reachable": 2}
    assert definitions.not_engaged_reasons(Period(date(2020, 1, 1), date(2020, 2, 1))) == {}
    shown = not_engaged(period, Area(), AsRecorded())
    assert ["Not reachable", "2"] in shown.rows
    hidden = not_engaged(period, Area(), Suppressed())
    assert all(row[1] in ("<5", "*") for row in hidden.rows)  # small numbers hidden
