"""A count hidden in one table must not come back by differencing it with another table
or page: the reach tables of an HSCP whose host settings refer, the HSCP's figures beside
each of the practices of someone on the staff of two, people with any social outcome, and
the commissioner's cases by practice beside the programme summary's open cases."""

from datetime import date

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.casework import services as casework
from linkwork.casework.services import PersonDetails
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.core import clock
from linkwork.organisations.models import PracticePopulation
from linkwork.organisations.tests.factories import PracticeFactory
from linkwork.referrals import services as referrals
from linkwork.reporting import feedback, programme_summary
from linkwork.reporting.dashboards import tables
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.suppression import HIDDEN, AsRecorded, Suppressed
from linkwork.reporting.tests.scenario import at
from linkwork.reporting.tests.test_dashboards import figure
from linkwork.reporting.tests.test_suppressed_pages import numbers_shown

PROGRAMME = reverse("reporting:programme")
DATES = {"date_from": "2026-04-01", "date_to": "2026-06-30"}


def _refer(world, n: int, practice=None, host_setting=None, role="gp") -> list:
    by = world.users["host_setting_staff" if host_setting else "practice_staff"]
    where = host_setting or practice
    made = []
    for i in range(n):
        with clock.as_of(at(date(2026, 5, 1 + i), 9)):
            made.append(
                referrals.create_referral(
                    person=PersonDetails(
                        given_name="Diff",
                        family_name=f"{where.name.replace(' ', '')}{i}",
                        date_of_birth=date(1960, 1, 1 + i),
                        sex="female",
                    ),
                    details=referrals.ReferralDetails(
                        practice=practice,
                        host_setting=host_setting,
                        route="linkwork_form",
                        referrer_role=role if practice else "external_organisation",
                        reasons=["housing"],
                        consent_to_referral=True,
                        received_on=date(2026, 5, 1 + i),
                    ),
                    by=by,
                    confirm_open_case=True,
                    confirm_intake=True,
                )
            )
    return made


@pytest.fixture
def hscp_page(client, world):
    """Practice X 10 referrals (its cluster's only ones), host setting H 3."""
    _refer(world, 10, practice=world.practice_x)
    _refer(world, 3, host_setting=world.host_setting_h)
    client.force_login(world.users["commissioner"])
    return client.get(PROGRAMME, {**DATES, "hscp": world.hscp_a.pk}).content.decode()


def test_the_referrals_by_cluster_hide_a_small_host_settings_count(hscp_page):
    # 10 and 3 under a total of 13 shown elsewhere (the funnel): both hidden.
    assert numbers_shown(figure(hscp_page, "areas")) == ["*", "*", "13"]


@pytest.mark.parametrize("key", ["reach-rates", "referrals-by-role", "referrals-by-route"])
def test_a_reach_table_does_not_show_a_clusters_referrals_hidden_beside_host_settings(
    hscp_page, key
):
    """With 13 referrals shown, the cluster's 10 would leave the host settings' 3: each
    table has the host settings' row, as the referrals by cluster do, and hides alike."""
    section = figure(hscp_page, key)
    assert "10" not in numbers_shown(section)
    assert "Host settings (no GP practice)" in section


def test_the_reach_tables_rows_add_up_to_the_pages_referrals(hscp_page):
    # Registered, from, referrals, rate, WTE, WTE per 10,000; a row for the host settings.
    assert numbers_shown(figure(hscp_page, "reach-rates")) == [
        "12,000", "2 of 2 practices", "*", "*", "Not recorded", "–",
        "–", "No registered figure", "*", "–", "–", "–",
        "12,000", "2 of 2 practices", "13", "*", "Not recorded", "–",
    ]  # fmt: skip
    # GP, external organisation, all: the cluster's 10 GP referrals, the settings' 3.
    assert numbers_shown(figure(hscp_page, "referrals-by-role")) == [
        "*", "0", "*",
        "0", "&lt;5", "*",
        "*", "*", "13",
    ]  # fmt: skip


def test_someone_on_two_practices_staff_cannot_take_both_from_the_hscps_figure(world):
    """Practices X and Y 6 referrals each, W (Glasgow too) 2: beside X alone or Y alone,
    Glasgow's 14 leaves 8, but a GP on the staff of X and Y sees both and 14 - 6 - 6 = 2."""
    gp = world.users["practice_staff"]
    assign_role(user=gp, role=Role.PRACTICE_STAFF, practice=world.practice_y, job_title="gp")
    other = PracticeFactory(cluster=world.practice_x.cluster, name="Practice W")
    _refer(world, 6, practice=world.practice_x)
    _refer(world, 6, practice=world.practice_y)
    _refer(world, 2, practice=other)
    totals = feedback.totals_for(gp, Period(date(2026, 4, 1), date(2026, 6, 30)))
    referrals_row = {practice.name: rows[0] for practice, rows in totals}
    assert {name: row.own for name, row in referrals_row.items()} == {
        "Practice X": "6",
        "Practice Y": "6",
    }
    assert {row.hscp for row in referrals_row.values()} == {HIDDEN}


