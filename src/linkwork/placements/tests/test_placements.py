"""The practice relationship and concerns: who sees and changes what, the team lead's
gaps and time per practice, and a concern reaching the team lead and lead GP, answered."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.services import record_session
from linkwork.placements import concerns
from linkwork.placements.models import Concern, PracticeRelationship
from linkwork.placements.relationships import gaps_across, save_relationship
from linkwork.placements.time_in_practice import time_in_practices


@pytest.fixture
def lead_gp_x(world):
    """Practice X's staff member named its lead GP (all of its week's days have a room but
    Tuesday: the world's workers are placed Monday to Friday)."""
    staff = world.users["practice_staff"]
    staff.email = "gp@practice-x.example.org"
    staff.save()
    save_relationship(
        practice=world.practice_x,
        by=world.users["team_lead"],
        lead_gp=staff,
        room_days=["mon", "wed", "thu", "fri"],
        gp_system_access=True,
        induction_on=date(2026, 1, 5),
        agreement_signed_on=None,
        mdt_invited=True,
    )
    return staff


def test_practice_staff_record_their_practice_and_never_see_another(client, world, lead_gp_x):
    client.force_login(lead_gp_x)
    page = client.get(reverse("placements:relationship", args=[world.practice_x.code]))
    text = page.content.decode()
    assert "No room on Tuesdays" in text
    assert "No service agreement signed" in text
    other = reverse("placements:relationship", args=[world.practice_y.code])
    assert client.get(other).status_code == 404
    edit = reverse("placements:edit_relationship", args=[world.practice_y.code])
    assert client.post(edit, {"room_days": ["tue"]}).status_code == 404
    assert not PracticeRelationship.objects.filter(practice=world.practice_y).exists()


def test_the_team_lead_edits_and_the_worker_only_reads(client, world, lead_gp_x):
    url = reverse("placements:edit_relationship", args=[world.practice_x.code])
    client.force_login(world.users["team_lead"])
    form = {
        "lead_gp": lead_gp_x.pk,
        "room_days": ["mon", "tue", "wed", "thu", "fri"],
        "gp_system_access": "yes",
        "induction_on": "2026-01-05",
        "agreement_signed_on": "2026-02-01",
        "mdt_invited": "yes",
        "version": "1",
    }
    assert client.post(url, form).status_code == 302
    saved = PracticeRelationship.objects.get(practice=world.practice_x)
    assert saved.agreement_signed_on == date(2026, 2, 1)
    assert "tue" in saved.room_days
    client.force_login(world.users["link_worker"])
    assert client.get(url).status_code == 404
    page = client.get(reverse("placements:relationship", args=[world.practice_x.code]))
    assert "Nothing: the link worker has what they need here." in page.content.decode()
    for outsider in ("other_link_worker", "other_hscp_team_lead", "commissioner"):
        client.force_login(world.users[outsider])
        page = client.get(reverse("placements:relationship", args=[world.practice_x.code]))
        assert page.status_code in (403, 404), outsider


