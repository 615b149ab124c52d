"""The dashboards as each role opens them: a commissioner's programme (every count
suppressed, no one named, drill-down from HSCP to practice), a team lead's team (as
recorded), the period filter, chart downloads and table exports. Expected numbers are
worked out by hand from scenario.py."""

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from linkwork.casework.models import Case, Person
from linkwork.organisations.models import LinkWorker
from linkwork.reporting.dashboards.forms import last_twelve_months, shortcuts
from linkwork.reporting.definitions import Period
from linkwork.reporting.tests.test_suppressed_pages import numbers_shown

IN_PERIOD = {"date_from": "2026-04-01", "date_to": "2026-06-30"}  # scenario.PERIOD
PROGRAMME = reverse("reporting:programme")
TEAM = reverse("reporting:team")


def page(client, user, url=PROGRAMME, **params) -> str:
    client.force_login(user)
    response = client.get(url, {**IN_PERIOD, **params})
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, key: str) -> str:
    """One figure's section of a page."""
    return re.search(rf'<section[^>]*aria-labelledby="figure-{key}">(.*?)</section>', html, re.S)[1]


def small_counts_and_names(html: str) -> list[str]:
    """Anything a commissioner must never see: a count from 1 to 4 in a table or in a
    chart's marks, and the name of anyone with a record or a caseload."""
    found = [cell for cell in numbers_shown(html) if re.fullmatch(r"[1-4]", cell)]
    names = [p.full_name for p in Person.objects.all()]
    names += [str(w) for w in LinkWorker.objects.select_related("user")]
    return found + [name for name in names if name in html]


@pytest.mark.parametrize("username", ["commissioner", "national_analyst"])
def test_a_commissioner_never_sees_a_count_under_five_nor_a_name(client, programme, username):
    html = page(client, programme.world.users[username])
    assert "Referrals per month by who referred" in html
    assert small_counts_and_names(html) == []


def test_every_level_of_the_drill_down_is_suppressed_and_names_no_one(client, programme):
    world = programme.world
    user = world.users["commissioner"]
    cluster = world.practice_x.cluster
    for params in ({}, {"cluster": cluster.pk}, {"practice": world.practice_y.pk}):
        assert small_counts_and_names(page(client, user, **params)) == []


def test_the_commissioners_figures_in_glasgow(client, programme):
    """Glasgow's referrals: R2, R7, R8, R12b in April, R9, R10, R13b in May, R3 in June
    (8; R11 is Inverclyde's). Every month is small, so with the total known (it heads the
    funnel) every month is hidden. The funnel: 8 referred, 3 contacted (R2, R3, R9), 3
    engaged, 2 linked (R2, R9), 2 closed: drops 5, 0, 1, 0, 2 would give the 1 and the 2
    away under a known 8, so every stage after the first is hidden."""
    html = page(client, programme.world.users["commissioner"])
    assert numbers_shown(figure(html, "referrals-by-month")) == ["*", "*"] * 3 + ["*", "8"]
    assert numbers_shown(figure(html, "engagement")) == ["8", "100%"] + ["*", "*"] * 4
    assert numbers_shown(figure(html, "areas")) == ["8", "8"]  # one cluster


def test_a_commissioner_drills_down_from_hscp_to_cluster_to_practice(client, programme):
    world = programme.world
    user = world.users["commissioner"]
    cluster = world.practice_x.cluster
    hscp_page = page(client, user)
    assert f"?cluster={cluster.pk}&amp;date_from=2026-04-01&amp;date_to=2026-06-30" in hscp_page
    cluster_page = page(client, user, cluster=cluster.pk)
    assert f"?practice={world.practice_y.pk}&amp;" in cluster_page
    assert ">Glasgow City HSCP</a>" in cluster_page  # back up
    practice_page = page(client, user, practice=world.practice_y.pk)
    assert "Practice Y</h1>" in practice_page
    assert 'aria-labelledby="figure-areas"' not in practice_page  # nothing below a practice


