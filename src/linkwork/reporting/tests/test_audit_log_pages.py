"""The audit log page, its CSV and the subject access request, in the service's words."""

import csv
import io
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from linkwork.accounts.models import RoleAssignment
from linkwork.audit.models import Action, AuditEvent
from linkwork.audit.services import record
from linkwork.audit.tests.helpers import entries
from linkwork.reporting.audit_log.pages import NO_PAGE, page_name

LONDON = ZoneInfo("Europe/London")
SEARCH = reverse("audit:search")
WORKER = "link_worker"  # the username of the world's link worker


def _page(client, **query) -> str:
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    return unescape(response.content.decode())


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["administrator"])
    return client


@pytest.fixture
def viewed(client, world):
    """link_worker opened case_x's page; then the administrator signs in."""
    client.force_login(world.users["link_worker"])
    client.get(reverse("casework:case_detail", kwargs={"pk": world.case_x.pk}))
    client.force_login(world.users["administrator"])
    return world.case_x


def _assignment(user) -> RoleAssignment:
    return user.role_assignments.get()


def _view(world, path: str, *, user="link_worker", role=True):
    """`user` viewed `path`, about case_x's person; as a link worker if `role`."""
    request = RequestFactory().get(path)
    request.user = world.users[user]
    detail = {"role": "link_worker", "assignment": _assignment(request.user).pk} if role else {}
    return record(
        action=Action.VIEW,
        request=request,
        person_id=world.case_x.person_id,
        hscp_id=world.hscp_a.pk,
        detail=detail,
    )


def test_the_log_says_who_looked_at_whose_record_on_which_page(client, world, viewed):
    page = _page(client, person=str(viewed.person_id))
    worker = world.users["link_worker"]
    assert f"{worker.get_full_name()} ({worker.username})" in page
    assert f"{viewed.person.full_name} (record {viewed.person_id})" in page
    assert "Case page" in page
    assert "Viewed" in page
    assert "casework.case" not in page
    assert f"/cases/{viewed.pk}/" not in page


def test_why_it_was_allowed_names_the_role_and_its_scope(admin, world):
    _view(world, f"/cases/{world.case_x.pk}/person/")
    page = _page(admin, username="link_worker")
    assert f"as Link worker, {world.provider_a.name}" in page
    assert "Personal details" in page


def test_a_removed_role_still_shows_as_the_role_alone(admin, world):
    _view(world, f"/goals/{world.goal_x.pk}/")
    _assignment(world.users["link_worker"]).delete()
    page = _page(admin, username="link_worker")
    assert "as Link worker" in page
    assert f"as Link worker, {world.provider_a.name}" not in page
    assert "Goal" in page


def test_an_event_without_a_role_says_nothing_of_why(admin, world):
    _view(world, "/api/v1/cases/1", role=False)
    page = _page(admin, username="link_worker", action="view")
    assert "API: case" in page
    assert "as Link worker" not in page


def test_repeated_views_of_a_page_within_five_minutes_fold_into_one_line(admin, world):
    path = f"/cases/{world.case_x.pk}/"
    start = datetime(2026, 12, 3, 10, 2, tzinfo=LONDON)
    for minutes in (0, 1, 2, 3, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            _view(world, path)
    page = _page(admin, username="link_worker", action="view")
    assert "Viewed 4 times" in page
    assert "3 Dec 2026 10:02 to 10:05" in page
    assert "3 Dec 2026 10:22" in page  # later than five minutes: a line of its own
    assert entries(page) == 5


def test_views_folded_within_one_minute_show_that_minute_once(admin, world):
    start = datetime(2026, 12, 3, 10, 2, 5, tzinfo=LONDON)
    for seconds in (0, 40):
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            _view(world, f"/cases/{world.case_x.pk}/")
    page = _page(admin, username="link_worker", action="view")
    assert "Viewed 2 times" in page
    assert "3 Dec 2026 10:02" in page
    assert "10:02 to 10:02" not in page


def test_views_by_another_user_or_of_another_page_do_not_fold(admin, world):
    moment = datetime(2026, 12, 3, 10, 2, tzinfo=LONDON)
    with time_machine.travel(moment, tick=False):
        _view(world, f"/cases/{world.case_x.pk}/")
        _view(world, f"/cases/{world.case_x.pk}/person/")
        _view(world, f"/cases/{world.case_x.pk}/", user="team_lead", role=False)
    page = _page(admin, action="view", date_from="2026-12-03", date_to="2026-12-03")
    assert "times" not in page
    assert page.count("3 Dec 2026 10:02") == 3


def test_a_person_is_found_by_chi_number_or_record_number(admin, world, viewed):
    _view(world, "/cases/1/")  # a second event about case_x's person
    record(action=Action.VIEW, actor=world.users["link_worker"], person_id=world.case_y.person_id)
    for person in (viewed.person.chi, f" {viewed.person.chi[:6]} {viewed.person.chi[6:]} "):
        assert entries(_page(admin, person=person, action="view", username=WORKER)) == 2
    assert entries(_page(admin, person=str(viewed.person_id), action="view", username=WORKER)) == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Jim", "Enter the person's CHI number (10 digits) or their record number"),
        ("0101011230", "check digit is wrong"),
        ("12345678901", "This CHI number is too long"),
        ("0", "Enter the person's CHI number (10 digits) or their record number"),
    ],
)
def test_a_person_typed_wrongly_is_named_with_the_fix(admin, world, typed, message):
    page = _page(admin, person=typed)
    assert "There is a problem" in page
    assert message in page
    assert "No entries match" in page