def test_a_bad_form_names_the_field(client, world):
    client.force_login(world.users["team_lead"])
    url = reverse("placements:edit_relationship", args=[world.practice_x.code])
    response = client.post(url, {"lead_gp_email": "not-an-email", "version": "1"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "email like name@nhs.scot" in text
    assert "Say whether the worker has access" in text


def test_the_team_lead_sees_gaps_summed_across_practices(world, lead_gp_x):
    from linkwork.organisations.models import Practice

    summary, rows = gaps_across(Practice.objects.filter(cluster__hscp=world.hscp_a))
    # Practice Y has nothing recorded: every gap, a room on each of its worker's days.
    assert "No room on Tuesdays at 2 practices" in summary
    assert "No lead GP named at 1 practice" in summary
    assert "No service agreement signed at 2 practices" in summary
    by_name = {row.practice.name: row.lines for row in rows}
    assert "No room on Mondays" not in by_name["Practice X"]
    assert "No room on Mondays" in by_name["Practice Y"]


def test_time_per_practice_counts_attended_sessions_in_the_practice(client, world):
    worker = world.users["link_worker"]
    now = timezone.now()
    for minutes, mode, days_ago in [(45, "in_practice", 1), (30, "in_practice", 3)]:
        record_session(
            case=world.case_x,
            by=worker,
            starts_at=now - timedelta(days=days_ago),
            mode=mode,
            duration_minutes=minutes,
            outcome="attended",
        )
    record_session(
        case=world.case_x,
        by=worker,
        starts_at=now,
        mode="phone",
        duration_minutes=20,
        outcome="attended",
    )
    record_session(
        case=world.case_x,
        by=worker,
        starts_at=now - timedelta(days=40),
        mode="in_practice",
        duration_minutes=60,
        outcome="attended",
    )
    from linkwork.organisations.models import LinkWorker, Practice

    rows = time_in_practices(LinkWorker.objects.all(), Practice.objects.all())
    at_x = next(row for row in rows if row.practice == world.practice_x)
    assert (at_x.minutes, at_x.sessions, at_x.hours) == (75, 2, "1.2")

    def logged(workers, practices, since, until):  # another source, as activity would add
        return [(world.worker_a.pk, world.practice_x.pk, 60, 1)]

    rows = time_in_practices(LinkWorker.objects.all(), Practice.objects.all(), sources=[logged])
    assert next(r for r in rows if r.practice == world.practice_x).minutes == 135
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("placements:overview")).content.decode()
    assert "Time in each practice" in page
    assert "1.2" in page

    # The overview adds the practice-based time the worker logged there, not other kinds.
    from linkwork.activity.services import log_activity

    for kind, practice in [
        ("mdt", world.practice_x),
        ("community_mapping", world.practice_x),
        ("mdt", None),
    ]:
        log_activity(
            worker=world.worker_a,
            by=worker,
            kind=kind,
            on=timezone.localdate(),
            minutes=45,
            practice=practice,
        )
    page = client.get(reverse("placements:overview")).content.decode()
    assert "2.0" in page  # 75 minutes of sessions and a 45-minute MDT at practice X


def test_a_concern_reaches_the_team_lead_and_lead_gp_and_is_answered(
    client, world, lead_gp_x, django_capture_on_commit_callbacks
):
    lead = world.users["team_lead"]
    lead.email = "lead@links.example.org"
    lead.save()
    worker = world.users["link_worker"]
    worker.email = "aileen@links.example.org"
    worker.save()
    client.force_login(worker)
    form = {
        "subject": "No room on Tuesdays",
        "detail": "I see people in the corridor.",
        "practice": world.practice_x.pk,
        "case": world.case_x.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placements:new_concern"), form)
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert concern.case == world.case_x
    assert sorted(mail.outbox[0].to) == ["gp@practice-x.example.org", "lead@links.example.org"]
    assert "corridor" not in mail.outbox[0].body  # the email only says where to read it

    client.force_login(lead)
    assert "Concerns waiting: 1" in client.get(reverse("home:team_lead")).content.decode()
    url = reverse("placements:concern", args=[concern.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"answer": "I have spoken to the practice manager."})
    concern.refresh_from_db()
    assert (concern.status, concern.answers.get().by) == ("answered", lead)
    assert mail.outbox[-1].to == [world.users["link_worker"].email]

    client.force_login(world.users["link_worker"])
    assert "spoken to the practice manager" in client.get(url).content.decode()
    assert client.post(url, {"answer": "Answering my own"}).status_code == 403
    client.post(reverse("placements:close_concern", args=[concern.pk]))
    concern.refresh_from_db()
    assert concern.status == "closed"


def test_who_reads_a_concern(client, world, lead_gp_x, outsiders):
    concern = concerns.raise_concern(
        by=world.users["link_worker"],
        subject="MDT invitations stopped",
        detail="Not invited since May.",
        practice=world.practice_x,
    )
    raised_by_staff = concerns.raise_concern(
        by=lead_gp_x, subject="Worker hard to reach", detail="No reply.", practice=world.practice_x
    )
    readers = {"link_worker", "team_lead", "practice_staff"}
    for username, user in outsiders.items():  # other_practice_staff: a practice next door
        client.force_login(user)
        status = client.get(reverse("placements:concern", args=[concern.pk])).status_code
        assert status == (200 if username in readers else 404) or (
            username not in readers and status == 403
        ), (username, status)
    # The worker reads their own concerns, not the practice's about them.
    assert list(concerns.concerns_for(world.users["link_worker"])) == [concern]
    assert set(concerns.concerns_for(world.users["team_lead"])) == {concern, raised_by_staff}
    assert not concerns.concerns_for(world.users["other_hscp_team_lead"]).exists()


def test_practice_staff_name_only_their_referrals_cases(client, world, outsiders):
    from linkwork.referrals.services import accept_referral

    case = accept_referral(
        referral=world.referral_x, by=world.users["link_worker"], link_worker=world.worker_a
    )
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("placements:new_concern")).content.decode()
    assert f"Case {case.pk} (" in page
    assert f"Case {world.case_x.pk} (" not in page
    client.force_login(outsiders["other_practice_staff"])
    page = client.get(reverse("placements:new_concern")).content.decode()
    assert "Case (optional)" not in page
    form = {"subject": "x", "detail": "y", "case": case.pk}
    assert client.post(reverse("placements:new_concern"), form).status_code == 400
    form = {"subject": "x", "detail": "y"}  # practice staff name their practice
    assert "Choose your practice" in client.post(reverse("placements:new_concern"), form).text
    assert not Concern.objects.exists()
