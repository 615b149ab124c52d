"""My day's caseload as CSV and XLSX: the table's rows under the same filters, every page,
each person audited as exported, and only for the worker whose caseload it is."""

from functools import partial

import pytest
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.core.paging import paged
from linkwork.core.tests.listings import both, matches_page, page_table
from linkwork.home import pages
from linkwork.reporting.audit_log.pages import page_name

FORMULA = "=1+2"


@pytest.fixture
def caseload(world):
    """Worker A's: the world's open case, a high-complexity one named as a formula, an
    open one at practice X with no contact, and a closed one."""
    at_x = {"practice": world.practice_x}
    return [
        world.case_x,
        CaseFactory(
            person=PersonFactory(**at_x, given_name=FORMULA),
            link_worker=world.worker_a,
            complexity="high",
        ),
        CaseFactory(person=PersonFactory(**at_x, given_name="Alex"), link_worker=world.worker_a),
        CaseFactory(
            person=PersonFactory(**at_x, given_name="Closed"),
            link_worker=world.worker_a,
            status="closed",
        ),
    ]


def _table(client, params):
    return page_table(client.get(reverse("home:link_worker"), params).content.decode())


@pytest.mark.parametrize(
    ("params", "count"), [({}, 3), ({"complexity": "high"}, 1), ({"status": "all"}, 4)]
)
def test_the_files_hold_the_caseloads_rows_under_its_filters(
    client, world, caseload, params, count
):
    client.force_login(world.users["link_worker"])
    head, rows = _table(client, params)
    assert head == ["Person", "Practice", "Complexity", "Last contact", "Status"]
    assert len(rows) == count
    for file in both(client, reverse("home:link_worker"), params):
        matches_page(head, rows, file)
        assert file[0][5:] == ["Case number", "CHI number"]
        for row in file[1:]:
            assert Case.objects.get(pk=row[5]).person.chi == row[6]


def test_the_files_hold_every_page_and_a_formula_as_text(client, world, caseload, monkeypatch):
    monkeypatch.setattr(pages, "paged", partial(paged, size=2))
    client.force_login(world.users["link_worker"])
    head, first = _table(client, {"status": "all"})
    _, second = _table(client, {"status": "all", "page": 2})
    assert len(first) == 2
    for file in both(client, reverse("home:link_worker"), {"status": "all"}):
        matches_page(head, first + second, file)
        assert any(row[0].startswith(f"'{FORMULA}") for row in file[1:])


def test_an_export_writes_one_audit_event_per_person(client, world, caseload):
    client.force_login(world.users["link_worker"])
    url = reverse("home:link_worker")
    client.get(url, {"status": "all", "download": "csv"})
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT, path=url)
    assert sorted(e.person_id for e in events) == sorted(c.person_id for c in caseload)
    assert {page_name(e.path) for e in events} == {"My day"}  # as the audit log names it


@pytest.mark.parametrize("username", ["team_lead", "practice_staff", "outsider"])
def test_no_one_else_downloads_a_workers_caseload(client, world, username):
    client.force_login(world.users[username])
    response = client.get(reverse("home:link_worker"), {"download": "xlsx"})
    assert response.status_code == 403
