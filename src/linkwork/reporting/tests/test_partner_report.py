"""The community partner's "Referrals you received" report: counted as definitions.py
says, their own organisation's links only, suppressed on the page and in both downloads,
and no hidden count recoverable from the totals."""

import csv
import io
from datetime import date
from itertools import product

import openpyxl
import pytest
from django.urls import reverse

from linkwork.core import clock
from linkwork.links.models import Link
from linkwork.links.services import advance, create_link, signpost
from linkwork.reporting import definitions
from linkwork.reporting.definitions import Received
from linkwork.reporting.partner_report import quarter_label
from linkwork.reporting.tests.scenario import at
from linkwork.reporting.tests.test_suppressed_pages import numbers_shown

# Govan Community Trust's links, built below, by quarter and need (hand counted):
#   Jan to Mar 2026  Physical activity  received 1  accepted 0  attended 0  (world.link_x)
#   Apr to Jun 2026  Food               received 2  accepted 1  attended 0
#   Apr to Jun 2026  Housing            received 6  accepted 5  attended 5
#   Jul to Sep 2026  Housing            received 7  accepted 7  attended 3
# Not counted: a link to Another Charity, a signpost and a draft to the Trust.
EXPECTED_CSV = """Quarter,Need,Received,Accepted,Attended
Jan to Mar 2026,Physical activity,<5,0,0
Apr to Jun 2026,Food,<5,<5,0
Apr to Jun 2026,Housing,*,*,*
Jul to Sep 2026,Housing,7,7,<5
All quarters,All needs,16,*,*
"""
# Received: 1 and 2 are small, so the next smallest (6) is hidden; 16 is shown, since
# 16 - 7 = 9 is 1+3+5, 2+2+5, 1+2+6, 1+1+7 and more. Accepted: 13 - 7 = 6 would pin the
# small one (1 + 5), so its total is hidden; attended has no larger count left shown.


def _link(world, day: date, need: str, *steps, service=None):
    case = world.case_x
    with clock.as_of(at(day, 12)):
        link = create_link(
            case=case,
            service=service or world.service_x,
            by=case.link_worker.user,
            need=need,
            consent_to_share=True,
        )
    for status in steps:
        with clock.as_of(at(day, 15)):
            reason = "no_capacity" if status == "declined" else ""
            link = advance(link=link, status=status, by=case.link_worker.user, reason=reason)
    return link


@pytest.fixture
def received(world):
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=at(date(2026, 1, 15)))
    for steps in [("accepted", "first_attended")] * 5 + [()]:
        _link(world, date(2026, 4, 10), "housing", *steps)
    _link(world, date(2026, 5, 2), "food", "accepted")
    _link(world, date(2026, 6, 30), "food", "declined")
    for steps in [("accepted", "first_attended")] * 3 + [("accepted",)] * 4:
        _link(world, date(2026, 7, 1), "housing", *steps)
    _link(world, date(2026, 4, 10), "housing", "accepted", service=world.other_service)
    with clock.as_of(at(date(2026, 4, 11))):
        signpost(case=world.case_x, service=world.service_x, by=world.users["link_worker"])
    create_link(
        case=world.case_x, service=world.service_x, by=world.users["link_worker"], send=False
    )
    return world


@pytest.fixture
def partner(client, world):
    client.force_login(world.users["community_partner"])
    return client


URL = reverse("reporting:partner_referrals")


def test_the_definition_on_the_programme_counts_sent_links_by_quarter_and_need(programme):
    world = programme.world
    links = Link.objects.filter(organisation=world.partner_org).exclude(pk=world.link_x.pk)
    assert definitions.received_by_quarter_and_need(links) == {
        (date(2026, 1, 1), "housing"): Received(1, 0, 0),  # R12's case, 10 Mar
        (date(2026, 4, 1), "housing"): Received(2, 1, 1),  # R2's (attended), R11's (declined)
        (date(2026, 4, 1), "social_isolation"): Received(1, 0, 0),  # R9's, no capacity
    }  # not R10's draft nor R13's signpost