def test_bad_choices_are_named_with_the_fix(client, world):
    client.force_login(world.users["national_administrator"])
    page = _page(client, action="zzz", hscp="999999")
    assert "Select what they did from the list" in page
    assert "Select the HSCP from the list" in page


def test_a_national_administrator_filters_by_hscp(client, world):
    record(action=Action.EXPORT, actor=world.users["team_lead"], hscp_id=world.hscp_a.pk)
    record(action=Action.EXPORT, actor=world.users["other_hscp_team_lead"], hscp_id=world.hscp_b.pk)
    client.force_login(world.users["national_administrator"])
    page = _page(client, hscp=str(world.hscp_b.pk), action="export")
    assert "other_hscp_team_lead" in page
    assert "(team_lead)" not in page
    assert world.hscp_a.name in _page(client)  # offered as a choice


def test_an_hscp_administrator_has_no_hscp_choice_and_sees_only_their_own(admin, world):
    record(action=Action.EXPORT, actor=world.users["other_hscp_team_lead"], hscp_id=world.hscp_b.pk)
    page = _page(admin, hscp=str(world.hscp_b.pk), action="export")
    assert 'name="hscp"' not in page
    assert "other_hscp_team_lead" not in page


def test_the_filtered_list_downloads_as_csv_with_plain_column_names(admin, world, viewed):
    query = {"person": viewed.person.chi, "action": "view", "username": WORKER}
    rows = _csv(admin.get(reverse("audit:export"), query))
    assert len(rows) == 1
    row = rows[0]
    assert row["Who"].endswith("(link_worker)")
    assert row["What"] == "Viewed"
    assert row["Whose record"] == f"{viewed.person.full_name} (record {viewed.person_id})"
    assert row["Page"] == "Case page"
    assert row["Record"] == f"Case {viewed.pk}"
    assert row["HSCP"] == world.hscp_a.name


def test_downloading_the_list_is_itself_audited(admin, world):
    _csv(admin.get(reverse("audit:export"), {"action": "view"}))
    event = AuditEvent.objects.get(action=Action.EXPORT, actor=world.users["administrator"])
    assert event.detail["download"] == "audit_log"
    assert event.hscp_id == world.hscp_a.pk
    assert page_name(event.path) == "Audit log download"


def test_a_national_download_is_seen_in_the_log_of_each_hscp_whose_entries_it_holds(client, world):
    """Glasgow's administrators see that a national administrator took Glasgow's entries
    (with the names of the people in them), as they see a look-up of their people."""
    record(action=Action.VIEW, person_id=world.case_x.person_id, hscp_id=world.hscp_a.pk)
    record(action=Action.VIEW, person_id=world.case_z.person_id, hscp_id=world.hscp_b.pk)
    national = world.users["national_administrator"]
    client.force_login(national)
    _csv(client.get(reverse("audit:export"), {"action": "view"}))
    exports = AuditEvent.objects.filter(action=Action.EXPORT, actor=national)
    by_hscp = {e.hscp_id: e.detail["entries"] for e in exports}
    assert by_hscp == {world.hscp_a.pk: 1, world.hscp_b.pk: 1}
    client.force_login(world.users["administrator"])
    assert "national_administrator" in _page(client, action="export")


