"""Onward links: the links on a worker's cases (a team lead's team's), filtered, a page at a
time, and as CSV and XLSX holding every row under the same filters, each person named
audited as exported once (decisions 0084, 0088)."""

from datetime import timedelta
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.core.paging import paged
from linkwork.core.tests.listings import both, matches_page, page_table
from linkwork.directory.tests.factories import service
from linkwork.links import services
from linkwork.links.models import Link
from linkwork.links.views import lists

URL = "/links/"
FORMULA = '=HYPERLINK("http://example.org","Click")'
HEAD = [
    "Person",
    "Service",
    "Organisation",
    "Status",
    "Sent",
    "Response due",
    "Support given",
    "Worker",
]


@pytest.fixture
def links(world):
    """Beside case_x's two sent links: link_x overdue, a third from case_x to a service
    named as a formula and declined, a colleague's link (case_y), and one in the other
    HSCP's team (case_z)."""
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=timezone.now() - timedelta(days=30))
    formula = service(world.partner_org, FORMULA, by=world.users["link_worker"])
    declined = services.create_link(
        case=world.case_x, service=formula, by=world.users["link_worker"], consent_to_share=True
    )
    services.advance(
        link=declined, status="declined", reason="no_capacity", by=world.users["community_partner"]
    )
    colleagues = services.create_link(
        case=world.case_y,
        service=world.other_service,
        by=world.users["other_link_worker"],
        consent_to_share=True,
    )
    elsewhere = services.create_link(
        case=world.case_z,
        service=world.other_service,
        by=world.users["other_hscp_link_worker"],
        consent_to_share=True,
    )
    return {
        "overdue": world.link_x,
        "sent": world.link_other,
        "declined": declined,
        "colleagues": colleagues,
        "elsewhere": elsewhere,
    }


def shown(client, params=None) -> tuple[list[str], list[list[str]]]:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return page_table(response.content.decode())


def link_numbers(client, params) -> set[int]:
    """The links a download holds, by number (the file's first identifier)."""
    csv, _ = both(client, URL, params)
    return {int(row[len(HEAD)]) for row in csv[1:]}


def test_a_worker_sees_the_links_on_their_own_cases(client, world, links):
    client.force_login(world.users["link_worker"])
    head, rows = shown(client, {"status": "all"})
    assert head == HEAD
    assert sorted(row[1] for row in rows) == sorted(
        [world.service_x.name, world.other_service.name, f"{FORMULA}"]
    )
    assert {row[0] for row in rows} == {world.case_x.person.full_name}
    assert link_numbers(client, {"status": "all"}) == {
        links["overdue"].pk,
        links["sent"].pk,
        links["declined"].pk,
    }


def test_a_team_lead_sees_their_teams_links_and_chooses_a_worker(client, world, links):
    client.force_login(world.users["team_lead"])
    ours = {links[k].pk for k in ("overdue", "sent", "declined", "colleagues")}
    assert link_numbers(client, {"status": "all"}) == ours
    page = client.get(URL).content.decode()
    assert 'name="worker"' in page
    assert link_numbers(client, {"status": "all", "worker": world.worker_a2.pk}) == {
        links["colleagues"].pk
    }
    _, rows = shown(client, {"status": "all", "worker": world.worker_a2.pk})
    assert [row[7] for row in rows] == [str(world.worker_a2)]


def test_a_worker_is_not_offered_a_choice_of_workers(client, world, links):
    client.force_login(world.users["link_worker"])
    assert 'name="worker"' not in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("", {"overdue", "sent"}),  # open, by default
        ("open", {"overdue", "sent"}),
        ("waiting", {"overdue", "sent"}),
        ("ended", {"declined"}),
        ("all", {"overdue", "sent", "declined"}),
    ],
)
def test_the_status_filter(client, world, links, status, expected):
    client.force_login(world.users["link_worker"])
    assert link_numbers(client, {"status": status}) == {links[k].pk for k in expected}


def test_an_accepted_link_is_open_but_not_waiting(client, world, links):
    services.advance(link=links["sent"], status="accepted", by=world.users["link_worker"])
    client.force_login(world.users["link_worker"])
    assert links["sent"].pk in link_numbers(client, {"status": "open"})
    assert links["sent"].pk not in link_numbers(client, {"status": "waiting"})