def test_a_commissioner_cannot_open_another_hscps_area(client, programme):
    world = programme.world
    client.force_login(world.users["commissioner"])
    for params in ({"practice": world.practice_z.pk}, {"cluster": world.practice_z.cluster.pk}):
        assert client.get(PROGRAMME, params).status_code == 404
    assert client.get(PROGRAMME, {"hscp": world.hscp_b.pk}).status_code == 404
    assert client.get(PROGRAMME, {"practice": "x"}).status_code == 404


def test_a_national_analyst_starts_at_every_hscp(client, programme):
    world = programme.world
    html = page(client, world.users["national_analyst"])
    assert "All HSCPs</h1>" in html
    assert f"?hscp={world.hscp_b.pk}&amp;" in html


def test_a_commissioner_of_two_hscps_of_three_never_sees_a_total_of_every_hscp(client, programme):
    """Given Glasgow and Inverclyde, not a third HSCP: the dashboard opens at one of
    theirs and offers the other; "All HSCPs" (which counts the third) is not theirs."""
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role
    from linkwork.organisations.tests.factories import HSCPFactory

    world = programme.world
    third = HSCPFactory(name="Aaa Third HSCP")  # first by name: not where they start
    commissioner = world.users["commissioner"]
    assign_role(user=commissioner, role=Role.COMMISSIONER, hscp=world.hscp_b)
    html = page(client, commissioner)
    assert "All HSCPs" not in html
    assert f"{world.hscp_a}</h1>" in html
    assert f"?hscp={world.hscp_b.pk}" in html  # the other HSCP, to switch to
    assert f"hscp={third.pk}" not in html
    html = page(client, commissioner, hscp=world.hscp_b.pk)
    assert f"{world.hscp_b}</h1>" in html
    assert f"?hscp={world.hscp_a.pk}" in html
    client.force_login(commissioner)
    assert client.get(PROGRAMME, {"hscp": third.pk}).status_code == 404


def test_the_team_dashboard_shows_the_teams_counts_as_recorded(client, programme):
    """Glasgow's team (worker_a, worker_a2): referrals on its cases in the period: R2,
    R12b (April), R9, R10, R13b (May), R3 (June); engaged R2, R3, R9; linked and closed
    R2, R9."""
    world = programme.world
    Case.objects.filter(pk=world.case_y.pk).update(complexity="low")
    html = page(client, world.users["team_lead"], TEAM)
    assert numbers_shown(figure(html, "referrals-by-month")) == [
        "2",
        "2",
        "3",
        "3",
        "1",
        "1",
        "6",
        "6",
    ]
    funnel = numbers_shown(figure(html, "engagement"))
    assert funnel == ["6", "100%", "3", "50%", "3", "50%", "2", "33%", "2", "33%"]
    caseloads = figure(html, "caseloads")
    assert str(world.worker_a2) in caseloads
    assert str(world.worker_b) not in caseloads  # another team's