def test_reading_a_page_of_the_log_is_itself_logged_in_each_hscp_whose_entries_it_shows(
    client, world
):
    """The log names people, and an administrator reads no one's record otherwise: each
    HSCP's administrators see who read their entries, as they see a download of them."""
    record(action=Action.VIEW, person_id=world.case_x.person_id, hscp_id=world.hscp_a.pk)
    record(action=Action.VIEW, person_id=world.case_z.person_id, hscp_id=world.hscp_b.pk)
    national = world.users["national_administrator"]
    client.force_login(national)
    _page(client, action="view")
    reads = AuditEvent.objects.filter(action=Action.VIEW, actor=national)
    assert {e.hscp_id: e.detail["entries"] for e in reads} == {
        world.hscp_a.pk: 1,
        world.hscp_b.pk: 1,
    }
    assert {(e.person_id, page_name(e.path)) for e in reads} == {(None, "Audit log")}
    client.force_login(world.users["administrator"])
    assert "national_administrator" in _page(client, username="national_administrator")


def test_a_page_of_the_log_with_nothing_on_it_is_logged_in_the_readers_own_hscp(admin, world):
    _page(admin, username="nobody-by-this-name")
    (read,) = AuditEvent.objects.filter(action=Action.VIEW, actor=world.users["administrator"])
    assert (read.hscp_id, read.detail["entries"]) == (world.hscp_a.pk, 0)


def test_a_download_with_bad_filters_goes_back_to_name_them(admin, world):
    response = admin.get(reverse("audit:export"), {"date_from": "last week"})
    assert response.status_code == 302
    assert "Enter the from date as a date" in _page(admin, date_from="last week")
    assert not AuditEvent.objects.filter(action=Action.EXPORT, path="/audit/download/").exists()


def test_names_that_look_like_formulas_stay_text_in_the_csv(admin, world, viewed):
    person = viewed.person
    person.given_name = "=HYPERLINK(1)"
    person.save()
    rows = _csv(admin.get(reverse("audit:export"), {"person": person.chi}))
    assert rows[0]["Whose record"].startswith("'=HYPERLINK(1)")


def _role_given_and_taken_away(admin, world, person):
    """The administrator gives `person` the team lead role at provider_a, then takes it
    away, through the people pages."""
    given = admin.post(
        reverse("accounts:grant_role", kwargs={"pk": person.pk}),
        {"role_at": f"team_lead:{world.provider_a.pk}"},
    )
    assert given.status_code == 302
    role = person.role_assignments.get(role="team_lead")
    admin.post(reverse("accounts:remove_role", kwargs={"pk": person.pk, "role_pk": role.pk}))
    assert not person.role_assignments.filter(role="team_lead").exists()


def test_a_role_given_or_taken_away_says_whose_account_which_role_and_where(admin, world):
    """A role that reads cases given to a colleague is plain to whoever reads the log: the
    role given is what was done, not why it was allowed."""
    colleague = world.users["commissioner"]
    _role_given_and_taken_away(admin, world, colleague)
    page = _page(admin, username="administrator")
    team = world.provider_a.name
    assert f"Gave the role Team lead, {team}" in page
    assert f"Took away the role Team lead, {team}" in page
    assert page.count(f"{colleague.get_full_name()} (commissioner), staff account") == 2
    assert "as Team lead" not in page
    rows = _csv(admin.get(reverse("audit:export"), {"username": "administrator"}))
    given = next(row for row in rows if row["What"].startswith("Gave"))
    assert given["What"] == f"Gave the role Team lead, {team}"
    assert given["Whose record"] == f"{colleague.get_full_name()} (commissioner), staff account"
    assert given["Why it was allowed"] == ""


def test_a_change_to_someones_account_names_whose_account(admin, world):
    worker = world.users["link_worker"]
    admin.post(reverse("accounts:disable_person", kwargs={"pk": worker.pk}))
    page = _page(admin, username="administrator", action="change")
    assert f"{worker.get_full_name()} (link_worker), staff account" in page
    invitation = {"first_name": "Nina", "last_name": "Newcomer", "email": "nina@example.org"}
    admin.post(
        reverse("accounts:invite_person"),
        {**invitation, "role_at": f"practice_staff:{world.practice_x.pk}"},
    )
    page = _page(admin, username="administrator", action="create")
    assert "Invited, with the role Practice staff" in page
    assert f"Gave the role Practice staff, {world.practice_x.name}" in page
    assert page.count("Nina Newcomer (nina), staff account") == 2


SUBJECT = reverse("audit:subject_access")


