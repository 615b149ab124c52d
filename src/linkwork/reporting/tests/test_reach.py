"""Reach and who refers (issue 12): each definition pinned on reach_scenario.py's small
programme, worked out by hand there, and the dashboard's tables and exports of them, as
recorded and suppressed."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from linkwork.core.tests import replay
from linkwork.organisations.models import Practice
from linkwork.reporting import definitions
from linkwork.reporting.dashboards import reach
from linkwork.reporting.definitions import Area
from linkwork.reporting.suppression import AsRecorded, Suppressed
from linkwork.reporting.tests import reach_scenario
from linkwork.reporting.tests.reach_scenario import APRIL, PERIOD
from linkwork.reporting.tests.test_dashboards import figure
from linkwork.reporting.tests.test_suppressed_pages import numbers_shown

PROGRAMME = reverse("reporting:programme")
DATES = {"date_from": "2026-04-01", "date_to": "2026-06-30"}


@pytest.fixture
def scene(world):
    return replay.replay("reporting_reach", lambda: reach_scenario.build(world))


def _x(scene) -> Area:
    return Area(practice=scene.world.practice_x)


def _cluster_rows(scene) -> reach.Rows:
    world = scene.world
    return reach.Rows([world.practice_x, world.practice_y], "practice", "practice")


def _practice_rows(scene) -> reach.Rows:
    return reach.Rows([scene.world.practice_x], "practice", "practice", single=True)


# --- Definitions ----------------------------------------------------------------------


def test_the_profile_used_is_the_latest_on_or_before_the_periods_end_else_the_first_after(
    scene,
):
    x = scene.world.practice_x
    assert definitions.profile_dates([x], PERIOD.end) == {x.pk: date(2026, 4, 1)}
    assert definitions.profile_dates([x], date(2026, 3, 31)) == {x.pk: date(2025, 4, 1)}
    assert definitions.profile_dates([x], date(2025, 1, 31)) == {x.pk: date(2025, 4, 1)}
    assert definitions.profile_dates([x], date(2026, 12, 31)) == {x.pk: date(2026, 9, 1)}


def test_the_registered_population_by_age_band_sex_and_known_decile(scene):
    world = scene.world
    population = definitions.registered_population([world.practice_x, world.practice_y], PERIOD.end)
    assert population.total == 1500
    assert population.by_age_band == {"25-44": 1000, "65-74": 500}
    assert population.by_sex == {"female": 900, "male": 600}
    assert population.by_simd == {1: 1000, 2: 300}  # 200 not known
    assert population.as_at == {world.practice_x.pk: date(2026, 4, 1)}  # Y has none
    assert population.by_practice == {world.practice_x.pk: 1500}


def test_a_practice_with_no_profile_has_an_empty_population_not_a_crash(scene):
    population = definitions.registered_population([scene.world.practice_y], PERIOD.end)
    assert (population.total, population.as_at, population.by_age_band) == (0, {}, {})


def test_people_referred_each_once_by_age_on_their_first_referral_sex_and_decile(scene):
    """P1 to P5 (P4 twice, counted as on 19 April; P6 declined as not appropriate)."""
    profile = definitions.people_referred_profile(PERIOD, _x(scene))
    assert profile.total == 5
    assert profile.by_age_band == {
        "0-4": 0,
        "5-14": 0,
        "15-24": 1,  # P3, a day short of 25
        "25-44": 2,  # P1, and P2 on his 25th birthday
        "45-64": 0,
        "65-74": 1,  # P4 at 65 on his first referral (66 on his second)
        "75-84": 0,
        "85+": 1,  # P5
    }
    assert profile.by_sex == {"female": 2, "male": 2, "not_known": 1}
    assert profile.by_simd == {1: 2, 2: 2, None: 1}  # P4's first referral had none


def test_beside_a_population_only_practices_with_a_profile_count(scene):
    world = scene.world
    cluster = Area(cluster=world.practice_x.cluster)
    assert definitions.people_referred_profile(PERIOD, cluster).total == 10  # and Y's five
    beside = definitions.people_referred_profile(PERIOD, cluster, practices=[world.practice_x])
    assert beside.total == 5


def test_registered_patients_come_from_the_profile_else_the_list_size(scene):
    world = scene.world
    ids = [world.practice_x.pk, world.practice_y.pk]
    found = definitions.registered_patients(Practice.objects.filter(pk__in=ids), PERIOD.end)
    assert found == {world.practice_x.pk: definitions.Registered(1500, date(2026, 4, 1))}
    Practice.objects.filter(pk=world.practice_y.pk).update(list_size=2000)
    found = definitions.registered_patients(Practice.objects.filter(pk__in=ids), PERIOD.end)
    assert found[world.practice_y.pk] == definitions.Registered(2000, None)


def test_rates_per_thousand_and_per_ten_thousand_round_half_up(scene):
    assert definitions.referral_rate(6, 1500) == Decimal("4.0")
    assert definitions.referral_rate(1, 8000) == Decimal("0.1")  # 0.125
    assert definitions.referral_rate(1, 20000) == Decimal("0.1")  # 0.05 rounds up
    assert definitions.referral_rate(3, 0) is None
    assert definitions.wte_per_ten_thousand(Decimal("0.6"), 1500) == Decimal("4.00")


def test_wte_is_shared_among_a_workers_practices_by_working_days(scene):
    world = scene.world
    staffing = definitions.practice_wte([world.practice_x, world.practice_y])
    x, y = staffing[world.practice_x.pk], staffing[world.practice_y.pk]
    assert (x.headcount, x.with_wte, x.wte, x.wte_known) == (1, 1, Decimal("0.6"), True)
    # worker_a's 0.40 and worker_a2 with no WTE recorded: Y's WTE is not known.
    assert (y.headcount, y.with_wte, y.wte, y.wte_known) == (2, 1, Decimal("0.4"), False)


def test_a_worker_with_a_placement_without_days_is_shared_equally(scene):
    world = scene.world
    world.worker_a.attachments.filter(practice=world.practice_y).update(working_days=[])
    staffing = definitions.practice_wte([world.practice_x, world.practice_y])
    assert staffing[world.practice_x.pk].wte == Decimal("0.5")


def test_clinical_staff_who_referred_in_the_six_months_to_the_periods_end(scene):
    """practice_staff (GP) and the nurse referred to X; the pharmacist did not; the
    receptionist is not clinical; the switched-off GP is not counted."""
    x = scene.world.practice_x
    found = definitions.clinical_staff_who_referred([x], PERIOD.end)
    assert found == {x.pk: definitions.Referrers(3, 2, date(2025, 12, 30))}
    # Six months to 14 Dec 2026 start after 14 Jun: only the nurse's (15 Jun) is in.
    later = definitions.clinical_staff_who_referred([x], date(2026, 12, 14))[x.pk]
    assert (later.clinical_staff, later.referred) == (3, 1)
    later = definitions.clinical_staff_who_referred([x], date(2026, 12, 15))[x.pk]
    assert later.referred == 0  # after 15 Jun: none


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (date(2026, 6, 30), date(2025, 12, 30)),
        (date(2026, 8, 31), date(2026, 2, 28)),
        (date(2028, 8, 31), date(2028, 2, 29)),
        (date(2026, 3, 15), date(2025, 9, 15)),
    ],
)
def test_six_months_before_a_day(day, before):
    assert definitions.months_before(day, 6) == before


def test_referrals_by_role_route_and_inappropriate_decline_per_practice(scene):
    world = scene.world
    x, y = world.practice_x.pk, world.practice_y.pk
    cluster = Area(cluster=world.practice_x.cluster)
    assert definitions.referrals_by_referrer_role(PERIOD, cluster, "practice") == {
        (x, "gp"): 3,
        (x, "practice_nurse"): 1,
        (x, "receptionist"): 1,
        (x, "self"): 1,
        (y, "external_organisation"): 5,
    }
    assert definitions.referrals_by_route(PERIOD, cluster, "practice") == {
        (x, "linkwork_form"): 2,
        (x, "phone"): 2,
        (x, "docman"): 1,
        (x, "self_referral_form"): 1,
        (y, "email"): 5,
    }
    by_cluster = definitions.declined_as_inappropriate_by_reason(PERIOD, cluster, "cluster")
    assert by_cluster == {(world.practice_x.cluster_id, "not_eligible"): 1}


# --- Tables ---------------------------------------------------------------------------


def test_age_beside_the_registered_population_as_recorded(scene):
    table = reach.reach("reach-age", PERIOD, _x(scene), AsRecorded())
    assert table.rows == [
        ["Aged 0 to 4", "0", "0%", "0%"],
        ["Aged 5 to 14", "0", "0%", "0%"],
        ["Aged 15 to 24", "1", "20%", "0%"],
        ["Aged 25 to 44", "2", "40%", "67%"],
        ["Aged 45 to 64", "0", "0%", "0%"],
        ["Aged 65 to 74", "1", "20%", "33%"],
        ["Aged 75 to 84", "0", "0%", "0%"],
        ["Aged 85 and over", "1", "20%", "0%"],
        ["All people referred", "5", "", ""],
    ]
    assert "1,500 in 1 practice, from population profiles as at 1 Apr 2026" in table.note


def test_sex_and_decile_shares_are_of_those_known(scene):
    sex = reach.reach("reach-sex", PERIOD, _x(scene), AsRecorded())
    assert sex.rows == [
        ["Female", "2", "50%", "60%"],
        ["Male", "2", "50%", "40%"],
        ["Not known", "1", "–", "–"],
        ["All people referred", "5", "", ""],
    ]
    simd = reach.reach("reach-simd", PERIOD, _x(scene), AsRecorded())
    assert simd.rows[:3] == [
        ["SIMD decile 1", "2", "50%", "77%"],  # 1,000 of the 1,300 whose decile is known
        ["SIMD decile 2", "2", "50%", "23%"],
        ["SIMD decile 3", "0", "0%", "0%"],
    ]
    assert simd.rows[-2:] == [["Not known", "1", "–", "–"], ["All people referred", "5", "", ""]]


def test_suppressed_every_small_count_and_its_share_is_hidden(scene):
    """Counts 0, 0, 1, 2, 0, 1, 0, 1 under a total of 5: the small ones would be given away
    by the total, which the page shows, so every count but the zeros is hidden, and so is
    each share worked out from one."""
    table = reach.reach("reach-age", PERIOD, _x(scene), Suppressed())
    assert [row[1:3] for row in table.rows] == [
        ["0", "0%"],
        ["0", "0%"],
        ["*", "*"],
        ["*", "*"],
        ["0", "0%"],
        ["*", "*"],
        ["0", "0%"],
        ["*", "*"],
        ["5", ""],
    ]
    sex = reach.reach("reach-sex", PERIOD, _x(scene), Suppressed())
    assert [row[1:3] for row in sex.rows] == [["*", "*"], ["*", "*"], ["*", "–"], ["5", ""]]


def test_a_practice_with_no_profile_says_so(scene):
    table = reach.reach("reach-age", PERIOD, Area(practice=scene.world.practice_y), Suppressed())
    assert table.rows == []
    assert table.note == "No population profile loaded for this area."


def test_rates_per_practice_and_over_the_cluster(scene):
    """X: 6 referrals per 1,500 patients = 4.0; 0.60 WTE per 1,500 = 4.00 per 10,000. Y has
    no registered figure: over the cluster, X's alone (Y's 5 referrals not small)."""
    world = scene.world
    table = reach.rates(
        PERIOD, Area(cluster=world.practice_x.cluster), _cluster_rows(scene), Suppressed()
    )
    assert table.rows == [
        ["Practice X", "1,500", "profile as at 1 Apr 2026", "6", "4.0", "0.60", "4.00"],
        ["Practice Y", "–", "No registered figure", "5", "–", "–", "–"],
        ["All practices", "1,500", "1 of 2 practices", "11", "4.0", "0.60", "4.00"],
    ]


def test_a_rate_of_a_hidden_count_is_hidden(scene):
    """April: X has 2 referrals (P1, P4), Y none: shown as <5, and so is every rate worked
    out from them (2 per 1,500 would give the 2 away)."""
    world = scene.world
    area = Area(cluster=world.practice_x.cluster)
    table = reach.rates(APRIL, area, _cluster_rows(scene), Suppressed())
    assert [row[3:5] for row in table.rows] == [["<5", "<5"], ["0", "–"], ["<5", "<5"]]
    recorded = reach.rates(APRIL, area, _cluster_rows(scene), AsRecorded())
    assert [row[3:5] for row in recorded.rows] == [["2", "1.3"], ["0", "–"], ["2", "1.3"]]


def test_a_row_whose_area_total_is_hidden_never_shows_all_its_counts(scene):
    """April: X's 2 referrals (GP, both) are hidden in referrals by area (<5), so its row
    may not show them all: their sum would be the hidden total."""
    world = scene.world
    area = Area(cluster=world.practice_x.cluster)
    shown = reach.breakdown("referrals-by-role", APRIL, area, _cluster_rows(scene), Suppressed())
    assert shown.rows == [
        ["Practice X", "<5", "<5"],
        ["Practice Y", "0", "0"],
        ["All practices", "*", "<5"],
    ]


def test_a_row_never_gives_away_an_area_total_hidden_beside_a_small_one():
    """Referrals by area 7, 3 and 20: the 3 is shown as <5 and the 7 hidden beside it. The
    7 came from one role alone: shown, it would give the hidden total away (and with the
    30, the 3), so it is hidden too."""
    policy = Suppressed()
    totals = policy.with_total([7, 3, 20], total_known=True)
    assert (totals.cells, totals.total) == (["*", "<5", "20"], "30")
    table = reach._under_shown_totals([[7, 0], [3, 0], [10, 10]], totals, policy)
    assert table.cells == [["*", "0"], ["<5", "0"], ["10", "10"]]
    assert (table.row_totals, table.column_totals, table.total) == (
        ["*", "<5", "20"],
        ["*", "10"],
        "30",
    )


def test_clinical_staff_table_hides_small_counts_of_staff_too(scene):
    recorded = reach.clinical_staff(PERIOD, _x(scene), _practice_rows(scene), AsRecorded())
    assert recorded.rows == [["Practice X", "2", "1", "3", "67%"]]
    assert recorded.head[1] == "Referred from 31 Dec 2025 to 30 Jun 2026"
    shown = reach.clinical_staff(PERIOD, _x(scene), _practice_rows(scene), Suppressed())
    assert shown.rows == [["Practice X", "<5", "<5", "<5", "*"]]  # a share: never "<5"


def test_breakdowns_per_practice_as_recorded_and_suppressed(scene):
    world = scene.world
    area = Area(cluster=world.practice_x.cluster)
    roles = reach.breakdown("referrals-by-role", PERIOD, area, _cluster_rows(scene), AsRecorded())
    assert roles.head == [
        "Practice", "GP", "Practice nurse", "Receptionist", "Self-referral",
        "External organisation", "All",
    ]  # fmt: skip
    assert roles.rows == [
        ["Practice X", "3", "1", "1", "1", "0", "6"],
        ["Practice Y", "0", "0", "0", "0", "5", "5"],
        ["All practices", "3", "1", "1", "1", "5", "11"],
    ]
    shown = reach.breakdown("referrals-by-role", PERIOD, area, _cluster_rows(scene), Suppressed())
    # Each practice's referrals (6 and 5) show in the referrals-by-area table: X's row is
    # suppressed under its 6, and 3, 1, 1, 1 with no larger count beside them would be
    # given away by it, so all are hidden; Y's single 5 is shown.
    assert shown.rows == [
        ["Practice X", "*", "*", "*", "*", "0", "6"],
        ["Practice Y", "0", "0", "0", "0", "5", "5"],
        ["All practices", "*", "*", "*", "*", "5", "11"],
    ]
    declined = reach.breakdown(
        "declined-not-appropriate", PERIOD, area, _cluster_rows(scene), AsRecorded()
    )
    assert declined.rows[0] == ["Practice X", "1", "0", "0", "0", "1"]


# --- The page and its files -----------------------------------------------------------


def test_the_commissioners_practice_page_shows_reach_suppressed(client, scene):
    world = scene.world
    client.force_login(world.users["commissioner"])
    html = client.get(PROGRAMME, {**DATES, "practice": world.practice_x.pk}).content.decode()
    rates = figure(html, "reach-rates")
    assert numbers_shown(rates) == ["1,500", "profile as at 1 Apr 2026", "6", "4.0", "0.60", "4.00"]
    assert "No population profile loaded" not in figure(html, "reach-age")
    other = client.get(PROGRAMME, {**DATES, "practice": world.practice_y.pk}).content.decode()
    assert "No population profile loaded for this area." in figure(other, "reach-age")


def test_reach_tables_export_as_shown(client, scene):
    world = scene.world
    client.force_login(world.users["commissioner"])
    params = {**DATES, "cluster": world.practice_x.cluster.pk, "table": "reach-rates"}
    response = client.get(PROGRAMME, {**params, "export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == [
        "Practice X",
        "1,500",
        "profile as at 1 Apr 2026",
        "6",
        "4.0",
        "0.60",
        "4.00",
    ]
    assert rows[3][0] == "All practices"
    response = client.get(PROGRAMME, {**params, "export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    table = [[cell.value for cell in row] for row in book["Table"].iter_rows()]
    assert table[1] == ["Practice X", "1,500", "profile as at 1 Apr 2026", 6, "4.0", "0.60", "4.00"]
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert "per 1,000 registered patients" in about["How this is counted"]
