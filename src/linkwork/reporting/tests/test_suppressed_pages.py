"""Every count a commissioner or community partner can open goes through the one
suppression rule: a 1 or a 2 never shows, and a total never gives one away."""

import re

import pytest
from django.urls import reverse

from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.directory.services.unmet import record_unmet_need
from linkwork.organisations.tests.factories import HostSettingFactory
from linkwork.reporting.suppression import EXPLANATION


def numbers_shown(html: str) -> list[str]:
    """The numeric cells of every table on a page, as a reader sees them."""
    cells = re.findall(r'nhsuk-table__cell--numeric"[^>]*>(.*?)</td>', html, re.S)
    return [re.sub(r"<span[^>]*>.*?</span>", "", cell).strip() for cell in cells]


def _unmet(world, need, area, times, username="link_worker"):
    for _ in range(times):
        record_unmet_need(need=need, reason="none_exists", area=area, by=world.users[username])


@pytest.mark.parametrize("username", ["commissioner", "national_analyst", "team_lead"])
def test_unmet_needs_never_show_a_small_count_nor_let_the_total_give_one_away(
    client, world, username
):
    _unmet(world, "trauma", "G51 3HR", 1)
    _unmet(world, "trauma", "G45 9AA", 2)
    _unmet(world, "food", "G51 3HR", 9)
    _unmet(world, "debt", "G51 3HR", 11)
    client.force_login(world.users[username])
    html = client.get(reverse("reporting:unmet_needs")).content.decode()
    # By name: debt 11, food 9 (hidden: the smallest larger count), trauma G45 2, G51 1.
    assert numbers_shown(html) == ["11", "*", "&lt;5", "&lt;5", "23"]
    assert "23 in all" in html
    assert "shown as &lt;5" in html


def test_an_unmet_need_total_that_would_give_a_count_away_is_hidden(client, world):
    _unmet(world, "trauma", "G51 3HR", 1)
    _unmet(world, "food", "G51 3HR", 5)
    client.force_login(world.users["commissioner"])
    html = client.get(reverse("reporting:unmet_needs")).content.decode()
    assert numbers_shown(html) == ["*", "&lt;5", "*"]  # 6 would say 5 + 1
    assert "6" not in numbers_shown(html)
    assert "* in all" not in html
    assert "The total is not shown" in html


def test_an_unmet_need_total_that_pins_no_hidden_count_is_shown(client, world):
    """1 + 10 + 12: the 10 is hidden with the 1, but 23 - 12 = 11 could be 1 + 10 or
    4 + 7 or ...: the total is shown."""
    _unmet(world, "trauma", "G51 3HR", 1)
    _unmet(world, "food", "G51 3HR", 12)
    _unmet(world, "debt", "G51 3HR", 10)
    client.force_login(world.users["commissioner"])
    html = client.get(reverse("reporting:unmet_needs")).content.decode()
    assert numbers_shown(html) == ["*", "12", "&lt;5", "23"]
    assert "23 in all" in html


def test_the_commissioners_practice_figures_suppress_ones_and_twos(client, world):
    CaseFactory(person=PersonFactory(practice=world.practice_y), link_worker=world.worker_a2)
    client.force_login(world.users["commissioner"])
    html = client.get(reverse("home:commissioner")).content.decode()
    figures = numbers_shown(html)
    # Practice X: 1 open case; Practice Y: 2. List sizes are public figures.
    assert figures[1::3] == ["&lt;5", "&lt;5"]
    assert figures[2::3] == ["0", "0"]
    assert EXPLANATION.replace("<", "&lt;") in html


def test_cases_at_a_host_setting_are_counted_beside_the_practices(client, world):
    """Someone a host setting referred, with no GP, has a case at the setting: it is
    counted on a row of its own, suppressed as a practice's; another HSCP's is not shown,
    nor a setting with no cases."""
    shelter = HostSettingFactory(hscp=world.hscp_a, name="Govan shelter")
    for _ in range(6):
        CaseFactory(
            person=PersonFactory(practice=None, chi=None, hscp=shelter.hscp),
            practice=None,
            host_setting=shelter,
            link_worker=world.worker_a,
        )
    HostSettingFactory(hscp=world.hscp_a, name="Quiet hostel")
    elsewhere = HostSettingFactory(hscp=world.hscp_b, name="Greenock hostel")
    CaseFactory(
        person=PersonFactory(practice=None, chi=None, hscp=elsewhere.hscp),
        practice=None,
        host_setting=elsewhere,
        link_worker=world.worker_b,
    )
    client.force_login(world.users["commissioner"])
    html = client.get(reverse("home:commissioner")).content.decode()
    assert "Cases by practice and host setting" in html
    row = html[html.index("Govan shelter") :]
    row = row[: row.index("</tr>")]
    assert "No list (host setting)" in row
    # Suppressed with the practices' 1 and 1 under the 8 open cases the programme summary
    # shows: 6 would give 8 - 6 = 2 away, so all three are hidden.
    assert numbers_shown(row + "</tr>")[-2:] == ["*", "0"]
    assert "Quiet hostel" not in html
    assert "Greenock hostel" not in html


def test_the_partners_own_referral_counts_match_the_list_they_open(client, world):
    """A partner's home counts the referrals to their organisation, each of which they open
    on the next page: counts of their own records, not statistics (suppression.of_own_records),
    so shown as they are."""
    client.force_login(world.users["community_partner"])
    home = client.get(reverse("home:partner")).content.decode()
    assert "1 waiting for your answer" in home
    listed = client.get(reverse("links:partner_links")).content.decode()
    assert listed.count("Govan walking group") >= 1
    assert "Another lunch club" not in listed + home  # another organisation's referral
