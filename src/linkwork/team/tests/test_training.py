"""Training: renewal computed from the course list (or as typed), who is due or overdue,
what the team lacks; development asked for, which a commissioner sees only as suppressed
counts."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from linkwork.casework.models import Case
from linkwork.casework.tests.test_form_messages import leaks
from linkwork.core import clock
from linkwork.team.forms import (
    DebriefForm,
    DevelopmentForm,
    HeldForm,
    SupervisionForm,
    TrainingForm,
)
from linkwork.team.models import DevelopmentRequest, TrainingRecord
from linkwork.team.training import add_months, ask_for_development, record_training, usual_renewal


@pytest.mark.parametrize(
    ("course", "completed", "due"),
    [
        ("asist", date(2026, 3, 14), date(2029, 3, 14)),  # every 36 months
        ("lone_working", date(2025, 1, 31), date(2026, 1, 31)),  # every 12 months
        ("safeguarding_adults", date(2024, 2, 29), date(2026, 2, 28)),  # no 29 Feb 2026
        ("trauma_informed", date(2026, 3, 14), None),  # taken once
    ],
)
def test_renewal_is_due_after_the_courses_usual_period(course, completed, due):
    assert usual_renewal(course, completed) == due


def test_months_roll_over_the_year_end():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def _record(world, course, completed, who="link_worker", **kwargs):
    worker = world.worker_a if who == "link_worker" else world.worker_a2
    return record_training(
        worker=worker, by=world.users[who], course=course, completed_on=completed, **kwargs
    )


def test_a_worker_records_their_own_training_and_the_renewal_is_computed(client, world):
    client.force_login(world.users["link_worker"])
    url = reverse("team:training", args=[world.worker_a.pk])
    response = client.post(url, {"course": "lone_working", "completed_on": "2026-10-01"})
    assert response.status_code == 302
    training = TrainingRecord.objects.get()
    assert (training.course, training.renewal_due) == ("lone_working", date(2027, 10, 1))
    assert "1 Oct 2027" in client.get(url).content.decode()
    # Another worker's training is not theirs to record, nor to read.
    other = reverse("team:training", args=[world.worker_a2.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, {"course": "asist", "completed_on": "2026-10-01"}).status_code == 404


def test_a_renewal_date_typed_replaces_the_usual_one_and_bad_input_names_the_field(client, world):
    client.force_login(world.users["team_lead"])
    url = reverse("team:training", args=[world.worker_a.pk])
    client.post(url, {"course": "asist", "completed_on": "2026-01-10", "renewal_due": "2027-01-10"})
    assert TrainingRecord.objects.get().renewal_due == date(2027, 1, 10)
    refused = client.post(
        url, {"course": "asist", "completed_on": "2026-01-10", "renewal_due": "2025-01-10"}
    )
    assert refused.status_code == 400
    assert (
        "Enter a renewal date after the date the course was completed" in refused.content.decode()
    )


def test_the_team_lead_sees_who_is_due_or_overdue_and_what_the_team_lacks(client, world, settings):
    settings.REQUIRED_TRAINING = ["asist", "lone_working", "child_protection"]
    today = clock.today()
    _record(world, "lone_working", today - timedelta(days=400))  # lapsed 35 days ago
    _record(world, "asist", today - timedelta(days=30), renewal_due=today + timedelta(days=20))
    _record(world, "asist", today - timedelta(days=30), who="team_lead")  # for worker_a2
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("team:team")).content.decode()
    renewals = page[page.index("Courses overdue or due within 60 days") :]
    renewals = renewals[: renewals.index("</table>")]
    rows = re.findall(r"<tr.*?</tr>", renewals, re.S)[1:]
    assert len(rows) == 2  # the ASIST due in 20 days, the lone working lapsed; not worker_a2's
    assert "Lone working" in rows[0]
    assert "Overdue" in rows[0]
    assert "ASIST" in rows[1]
    assert "Due" in rows[1]
    lacks = page[page.index("What the team lacks") :]
    lacks = lacks[: lacks.index("</table>")]
    assert lacks.index("Child protection") < lacks.index("Lone working")  # nobody holds it
    assert "Nobody" in lacks
    assert "ASIST" not in lacks  # both hold it


def test_development_requests_reach_the_team_lead_and_the_commissioner_only_as_counts(
    client, world
):
    for n in range(6):
        ask_for_development(
            worker=world.worker_a, by=world.users["link_worker"], course="group_work", why=f"r{n}"
        )
    ask_for_development(
        worker=world.worker_a2,
        by=world.users["other_link_worker"],
        topic="Working with interpreters",
        why="Many people I see speak Arabic",
    )
    client.force_login(world.users["team_lead"])
    team = client.get(reverse("team:team")).content.decode()
    assert "Working with interpreters" in team
    assert "Many people I see speak Arabic" in team

    client.force_login(world.users["commissioner"])
    summary = client.get(reverse("reporting:development_requests")).content.decode()
    cells = re.findall(r'nhsuk-table__cell--numeric"[^>]*>(.*?)</td>', summary, re.S)
    assert [re.sub(r"<span[^>]*>.*?</span>", "", c).strip() for c in cells] == ["*", "&lt;5", "*"]
    assert "Working with interpreters" not in summary  # own words are never shown
    assert "Other topics" in summary
    assert str(world.worker_a) not in summary
    for username in ("practice_staff", "community_partner", "administrator"):
        client.force_login(world.users[username])
        assert client.get(reverse("reporting:development_requests")).status_code == 403


def test_a_development_request_needs_a_course_or_a_topic(client, world):
    client.force_login(world.users["link_worker"])
    url = reverse("team:development", args=[world.worker_a.pk])
    refused = client.post(url, {"why": "x"})
    assert refused.status_code == 400
    assert "Choose a course from the list, or describe the topic in your words" in (
        refused.content.decode()
    )
    assert client.post(url, {"course": "asist"}).status_code == 302
    assert DevelopmentRequest.objects.get().course == "asist"
    client.force_login(world.users["team_lead"])  # reads, but asks for nobody
    assert client.post(url, {"course": "asist"}).status_code == 404
    assert DevelopmentRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form",
    [
        lambda: SupervisionForm(cases=Case.objects.none()),
        DebriefForm,
        HeldForm,
        TrainingForm,
        DevelopmentForm,
    ],
)
def test_every_team_form_speaks_in_the_services_words(form):
    """No Django default ("This field is required.") leaks from the team's forms."""
    assert not leaks(form())


def test_a_worker_sees_only_themself_on_the_team_page(client, world):
    _record(world, "asist", clock.today() - timedelta(days=30), who="team_lead")  # worker_a2's
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("team:team")).content.decode()
    assert str(world.worker_a) in page
    assert str(world.worker_a2) not in page
    assert "What the team lacks" in page  # the courses they themself lack
