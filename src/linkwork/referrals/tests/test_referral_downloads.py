"""The referrals list and the waiting list as CSV and XLSX: the page's rows under the same
filter, every page of them, status-only rows for status-only readers, each person named
audited as exported (decision 0084)."""

from functools import partial

import pytest
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.core.paging import paged
from linkwork.core.tests.listings import both, matches_page, page_table
from linkwork.referrals import services, views
from linkwork.referrals.tests.test_referral_rules import newcomer, refer

FORMULA = '=HYPERLINK("http://example.org","Click")'


@pytest.fixture
def referrals(world):
    """At practice X, beside the world's waiting referral: two more waiting (one named as
    a formula, one urgent), one declined, and one allocated to the other worker's case."""
    waiting = [
        refer(world, newcomer(given_name=FORMULA, family_name="Formula")),
        refer(world, newcomer(family_name="Urquhart"), urgency="urgent"),
    ]
    declined = refer(world, newcomer(family_name="Declined"))
    services.decline_referral(
        referral=declined, by=world.users["team_lead"], reason="not_eligible", feedback=""
    )
    colleagues = refer(world, newcomer(family_name="Colleague"))
    services.accept_referral(
        referral=colleagues, by=world.users["team_lead"], link_worker=world.worker_a2
    )
    return {"waiting": [world.referral_x, *waiting], "colleagues": colleagues}


def page_rows(client, url, params):
    head, rows = page_table(client.get(url, params).content.decode())
    return head, rows


@pytest.mark.parametrize("status", ["new", ""])
def test_the_files_hold_the_lists_rows_under_its_filter(client, world, referrals, status):
    client.force_login(world.users["practice_staff"])
    url = reverse("referrals:list")
    head, rows = page_rows(client, url, {"status": status})
    assert head == ["Person", "Practice", "Received", "Status", "Detail"]
    assert len(rows) == (3 if status else 5)
    for file in both(client, url, {"status": status}):
        matches_page(head, rows, file)
        assert file[0][5:] == ["Referral number", "CHI number"]


def test_the_files_hold_every_page(client, world, referrals, monkeypatch):
    monkeypatch.setattr(views, "paged", partial(paged, size=2))
    client.force_login(world.users["practice_staff"])
    url = reverse("referrals:list")
    head, first = page_rows(client, url, {})
    _, second = page_rows(client, url, {"page": 2})
    _, third = page_rows(client, url, {"page": 3})
    assert len(first) == 2
    for file in both(client, url, {}):
        matches_page(head, first + second + third, file)


def test_a_name_typed_as_a_formula_is_written_as_text(client, world, referrals):
    client.force_login(world.users["practice_staff"])
    for file in both(client, reverse("referrals:list"), {"status": "new"}):
        assert f"'{FORMULA} Formula" in [row[0] for row in file[1:]]
        assert not any(cell.startswith("=") for row in file for cell in row)


def test_a_status_only_reader_gets_the_referrals_number_and_no_one_is_audited_for_it(
    client, world, referrals
):
    colleagues = referrals["colleagues"]
    client.force_login(world.users["link_worker"])
    url = reverse("referrals:list")
    head, rows = page_rows(client, url, {})
    for file in both(client, url, {}):
        matches_page(head, rows, file)
        row = next(r for r in file[1:] if r[5] == str(colleagues.pk))
        assert row[0] == f"Referral {colleagues.pk}"
        assert row[6] == ""  # no CHI number
        assert "Colleague" not in str(file)
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, path=url)
    assert exported.filter(person_id=referrals["waiting"][0].person_id).exists()
    assert not exported.filter(person_id=colleagues.person_id).exists()


def test_an_export_writes_one_audit_event_per_person_in_it(client, world, referrals):
    client.force_login(world.users["practice_staff"])
    before = AuditEvent.objects.count()
    client.get(reverse("referrals:list"), {"status": "new", "download": "xlsx"})
    events = AuditEvent.objects.order_by("seq")[before:]
    assert {e.action for e in events} == {AuditAction.EXPORT}
    assert sorted(e.person_id for e in events) == sorted(r.person_id for r in referrals["waiting"])
    assert {e.path for e in events} == {reverse("referrals:list")}


def test_the_waiting_list_files_match_the_triage_page(client, world, referrals):
    client.force_login(world.users["team_lead"])
    url = reverse("referrals:queue")
    head, rows = page_rows(client, url, {})
    assert head == ["Person", "Practice", "Urgency", "Reasons", "Waited", "Suggested worker"]
    assert rows[0][2] == "Urgent"  # urgent first
    assert len(rows) == 3
    for file in both(client, url, {}):
        matches_page(head, rows, file)
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, path=url)
    assert exported.count() == 2 * len(rows)  # a CSV and an XLSX, each naming all three


@pytest.mark.parametrize(
    ("url_name", "username"),
    [
        ("referrals:list", "community_partner"),
        ("referrals:list", "outsider"),
        ("referrals:queue", "practice_staff"),
        ("referrals:queue", "commissioner"),
    ],
)
def test_those_who_may_not_see_the_list_get_no_file(client, world, url_name, username):
    client.force_login(world.users[username])
    for kind in ("csv", "xlsx"):
        assert client.get(reverse(url_name), {"download": kind}).status_code in (403, 404)


def test_a_download_of_something_else_is_refused(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.get(reverse("referrals:list"), {"download": "pdf"})
    assert response.status_code == 400
    # The page says what works, not a bare "Bad Request".
    assert "use ?download=csv or ?download=xlsx" in response.content.decode()


def test_a_chi_number_is_text_in_the_workbook_as_typed(client, world, referrals):
    """An identifier, not a number: a spreadsheet must not round it or drop a leading 0."""
    import io
    from datetime import date

    import openpyxl

    from linkwork.referrals.tests.test_nothing_typed_twice import chi_for

    chi = chi_for("010782")  # a leading zero
    refer(world, newcomer(family_name="Zero", date_of_birth=date(1982, 7, 1), chi=chi))
    refer(world, newcomer(family_name="Digits", sex="male", chi="1507824130"))
    client.force_login(world.users["link_worker"])  # shown the record, not what was typed
    response = client.get(reverse("referrals:list"), {"download": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    chis = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert chi in chis
    assert "1507824130" in chis  # not 1507824130 the number
    assert all(chi is None or (isinstance(chi, str) and len(chi) == 10) for chi in chis), chis
