"""The busiest pages read the database a fixed number of times, however much a case or a
list holds: more sessions, goals, notes, needs, links and referrals add no queries. The
ceilings are today's counts in the test world (its audit writes included), so a page that
starts reading once a row, or reads the same thing twice again, fails here first
(benchmarks/pages.py times the pages)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.casework import services as casework
from linkwork.casework.tests.helpers import refer_again
from linkwork.directory.models import Accessibility, Address, Location, ServiceAtLocation
from linkwork.links.services import create_link

SEARCH = "?q=walking+group&postcode=G51+3TR&radius=5"
PAGES = {  # page: (who, address, most queries)
    # My day: + the worker's own leave and the leave they cover (issue 15), in one read.
    "My day": ("link_worker", lambda w: reverse("home:link_worker"), 20),
    # A case: + the MDTs that discussed it (timeline) and a debrief asked about it;
    # - engaged from the sessions read, safety in one read, CHANGE_CASE decided once.
    "a case": ("link_worker", lambda w: reverse("casework:case_detail", args=[w.case_x.pk]), 38),
    "referrals": ("link_worker", lambda w: reverse("referrals:list"), 11),
    "a referral": (
        "link_worker",
        lambda w: reverse("referrals:detail", args=[w.referral_x.pk]),
        23,
    ),
    "onward links": ("team_lead", lambda w: reverse("links:links"), 10),
    "directory search": ("link_worker", lambda w: reverse("directory:search") + SEARCH, 20),
    "a service": ("link_worker", lambda w: reverse("directory:service", args=[w.service_x.pk]), 16),
    "record a session": (
        "link_worker",
        lambda w: reverse("casework:new_session", args=[w.case_x.pk]),
        11,
    ),
    "refer": ("practice_staff", lambda w: reverse("referrals:new"), 6),
    # Each referral shown is an audited read of what the person shared: written at once.
    "referrals to a partner": ("community_partner", lambda w: reverse("links:partner_links"), 12),
}


def _others_on_the_case(world) -> None:
    """Sessions booked by others (whose roles the timeline reads) and changes to the case
    (whose saver it names): on the case page, each person and version adds no query."""
    for days, who, complexity in ((4, "practice_staff", "mid"), (5, "team_lead", "high")):
        casework.record_session(
            case=world.case_x,
            by=world.users[who],
            starts_at=timezone.now() + timedelta(days=days),
            mode="phone",
        )
        world.case_x.refresh_from_db()
        casework.set_complexity(case=world.case_x, by=world.users[who], complexity=complexity)


def _another_place(world) -> None:
    """The service runs somewhere else too, with its address and access: no query more."""
    service = world.service_x
    place = Location.objects.create(organisation=service.organisation, name="Elder Park hall")
    Address.objects.create(
        location=place, address_1="2 Elder Park", city="Glasgow", postal_code="G51 3TR"
    )
    Accessibility.objects.create(location=place, description="Step-free entrance")
    ServiceAtLocation.objects.create(service=service, location=place)


def _more_of_everything(world) -> None:
    worker = world.users["link_worker"]
    for days in (1, 2, 3):
        casework.record_session(
            case=world.case_x,
            by=worker,
            starts_at=timezone.now() - timedelta(days=days),
            mode="phone",
            outcome="attended",
        )
        goal = casework.add_goal(case=world.case_x, by=worker, wording=f"Goal {days}")
        casework.add_action(goal=goal, by=worker, description=f"Step {days}", owner="Jim")
        casework.add_note(case=world.case_x, by=worker, text=f"Note {days}")
        refer_again(world)
    casework.add_identified_need(case=world.case_x, by=worker, need="debt", detail="")
    create_link(
        case=world.case_x,
        service=world.service_x,
        by=worker,
        need="debt",
        consent_to_share=True,
        shares_contact_details=True,
        shares_reason=False,
        reason="",
    )


@pytest.mark.parametrize("page", PAGES)
def test_a_page_reads_as_often_with_more_records(
    page, client, world, django_assert_max_num_queries
):
    who, address, most = PAGES[page]
    worker = world.users["link_worker"]
    # One need first: a case with none skips reading the needs' history.
    casework.add_identified_need(case=world.case_x, by=worker, need="housing", detail="")
    client.force_login(world.users[who])
    url = address(world)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _more_of_everything(world)
    if page == "a case":
        _others_on_the_case(world)
    if page == "a service":
        _another_place(world)
    with django_assert_max_num_queries(most), CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) <= len(before)