def test_the_other_hscps_team_lead_sees_only_their_team(client, programme):
    world = programme.world
    html = page(client, world.users["other_hscp_team_lead"], TEAM)
    assert str(world.worker_b) in html
    assert str(world.worker_a) not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"date_from": "2026-07-01", "date_to": "2026-06-01"},
            "The to date must be the same as or after the from date",
        ),
        (
            {"date_from": "1 April", "date_to": "2026-06-01"},
            "Enter the from date as a date, for example 2026-04-01",
        ),
        (
            {"date_from": "2020-01-01", "date_to": "2026-06-01"},
            "The period can be at most 5 years: enter a later from date",
        ),
    ],
)
def test_a_bad_period_says_which_field_and_how_to_fix_it(client, world, params, message):
    client.force_login(world.users["commissioner"])
    response = client.get(PROGRAMME, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<title>Error: " in html
    assert 'aria-labelledby="figure-' not in html


@pytest.mark.parametrize(
    ("today", "start"),
    [(date(2026, 12, 5), date(2026, 1, 1)), (date(2026, 3, 31), date(2025, 4, 1))],
)
def test_the_default_period_is_this_month_and_the_eleven_before(today, start):
    assert last_twelve_months(today) == Period(start, today)


def test_a_commissioners_charts_draw_no_count_under_five(client, programme):
    """The marks of each chart, read from the SVG file's labels: only counts the table
    shows are drawn."""
    client.force_login(programme.world.users["commissioner"])
    for key in (
        "referrals-by-month",
        "reasons",
        "engagement",
        "wellbeing",
        "unmet-needs",
        "not-engaged",
    ):
        svg = client.get(PROGRAMME, {**IN_PERIOD, "chart": key, "format": "svg"})
        drawn = re.findall(r'aria-label="([^"]*)"', svg.content.decode())
        assert not [label for label in drawn if re.search(r": [1-4](;|$)", label)], key


def test_a_team_leads_chart_draws_the_counts_as_recorded(client, programme):
    client.force_login(programme.world.users["team_lead"])
    svg = client.get(TEAM, {**IN_PERIOD, "chart": "referrals-by-month", "format": "svg"})
    drawn = re.findall(r'aria-label="Month: ([^;]+); How many: (\d+);', svg.content.decode())
    assert drawn == [("Apr 2026", "2"), ("May 2026", "3"), ("Jun 2026", "1")]


def test_charts_download_as_svg_and_png(client, programme):
    client.force_login(programme.world.users["commissioner"])
    svg = client.get(PROGRAMME, {**IN_PERIOD, "chart": "reasons", "format": "svg"})
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    png = client.get(PROGRAMME, {**IN_PERIOD, "chart": "engagement", "format": "png"})
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert client.get(PROGRAMME, {"chart": "reasons", "format": "gif"}).status_code == 404
    assert client.get(PROGRAMME, {"chart": "nothing", "format": "svg"}).status_code == 404


def test_a_table_exports_as_csv_with_the_cells_the_page_shows(client, programme):
    client.force_login(programme.world.users["commissioner"])
    response = client.get(PROGRAMME, {**IN_PERIOD, "export": "csv", "table": "engagement"})
    assert response["Content-Disposition"] == (
        'attachment; filename="engagement-glasgow-city-hscp-2026-04-01-to-2026-06-30.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Stage", "Referrals", "Share of those referred"]
    assert rows[1] == ["Referred", "8", "100%"]
    assert {row[1] for row in rows[2:]} == {"*"}


def test_a_table_exports_as_xlsx_with_its_filters_and_how_it_is_counted(client, programme):
    client.force_login(programme.world.users["team_lead"])
    response = client.get(TEAM, {**IN_PERIOD, "export": "xlsx", "table": "referrals-by-month"})
    book = load_workbook(io.BytesIO(response.content))
    table = [list(row) for row in book["Table"].iter_rows(values_only=True)]
    assert table[0] == ["Month", "GP", "All"]
    assert table[-1] == ["All months", 6, 6]  # numbers, so a spreadsheet adds them up
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["From"] == "2026-04-01"
    assert about["To (included)"] == "2026-06-30"
    assert about["How this is counted"].startswith("The referrals figure by the calendar month")
    assert about["Small numbers"].startswith("Counts are as recorded, not suppressed")


def test_a_commissioners_exports_are_suppressed_too(client, programme):
    client.force_login(programme.world.users["commissioner"])
    for key in ("referrals-by-month", "reasons", "engagement", "wellbeing", "unmet-needs", "areas"):
        response = client.get(PROGRAMME, {**IN_PERIOD, "export": "xlsx", "table": key})
        book = load_workbook(io.BytesIO(response.content))
        values = [v for row in book["Table"].iter_rows(values_only=True) for v in row]
        assert not [v for v in values if isinstance(v, int) and 0 < v < 5], key
        assert key == "areas" or "<5" in values or "*" in values, key  # one cluster of 8


@pytest.mark.parametrize("who", ["team_lead", "commissioner"])
def test_every_table_downloads_in_one_workbook_as_the_page_shows_it(client, programme, who):
    """A quarterly return in one file: a sheet a table, each as its own download gives it,
    and an About sheet saying the filters and what each sheet is."""
    client.force_login(programme.world.users[who])
    url = TEAM if who == "team_lead" else PROGRAMME
    html = client.get(url, IN_PERIOD).content.decode()
    assert "date_to=2026-06-30&amp;export=workbook" in html
    keys = re.findall(r'aria-labelledby="figure-([a-z-]+)"', html)
    response = client.get(url, {**IN_PERIOD, "export": "workbook"})
    assert response["Content-Disposition"].endswith('-2026-04-01-to-2026-06-30.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About", *keys]
    for key in keys:
        alone = client.get(url, {**IN_PERIOD, "export": "xlsx", "table": key})
        table = load_workbook(io.BytesIO(alone.content))["Table"]
        assert list(book[key].iter_rows(values_only=True)) == list(
            table.iter_rows(values_only=True)
        ), key
    about = list(book["About"].iter_rows(values_only=True))
    assert about[1][:2] == ("From", "2026-04-01")
    assert about[2][:2] == ("To (included)", "2026-06-30")
    listed = about[about.index(("Sheet", "Table", "How this is counted", "Note")) + 1 :]
    assert [row[0] for row in listed] == keys
    assert all(len(row[2]) > 40 for row in listed)  # how each is counted
    small_numbers = next(row[1] for row in about if row[0] == "Small numbers")
    if who == "team_lead":  # a quarterly return may be forwarded: it says what it holds
        assert small_numbers.startswith("Counts are as recorded, not suppressed")
    if who == "commissioner":
        assert small_numbers.startswith("Counts from 1 to 4 are shown as <5")
        values = [v for key in keys for row in book[key].iter_rows(values_only=True) for v in row]
        assert not [v for v in values if isinstance(v, int) and 0 < v < 5]


def test_every_figure_says_how_it_is_counted(client, programme):
    html = page(client, programme.world.users["commissioner"])
    notes = re.findall(r'<div class="nhsuk-details__text"><p>(.*?)</p>', html, re.S)
    assert (
        len(notes) == len(re.findall(r'aria-labelledby="figure-', html)) == 17
    )  # with social outcomes and why people did not engage
    assert all(len(note) > 40 for note in notes)


def test_a_quarter_is_one_click_away(client, programme):
    """A team lead's quarterly return: the last quarter, this one so far and the financial
    year so far are links that fill the period (7 December 2026: July to September)."""
    world = programme.world
    client.force_login(world.users["team_lead"])
    with time_machine.travel(date(2026, 12, 7)):
        html = client.get(TEAM).content.decode()
        last_quarter = "date_from=2026-07-01&amp;date_to=2026-09-30"
        assert f'href="?{last_quarter}">Last quarter' in html
        assert "date_from=2026-10-01&amp;date_to=2026-12-07" in html
        assert "date_from=2026-04-01&amp;date_to=2026-12-07" in html
        shown = client.get(f"{TEAM}?{last_quarter.replace('&amp;', '&')}")
    assert shown.status_code == 200
    assert 'value="2026-07-01"' in shown.content.decode()
    assert 'value="2026-09-30"' in shown.content.decode()


def test_quarters_start_where_the_financial_year_does():
    (_, last), (_, this), (_, year) = shortcuts(date(2027, 2, 14))
    assert (last.start, last.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert (this.start, this.end) == (date(2027, 1, 1), date(2027, 2, 14))
    assert (year.start, year.end) == (date(2026, 4, 1), date(2027, 2, 14))