def test_overdue_only(client, world, links):
    client.force_login(world.users["link_worker"])
    assert link_numbers(client, {"status": "all", "overdue": "on"}) == {links["overdue"].pk}
    _, rows = shown(client, {"overdue": "on"})
    assert len(rows) == 1
    assert rows[0][5].startswith("Overdue (due ")
    _, rows = shown(client, {"status": "all"})
    answered = next(row for row in rows if row[1] == FORMULA)
    assert answered[3] == "Declined"
    assert answered[5] == ""  # answered: nothing due


def test_the_files_hold_the_pages_rows_under_a_filter_across_pages(
    client, world, links, monkeypatch
):
    monkeypatch.setattr(lists, "paged", partial(paged, size=2))
    client.force_login(world.users["team_lead"])
    params = {"status": "all"}
    head, first = shown(client, params)
    _, second = shown(client, {**params, "page": 2})
    assert len(first) == 2
    assert len(second) == 2
    for file in both(client, URL, params):
        matches_page(head, first + second, file)
        assert file[0][len(HEAD) :] == ["Link number", "Case number", "CHI number"]
        chis = {row[-1] for row in file[1:]}
        assert world.case_y.person.chi in chis
    # under another filter too: the page's rows, no others
    head, rows = shown(client, {"status": "ended"})
    for file in both(client, URL, {"status": "ended"}):
        matches_page(head, rows, file)


def test_a_download_writes_one_audit_event_per_person(client, world, links):
    client.force_login(world.users["team_lead"])
    before = AuditEvent.objects.count()
    client.get(URL, {"status": "all", "download": "csv"})
    events = AuditEvent.objects.order_by("seq")[before:]
    assert {e.action for e in events} == {AuditAction.EXPORT}
    # case_x's three links name one person once; case_y's one
    assert sorted(e.person_id for e in events) == sorted(
        [world.case_x.person_id, world.case_y.person_id]
    )
    assert {e.path for e in events} == {URL}


def test_the_page_is_not_audited_per_person(client, world, links):
    client.force_login(world.users["link_worker"])
    before = AuditEvent.objects.filter(person_id=world.case_x.person_id).count()
    shown(client, {"status": "all"})
    assert AuditEvent.objects.filter(person_id=world.case_x.person_id).count() == before


def test_a_service_named_as_a_formula_is_written_as_text(client, world, links):
    client.force_login(world.users["link_worker"])
    for file in both(client, URL, {"status": "ended"}):
        assert [row[1] for row in file[1:]] == [f"'{FORMULA}"]
        assert not any(cell.startswith("=") for row in file for cell in row)


@pytest.mark.parametrize(
    "username", ["community_partner", "practice_staff", "commissioner", "administrator"]
)
def test_those_who_work_no_cases_get_no_list_and_no_file(client, world, links, username):
    client.force_login(world.users[username])
    assert client.get(URL).status_code == 403
    for kind in ("csv", "xlsx"):
        assert client.get(URL, {"download": kind}).status_code == 403


def test_my_day_and_the_team_leads_home_lead_to_the_list(client, world, links):
    client.force_login(world.users["link_worker"])
    assert f'href="{URL}"' in client.get(reverse("home:home"), follow=True).content.decode()
    client.force_login(world.users["team_lead"])
    assert f'href="{URL}"' in client.get(reverse("home:home"), follow=True).content.decode()


def test_open_is_the_filter_shown_and_applied_at_first(client, world, links):
    client.force_login(world.users["link_worker"])
    page = client.get(URL).content.decode()
    assert 'value="open" checked' in page


def test_a_worker_outside_the_team_is_named_wrong_and_the_other_filters_still_apply(
    client, world, links
):
    client.force_login(world.users["team_lead"])
    params = {"status": "ended", "worker": world.worker_b.pk}
    page = client.get(URL, params).content.decode()
    assert "nhsuk-error-message" in page
    assert link_numbers(client, params) == {links["declined"].pk}
