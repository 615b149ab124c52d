"""My day marks each person's safety flags and a lone visit beside their next session, in
a bounded number of queries (issue 13)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.casework import services as casework
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.casework.tests.helpers import refer_again
from linkwork.home.tests.test_homes import TODAY, at, home_of, section
from linkwork.home.tests.test_homes import wednesday_morning as wednesday_morning


def test_safety_flags_and_lone_working_show_beside_the_session(wednesday_morning, client, world):
    refer_again(world, flags=["dog", "lone_visit_risk"])
    lw = world.users["link_worker"]
    casework.record_session(
        case=world.case_x, by=lw, starts_at=at(9, TODAY + timedelta(days=2)), mode="phone"
    )
    page = home_of(client, lw)
    today = page[page.index(">Today</h2>") : page.index("Next 7 days")]
    assert "Dog at the address" in today
    assert "Do not visit alone" in today
    assert "Lone working: check in" in today  # session_x is a home visit
    coming = page[page.index("Next 7 days") : page.index(">Overdue actions</h2>")]
    assert world.case_x.person.full_name in coming
    assert "Dog at the address" in coming
    assert "Lone working" not in coming  # a phone call


def test_a_free_text_safety_note_is_marked_too(wednesday_morning, client, world):
    refer_again(world, safety_detail="Partner can be hostile")
    page = home_of(client, world.users["link_worker"])
    today = page[page.index(">Today</h2>") : page.index(">Overdue actions</h2>")]
    assert "Safety note" in today


def test_a_visit_opens_its_page_to_check_in_and_checks_out_from_my_day(
    wednesday_morning, client, world
):
    """Recording a lone visit in place would skip the safety details and the check-in; once
    checked in, My day says until when and checks out in one press (hazards H1, H4)."""
    lw = world.users["link_worker"]
    session = world.session_x  # a home visit, today at 10:00
    page_url = reverse("casework:session", args=[session.pk])
    today = section(home_of(client, lw), "Today", "Overdue actions")
    assert "Check in and record" in today
    assert f'hx-get="{page_url}' not in today  # the whole page, safety first
    assert "Lone working: check in" in today

    casework.check_in(session=session, by=lw, expected_back_at=at(12))
    today = section(home_of(client, lw), "Today", "Overdue actions")
    assert "Checked in: back by 12:00" in today
    assert "Lone working: check in" not in today
    check_out = reverse("casework:check_out", args=[session.pk])
    assert f'action="{check_out}"' in today

    client.post(check_out)
    session.refresh_from_db()
    assert session.checked_out_at is not None
    today = section(home_of(client, lw), "Today", "Overdue actions")
    assert check_out not in today
    assert "Checked in" not in today


def test_stopped_actions_are_not_overdue(wednesday_morning, client, world):
    lw = world.users["link_worker"]
    casework.update_action(
        action=world.action_x, by=lw, due_on=TODAY - timedelta(days=3), status="stopped"
    )
    page = home_of(client, lw)
    assert "Call the council" not in page[page.index(">Overdue actions</h2>") :]


def _session_for_new_person(world, hour: int):
    lw = world.users["link_worker"]
    case = CaseFactory(person=PersonFactory(practice=world.practice_x), link_worker=world.worker_a)
    casework.record_session(case=case, by=lw, starts_at=at(hour), mode="home_visit")
    casework.record_session(
        case=case, by=lw, starts_at=at(hour, TODAY + timedelta(days=1)), mode="phone"
    )
    return case


def test_my_day_reads_as_often_with_more_people_and_flags(wednesday_morning, client, world):
    refer_again(world, flags=["dog"])
    _session_for_new_person(world, 11)
    client.force_login(world.users["link_worker"])
    url = reverse("home:link_worker")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for hour in (12, 13, 14, 15):
        _session_for_new_person(world, hour)
    refer_again(world, flags=["violence_history"], safety_detail="Ask at reception")
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert page.count("Lone working: check in") >= 5
    assert len(after) <= len(before)
