"""What the review of the demo found: the lead GP named only by those who may (and the
change told), every answer to a concern kept, dates after today refused, and every
message in the service's own words."""

import html
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.authorisation import may_name_lead_gp
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.placements import concerns
from linkwork.placements.models import Concern, ConcernAnswer, PracticeRelationship
from linkwork.placements.relationships import save_relationship


def _staff(world, username: str, job_title: str):
    user = UserFactory(username=username, email=f"{username}@practice-x.example.org")
    assign_role(user=user, role=Role.PRACTICE_STAFF, practice=world.practice_x, job_title=job_title)
    return user


@pytest.fixture
def named(world):
    """Practice X with its GP named lead GP by the team lead, a receptionist and a
    practice manager beside them."""
    gp = world.users["practice_staff"]
    gp.email = "gp@practice-x.example.org"
    gp.save()
    lead = world.users["team_lead"]
    lead.email = "lead@links.example.org"
    lead.save()
    save_relationship(practice=world.practice_x, by=lead, lead_gp=gp, mdt_invited=True)
    return {
        "gp": gp,
        "lead": lead,
        "receptionist": _staff(world, "lorraine", "receptionist"),
        "manager": _staff(world, "manager", "practice_manager"),
    }


def _edit(world):
    return reverse("placements:edit_relationship", args=[world.practice_x.code])


def test_a_receptionist_cannot_make_herself_lead_gp(client, world, named):
    receptionist = named["receptionist"]
    client.force_login(receptionist)
    page = client.get(_edit(world)).content.decode()
    assert 'name="lead_gp"' not in page  # the lead GP is shown, not offered
    assert "Only the lead GP, the practice manager or the team lead can change" in page
    form = {
        "lead_gp": receptionist.pk,
        "room_days": ["mon"],
        "gp_system_access": "yes",
        "mdt_invited": "yes",
        "version": PracticeRelationship.objects.get().version,
    }
    assert client.post(_edit(world), form).status_code == 302  # the rest is hers to change
    saved = PracticeRelationship.objects.get()
    assert (saved.lead_gp, saved.room_days) == (named["gp"], ["mon"])
    with pytest.raises(ValidationError, match="Only the lead GP"):
        save_relationship(practice=world.practice_x, by=receptionist, lead_gp=receptionist)
    assert PracticeRelationship.objects.get().lead_gp == named["gp"]
    assert concerns.waiting_count(receptionist) == 0


def test_who_may_name_the_lead_gp(world, named, outsiders):
    practice = world.practice_x
    may = {
        name for name, user in {**outsiders, **named}.items() if may_name_lead_gp(user, practice)
    }
    assert may == {"gp", "practice_staff", "lead", "team_lead", "manager"}


def test_a_new_lead_gp_is_told_to_the_previous_one_and_the_team_leads(
    client, world, named, django_capture_on_commit_callbacks
):
    manager = named["manager"]
    client.force_login(manager)
    form = {
        "lead_gp_name": "Dr Alan Reid",
        "lead_gp_email": "alan.reid@example.org",
        "gp_system_access": "no",
        "mdt_invited": "yes",
        "version": PracticeRelationship.objects.get().version,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_edit(world), form).status_code == 302
    assert PracticeRelationship.objects.get().lead_gp_label == "Dr Alan Reid"
    (told,) = mail.outbox
    assert sorted(told.to) == [
        "alan.reid@example.org",
        "gp@practice-x.example.org",
        "lead@links.example.org",
    ]
    assert "lead GP" in told.subject
    assert world.practice_x.name in told.body
    # The rest changed alone tells no one.
    with django_capture_on_commit_callbacks(execute=True):
        save_relationship(practice=world.practice_x, by=manager, room_days=["tue"])
    assert len(mail.outbox) == 1


def test_a_second_answer_is_added_not_put_in_place_of_the_first(
    client, world, named, django_capture_on_commit_callbacks
):
    worker = world.users["link_worker"]
    worker.email = "aileen@links.example.org"
    worker.save()
    concern = concerns.raise_concern(
        by=worker, subject="No room on Tuesdays", detail="Corridor.", practice=world.practice_x
    )
    url = reverse("placements:concern", args=[concern.pk])
    for user, text in [(named["lead"], "Asked the practice."), (named["gp"], "Room 2 from May.")]:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"answer": text}).status_code == 302
    answers = list(ConcernAnswer.objects.filter(concern=concern))
    assert [(a.by, a.text) for a in answers] == [
        (named["lead"], "Asked the practice."),
        (named["gp"], "Room 2 from May."),
    ]
    assert Concern.objects.get().status == "answered"
    assert [m.to for m in mail.outbox[-2:]] == [[worker.email], [worker.email]]
    page = client.get(url).content.decode()
    assert page.index("Asked the practice.") < page.index("Room 2 from May.")
    assert "Room 2 from May.</textarea>" not in page  # the answer box starts empty


def test_a_date_after_today_or_not_a_date_is_refused_by_name(client, world):
    client.force_login(world.users["team_lead"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = {
        "gp_system_access": "yes",
        "mdt_invited": "yes",
        "induction_on": tomorrow.isoformat(),
        "agreement_signed_on[day]": "31",
        "agreement_signed_on[month]": "2",
        "agreement_signed_on[year]": "2026",
    }
    response = client.post(_edit(world), form)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Induction date must be today or in the past" in text
    assert "Enter the agreement date as a date, for example 15 3 2026" in text
    form.update({"agreement_signed_on": tomorrow.isoformat(), "induction_on": "2026-01-05"})
    assert "Agreement date must be today or in the past" in client.post(_edit(world), form).text
    assert not PracticeRelationship.objects.exists()
    form["agreement_signed_on"] = "2026-02-01"
    assert client.post(_edit(world), form).status_code == 302
    assert PracticeRelationship.objects.get().induction_on == date(2026, 1, 5)


def test_every_message_names_the_field_and_the_fix(client, world, named):
    client.force_login(world.users["link_worker"])
    text = client.post(reverse("placements:new_concern"), {"subject": " ", "detail": ""}).text
    assert "Enter what the concern is about, in a few words" in text
    assert "Tell us more about the concern" in text
    assert "This field is required" not in text
    concern = concerns.raise_concern(by=world.users["link_worker"], subject="x", detail="y")
    client.force_login(named["lead"])
    url = reverse("placements:concern", args=[concern.pk])
    text = client.post(url, {"answer": ""}).text
    assert "Write your answer to the concern" in text
    assert "This field is required" not in text
    form = {"lead_gp_name": "x" * 201, "gp_system_access": "yes", "mdt_invited": "yes"}
    form["version"] = "one"
    text = html.unescape(client.post(_edit(world), form).text)
    assert "Shorten the lead GP's name to 200 characters or fewer" in text
    assert "open the practice's page again" in text
    assert "the case" not in text