def test_quarters_are_named_by_their_months():
    assert [quarter_label(date(2026, month, 1)) for month in (1, 4, 7, 10)] == [
        "Jan to Mar 2026",
        "Apr to Jun 2026",
        "Jul to Sep 2026",
        "Oct to Dec 2026",
    ]


def test_the_page_shows_only_suppressed_counts_of_the_partners_own_links(received, partner):
    page = partner.get(URL).content.decode()
    assert (
        numbers_shown(page)
        == [
            cell.replace("<", "&lt;")
            for row in csv.reader(io.StringIO(EXPECTED_CSV))
            for cell in row[2:]
        ][3:]
    )
    assert "Another Charity" not in page
    assert "shown as &lt;5" in page


def _csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_csv_download_has_the_same_suppressed_cells(received, partner):
    response = partner.get(URL, {"download": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="referrals-received.csv"'
    # As every download writes CSV (core/downloads.py): the byte order mark Excel reads as
    # UTF-8, and lines ended as the CSV standard ends them.
    assert _csv_text(response) == "\ufeff" + EXPECTED_CSV.replace("\n", "\r\n")


def test_the_xlsx_download_has_the_same_cells_shown_counts_as_numbers(received, partner):
    response = partner.get(URL, {"download": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["Quarter", "Need", "Received", "Accepted", "Attended"],
        ["Jan to Mar 2026", "Physical activity", "<5", 0, 0],
        ["Apr to Jun 2026", "Food", "<5", "<5", 0],
        ["Apr to Jun 2026", "Housing", "*", "*", "*"],
        ["Jul to Sep 2026", "Housing", 7, 7, "<5"],
        ["All quarters", "All needs", 16, "*", "*"],
    ]


def _candidates(column: list[str], total: str, ceiling: int = 40) -> list[tuple[int, ...]]:
    """Every set of true counts a reader could reconcile with a column as shown: "<5" is
    1 to 4, "*" 5 or more, a shown total must be met."""
    ranges = [
        range(1, 5) if cell == "<5" else range(5, ceiling) if cell == "*" else [int(cell)]
        for cell in column
    ]
    return [c for c in product(*ranges) if total == "*" or sum(c) == int(total)]


def test_no_small_count_can_be_recovered_from_the_totals(received, partner):
    text = _csv_text(partner.get(URL, {"download": "csv"})).removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    body, totals = rows[1:-1], rows[-1]
    for measure in range(2, 5):
        column = [row[measure] for row in body]
        possible = _candidates(column, totals[measure])
        for i, cell in enumerate(column):
            if cell in ("<5", "*"):
                assert len({values[i] for values in possible}) > 1, (measure, i)


def test_an_unknown_download_is_refused_with_the_fix(partner):
    response = partner.get(URL, {"download": "pdf"})
    assert response.status_code == 400
    assert b"download must be csv or xlsx" in response.content


def test_with_nothing_received_the_page_says_so(partner, world):
    Link.objects.filter(organisation=world.partner_org).update(sent_at=None)
    assert "No referrals from link workers yet." in partner.get(URL).content.decode()


def test_the_partner_chooses_a_period_and_its_downloads_keep_it(received, partner):
    # April to June only: food received 2, accepted 1, attended 0; housing 6, 5 and 5.
    period = {"date_from": "2026-04-01", "date_to": "2026-06-30"}
    page = partner.get(URL, period).content.decode()
    assert "Sent from 1 April 2026 to 30 June 2026" in page
    assert "Jul to Sep 2026" not in page
    assert "date_from=2026-04-01&amp;date_to=2026-06-30&amp;download=csv" in page
    response = partner.get(URL, {**period, "download": "csv"})
    name = "referrals-received-2026-04-01-to-2026-06-30.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert _csv_text(response).removeprefix("\ufeff").splitlines() == [
        "Quarter,Need,Received,Accepted,Attended",
        "Apr to Jun 2026,Food,<5,<5,0",
        "Apr to Jun 2026,Housing,*,*,5",
        "All quarters,All needs,*,*,5",
    ]


def test_a_bad_date_is_named_with_its_fix(partner):
    response = partner.get(URL, {"date_to": "June"})
    assert response.status_code == 400
    assert "Enter the to date as a date, for example 2027-03-31" in response.content.decode()