def _reads_of(person, action=Action.VIEW):
    return AuditEvent.objects.filter(person_id=person.pk, action=action, path__startswith="/audit")


@pytest.mark.parametrize("how", ["chi", "record"])
def test_filtering_the_log_by_a_person_is_itself_a_read_of_their_record(admin, world, how):
    """Each use, on the page or its download, in the log of the HSCP owning the record."""
    for person in (world.case_x.person, world.case_z.person):  # Glasgow's, Inverclyde's
        typed = person.chi if how == "chi" else str(person.pk)
        _page(admin, person=typed)
        admin.get(reverse("audit:export"), {"person": typed})
        reads = _reads_of(person)
        assert reads.count() == 2
        assert {e.hscp_id for e in reads} == {person.hscp_id}
        assert {e.actor for e in reads} == {world.users["administrator"]}
    _page(admin, action="view")  # no person: no one's record read
    assert _reads_of(world.case_y.person).count() == 0


def test_a_subject_access_request_is_itself_a_read_and_its_download_an_export(admin, world, viewed):
    person = viewed.person
    admin.post(SUBJECT, {"person": person.chi})
    assert [e.hscp_id for e in _reads_of(person)] == [world.hscp_a.pk]
    admin.post(SUBJECT, {"person": person.chi, "download": "1"})
    exported = _reads_of(person, Action.EXPORT).get()
    assert (exported.hscp_id, exported.detail["download"]) == (person.hscp_id, "subject_access")
    assert _reads_of(person).count() == 1  # the download is its own event, not a view too
    inverclyde = world.case_z.person  # nothing of theirs in Glasgow's log: still a look-up
    admin.post(SUBJECT, {"person": inverclyde.chi, "download": "1"})
    assert [e.hscp_id for e in _reads_of(inverclyde)] == [world.hscp_b.pk]


def test_a_subject_access_request_finds_the_person_then_downloads_their_history(
    admin, world, viewed
):
    _view(world, f"/goals/{world.goal_x.pk}/")
    chi = viewed.person.chi
    summary = unescape(admin.post(SUBJECT, {"person": chi}).content.decode())
    assert f"Access history of {viewed.person.full_name}" in summary
    assert chi not in admin.get(SUBJECT).content.decode()
    rows = _csv(admin.post(SUBJECT, {"person": chi, "download": "1"}))
    assert {"Created", "Viewed"} <= {row["What"] for row in rows}  # the world's casework too
    views = [row for row in rows if row["What"] == "Viewed"]
    # oldest first; the administrator's own look-up is a read of the person too
    assert [row["Page"] for row in views] == ["Case page", "Goal", "Subject access request"]
    assert views[1]["Why it was allowed"] == f"as Link worker, {world.provider_a.name}"
    assert set(rows[0]) == {
        "Date and time (UK)",
        "Who",
        "What",
        "Page",
        "Why it was allowed",
        "Record",
        "Person record number",
    }
    exported = AuditEvent.objects.get(action=Action.EXPORT, detail__download="subject_access")
    assert exported.person_id == viewed.person_id
    assert exported.actor == world.users["administrator"]


def test_a_subject_access_request_needs_a_person(admin, world):
    page = unescape(admin.post(SUBJECT, {"person": ""}).content.decode())
    assert "Enter the person's CHI number or record number" in page


def test_another_hscps_person_has_no_history_for_an_hscp_administrator(admin, world):
    client_b = world.case_z
    record(action=Action.VIEW, person_id=client_b.person_id, hscp_id=world.hscp_b.pk)
    response = admin.post(SUBJECT, {"person": client_b.person.chi, "download": "1"})
    page = unescape(response.content.decode())
    assert response["Content-Type"].startswith("text/html")
    assert "holds nothing about this person's record" in page
    assert client_b.person.full_name not in page
    assert not AuditEvent.objects.filter(action=Action.EXPORT, detail__download="subject_access")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/cases/12/", "Case page"),
        ("/cases/12/person/", "Personal details"),
        ("/goals/3/", "Goal"),
        ("/api/v1/cases/12", "API: case"),
        ("/api/v1/links/4", "API: link"),
        ("/api/v1/cases/12/sessions", "API: case sessions"),
        ("/sessions/5/check-in/", "Lone working check-in"),
        ("/no/such/page/", "/no/such/page/"),
        ("", NO_PAGE),
    ],
)
def test_pages_are_named_as_staff_know_them(path, name):
    assert page_name(path) == name
