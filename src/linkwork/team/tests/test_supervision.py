"""Supervision is between a worker and their team lead alone; a debrief asked for from
a case reaches the team lead at once (decision 0094)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.team.models import DebriefRequest, Supervision
from linkwork.team.tests.factories import debrief_on_case_x, supervision_of_worker_a

NOTES = "Talked through a hard week"
READERS = {"link_worker", "team_lead"}  # the worker and their team lead: nobody else


@pytest.fixture
def record(world):
    return supervision_of_worker_a(world)


@pytest.mark.parametrize("username", ALL_USERS)
def test_supervision_is_read_only_by_the_worker_and_their_team_lead(
    client, world, record, username
):
    """Another worker, another team's lead, practice staff, commissioners, partners and
    administrators are all refused, on the pages and in what `visible` lets through."""
    client.force_login(world.users[username])
    reader = username in READERS
    pages = [
        reverse("team:supervision", args=[record.pk]),
        reverse("team:supervision_list", args=[world.worker_a.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in ((200,) if reader else (403, 404)), url
        assert (NOTES in response.content.decode()) is (reader and url == pages[0])
    seen = visible(world.users[username], Permission.VIEW_SUPERVISION, Supervision.objects.all())
    assert list(seen) == ([record] if reader else [])


def test_no_api_path_serves_supervision(client, world):
    """The practice (or anyone) cannot reach supervision through the API: it has none."""
    client.force_login(world.users["practice_staff"])
    schema = client.get(reverse("api:openapi-json")).content.decode().lower()
    assert "supervision" not in schema
    assert "debrief" not in schema


def test_reading_a_supervision_record_is_audited_for_each_case_discussed(client, world, record):
    client.force_login(world.users["team_lead"])
    url = reverse("team:supervision", args=[record.pk])
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(path=url)
    assert event.person_id == world.case_x.person_id
    assert event.hscp_id == world.hscp_a.pk
    assert (event.object_type, event.object_id) == ("team.supervision", str(record.pk))
    assert event.detail["role"] == "team_lead"


def test_a_team_lead_records_supervision_choosing_only_the_workers_cases(client, world):
    client.force_login(world.users["team_lead"])
    url = reverse("team:record_supervision", args=[world.worker_a.pk])
    page = client.get(url).content.decode()
    assert f"Case {world.case_x.pk}" in page
    assert world.case_x.person.family_name not in page  # cases by reference, never by name
    assert f"Case {world.case_y.pk}" not in page  # another worker's
    today = clock.today()
    response = client.post(
        url,
        {
            "held_on": today.isoformat(),
            "cases": [world.case_x.pk],
            "notes": "Good month",
            "action_1": "Shadow a group session",
            "due_1": (today + timedelta(days=14)).isoformat(),
        },
    )
    record = Supervision.objects.get(worker=world.worker_a)
    assert response.url == reverse("team:supervision", args=[record.pk])
    assert list(record.cases.all()) == [world.case_x]
    assert [(a.description, a.due_on) for a in record.actions.all()] == [
        ("Shadow a group session", today + timedelta(days=14))
    ]
    refused = client.post(url, {"held_on": today.isoformat(), "cases": [world.case_y.pk]})
    assert refused.status_code == 400
    assert "Select only cases listed here" in refused.content.decode()


def test_a_worker_cannot_record_their_own_supervision(client, world):
    client.force_login(world.users["link_worker"])
    url = reverse("team:record_supervision", args=[world.worker_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"held_on": clock.today().isoformat()}).status_code == 404
    assert not Supervision.objects.exists()


def test_a_debrief_asked_for_from_the_case_page_reaches_the_team_lead_at_once(
    client, world, django_capture_on_commit_callbacks
):
    lead = world.users["team_lead"]
    lead.email = "lead@provider.example"
    lead.save()
    client.force_login(world.users["link_worker"])
    case_page = reverse("casework:case_detail", args=[world.case_x.pk])
    assert "Ask for a debrief" in client.get(case_page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("team:ask_debrief", args=[world.case_x.pk]), {"note": "Hard visit"}
        )
    assert response.url == case_page
    debrief = DebriefRequest.objects.get()
    assert (debrief.case, debrief.worker, debrief.note) == (
        world.case_x,
        world.worker_a,
        "Hard visit",
    )
    [email] = mail.outbox
    assert email.to == ["lead@provider.example"]
    assert "asked for a debrief" in email.body
    assert "/home/team-lead/" in email.body
    for private in (world.case_x.person.family_name, "Hard visit", f"Case {world.case_x.pk}"):
        assert private not in email.subject + email.body  # no email holds personal data
    assert "It shows on their home page" in client.get(case_page).content.decode()

    client.force_login(world.users["team_lead"])
    home = client.get(reverse("home:team_lead")).content.decode()
    assert "Debrief requests waiting" in home
    assert "Hard visit" in home
    held = client.post(
        reverse("team:debrief_held", args=[debrief.pk]), {"held_on": clock.today().isoformat()}
    )
    assert held.url == reverse("home:team_lead")
    debrief.refresh_from_db()
    assert (debrief.held_on, debrief.held_by) == (clock.today(), world.users["team_lead"])
    assert "Debrief requests waiting" not in client.get(reverse("home:team_lead")).content.decode()


def test_only_the_cases_own_worker_asks_for_a_debrief_and_only_once(client, world):
    url = reverse("team:ask_debrief", args=[world.case_x.pk])
    for username in ("team_lead", "other_link_worker", "practice_staff"):
        client.force_login(world.users[username])
        assert client.post(url).status_code in (403, 404)
    debrief_on_case_x(world)
    with pytest.raises(ValidationError, match="already asked"):
        debrief_on_case_x(world)
    assert DebriefRequest.objects.count() == 1


def test_the_team_lead_sees_weeks_since_supervision_and_who_is_overdue(client, world):
    supervision_of_worker_a(world, weeks_ago=2)
    client.force_login(world.users["team_lead"])
    home = client.get(reverse("home:team_lead")).content.decode()
    table = home[home.index("Supervision and wellbeing") :]
    worker_a, worker_a2 = (table.index(str(w)) for w in (world.worker_a, world.worker_a2))
    assert "(2 weeks ago)" in table[worker_a : worker_a + 400]
    assert "Overdue" not in table[worker_a : worker_a + 400]
    assert "Overdue" in table[worker_a2 : worker_a2 + 600]  # never supervised
    assert "never recorded" in table[worker_a2 : worker_a2 + 600]
    assert str(world.worker_b) not in home  # another HSCP's worker


def test_supervision_dates_notes_and_actions_out_of_bounds_are_refused_by_field(client, world):
    client.force_login(world.users["team_lead"])
    url = reverse("team:record_supervision", args=[world.worker_a.pk])
    today = clock.today()
    long_ago = client.post(url, {"held_on": "1900-01-01"})
    earliest = today - timedelta(days=365)
    assert f"Enter a date of supervision from {earliest:%-d %B %Y} to today" in (
        long_ago.content.decode()
    )
    refused = client.post(
        url,
        {
            "held_on": today.isoformat(),
            "notes": "x" * 5001,
            "action_1": "Shadow a group session",
            "due_1": (today - timedelta(days=1)).isoformat(),
            "action_2": "y" * 201,
        },
    ).content.decode()
    assert "Action 1: the due date must be on or after the supervision date" in refused
    assert "Shorten the supervision notes to 5,000 characters or fewer" in refused
    assert "Shorten the wording of action 2 to 200 characters or fewer" in refused
    assert "(optional)" not in refused.split("nhsuk-error-summary")[1].split("</div>")[0]
    assert not Supervision.objects.exists()


def test_a_supervision_date_in_the_future_is_named_with_the_other_mistakes(client, world):
    """It used to be named only once the other fields were put right, a second round."""
    client.force_login(world.users["team_lead"])
    url = reverse("team:record_supervision", args=[world.worker_a.pk])
    today = clock.today()
    refused = client.post(
        url,
        {"held_on": (today + timedelta(days=30)).isoformat(), "action_2": "y" * 201},
    ).content.decode()
    assert "Enter the date supervision was held: it cannot be in the future" in refused
    assert "Shorten the wording of action 2 to 200 characters or fewer" in refused
    assert not Supervision.objects.exists()


def test_a_debrief_note_too_long_is_shown_again_with_the_error_under_it(client, world):
    client.force_login(world.users["link_worker"])
    note = "Hard visit. " * 30
    response = client.post(reverse("team:ask_debrief", args=[world.case_x.pk]), {"note": note})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Shorten the note to 300 characters or fewer" in page
    assert note.strip() in page  # what was typed is kept
    assert not DebriefRequest.objects.exists()