def test_people_with_any_social_outcome_do_not_give_away_the_rest_of_one_kind(world):
    """5 people joined a group and 2 others managed their debt: shown 5 beside 7 with any
    outcome, the 2 with only other outcomes would be the difference."""
    for n in range(7):
        case = CaseFactory(
            person=PersonFactory(practice=world.practice_x),
            link_worker=world.worker_a,
            opened_on=date(2026, 4, 1),
        )
        casework.record_social_outcome(
            case=case,
            by=world.worker_a.user,
            kind="joined_group" if n < 5 else "debt_managed",
            achieved_on=date(2026, 5, 1),
        )
    period, area = Period(date(2026, 4, 1), date(2026, 6, 30)), Area(hscp=world.hscp_a)
    shown = dict(row for row in tables.social_outcomes(period, area, Suppressed()).rows)
    assert shown["Joined a group or activity"] == "5"
    assert shown["Debt managed"] == "<5"
    assert shown["People with any social outcome"] == HIDDEN
    recorded = dict(row for row in tables.social_outcomes(period, area, AsRecorded()).rows)
    assert recorded["People with any social outcome"] == "7"


def test_the_commissioners_cases_by_practice_do_not_give_one_away_beside_the_summary(client, world):
    """Practice X 10 open cases, Y 3 (the world's one each, and more): the programme
    summary shows Glasgow's 13 open cases now, so X's 10 shown beside Y's <5 gave 3."""
    for practice, worker, n in ((world.practice_x, world.worker_a, 9),
                                (world.practice_y, world.worker_a2, 2)):  # fmt: skip
        for _ in range(n):
            CaseFactory(person=PersonFactory(practice=practice), link_worker=worker)
    client.force_login(world.users["commissioner"])
    summary = client.get(reverse("reporting:programme_summary"), DATES).content.decode()
    assert "Now: 13 open cases" in summary
    home = client.get(reverse("home:commissioner")).content.decode()
    # Practice X, then Y: list size, open, closed.
    assert numbers_shown(home)[1::3] == ["*", "*"]


def test_the_median_wait_of_one_person_contacted_is_not_shown(world):
    """6 referrals (shown), one of them contacted, 9 days after it was received: the
    median days to first contact would be that one person's wait."""
    first, *_ = _refer(world, 6, practice=world.practice_x)
    with clock.as_of(at(date(2026, 5, 2), 9)):
        case = referrals.accept_referral(
            referral=first, by=world.users["team_lead"], link_worker=world.worker_a
        )
    casework.record_session(
        case=case, by=world.worker_a.user, starts_at=at(date(2026, 5, 10), 11),
        mode="in_practice", outcome="attended",
    )  # fmt: skip
    period, area = Period(date(2026, 4, 1), date(2026, 6, 30)), Area(hscp=world.hscp_a)
    recorded = programme_summary.as_shown(period, area, AsRecorded())
    assert (recorded["referrals"], recorded["median_days_to_first_contact"]) == (6, 9.0)
    shown = programme_summary.as_shown(period, area, Suppressed())
    assert shown["referrals"] == 6
    assert shown["median_days_to_first_contact"] == "*"


@pytest.mark.parametrize("key", ["reach-age", "reach-sex", "reach-simd"])
def test_people_referred_beside_the_population_do_not_leave_a_few_others(client, world, key):
    """Practice X (with a population profile) 10 people referred, host setting H 3: the
    page's 13 referrals less the 10 people beside X's population would give the host
    settings' 3 away, so no count of the table is shown."""
    PracticePopulation.objects.create(
        practice=world.practice_x, as_at=date(2026, 4, 1), sex="female", age_band="45-64",
        simd_decile=1, patients=5000,
    )  # fmt: skip
    _refer(world, 10, practice=world.practice_x)
    _refer(world, 3, host_setting=world.host_setting_h)
    client.force_login(world.users["commissioner"])
    page = client.get(PROGRAMME, {**DATES, "hscp": world.hscp_a.pk}).content.decode()
    shown = numbers_shown(figure(page, key))
    assert "10" not in shown
    assert "*" in shown


def test_two_periods_a_day_apart_give_no_one_away(client, world):
    """Practice X refers on 1-10 May. A commissioner's period is whole months (decision
    0139): from 1 May and from 2 May count the same, so one less the other is no one,
    rather than the person referred on 1 May."""
    _refer(world, 10, practice=world.practice_x)
    client.force_login(world.users["commissioner"])
    pages = [
        client.get(PROGRAMME, {"date_from": day, "date_to": "2026-06-15", "hscp": world.hscp_a.pk})
        for day in ("2026-05-01", "2026-05-02")
    ]
    assert [numbers_shown(page.content.decode()) for page in pages] == [
        numbers_shown(pages[0].content.decode())
    ] * 2
    assert "10" in numbers_shown(pages[1].content.decode())  # 1 May is still counted
    shown = pages[1].content.decode()
    assert 'value="2026-05-01"' in shown  # the boxes say which months were counted
    assert 'value="2026-06-30"' in shown
    assert "Whole months, so no one can be singled out" in shown


def test_a_team_leads_own_figures_keep_the_days_chosen(client, world):
    """A team lead opens each of their team's people anyway: their period is as typed."""
    _refer(world, 10, practice=world.practice_x)
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("reporting:team"), {"date_from": "2026-05-02"}).content.decode()
    assert 'value="2026-05-02"' in page
    assert "Whole months, so no one can be singled out" not in page
