"""Group activities: attendance as one group session per person and meeting, corrected
rather than doubled; closed cases and capacity refused by name; who sees what."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Session
from linkwork.casework.services import close_case
from linkwork.groups import services
from linkwork.groups.models import Attendance


@pytest.fixture
def walking(world):
    """link_worker's walking group, met two days ago, with case_x (theirs) and case_y
    (other_link_worker's, invited by them) invited."""
    group = services.create_group(
        lead=world.worker_a, name="Govan walking group", capacity=3, by=world.users["link_worker"]
    )
    services.add_meetings(
        group=group,
        starts_at=timezone.now() - timedelta(days=2),
        duration_minutes=90,
        weeks=2,
        by=world.users["link_worker"],
    )
    services.invite(group=group, cases=[world.case_x], by=world.users["link_worker"])
    services.invite(group=group, cases=[world.case_y], by=world.users["other_link_worker"])
    return group


def _record(group, world, **outcomes):
    meeting = group.meetings.first()
    members = {m.case_id: m for m in group.members.all()}
    chosen = {members[getattr(world, name).pk]: outcome for name, outcome in outcomes.items()}
    return services.record_attendance(
        meeting=meeting, outcomes=chosen, by=world.users["link_worker"]
    )


def _group_sessions(case):
    return Session.objects.filter(case=case, mode="group")


def test_attendance_is_one_group_session_per_person_and_correcting_it_adds_none(walking, world):
    _record(walking, world, case_x="attended", case_y="did_not_attend")
    _record(walking, world, case_x="did_not_attend", case_y="attended")
    (on_x,), (on_y,) = _group_sessions(world.case_x), _group_sessions(world.case_y)
    assert (on_x.outcome, on_y.outcome) == ("did_not_attend", "attended")
    assert on_y.duration_minutes == 90
    assert on_y.note == "Group: Govan walking group"
    assert on_y.starts_at == walking.meetings.first().starts_at
    assert Attendance.objects.get(session=on_y).outcome == "attended"
    # Written to case_y's person's record by the group's lead: audited against them.
    person = world.case_y.person
    assert (
        AuditEvent.objects.filter(person_id=person.pk, object_type="groups.attendance").count() == 2
    )
    assert walking.meetings.count() == 2  # a weekly series


def test_a_closed_case_is_refused_by_name(walking, world):
    close_case(
        case=world.case_y,
        by=world.users["other_link_worker"],
        reason="goals_met",
        closed_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as refused:
        _record(walking, world, case_x="attended", case_y="attended")
    name = world.case_y.person.full_name
    assert refused.value.messages == [
        f"{name}'s case is closed: reopen it to record their attendance, or leave them blank"
    ]
    assert not _group_sessions(world.case_x).exists()  # all or nothing
    cooking = services.create_group(
        lead=world.worker_a2, name="Cooking", capacity=5, by=world.users["other_link_worker"]
    )
    with pytest.raises(ValidationError, match=f"{name}'s case is closed: reopen it first"):
        services.invite(group=cooking, cases=[world.case_y], by=world.users["other_link_worker"])


def test_capacity_is_kept_with_a_clear_message(world):
    group = services.create_group(
        lead=world.worker_a, name="Cooking", capacity=1, by=world.users["link_worker"]
    )
    with pytest.raises(ValidationError) as refused:
        services.invite(
            group=group, cases=[world.case_x, world.case_y], by=world.users["team_lead"]
        )
    assert refused.value.messages == [
        "The group takes 1 person and 0 are invited already: choose no more than 1"
    ]
    assert not group.members.exists()


def test_the_roster_shows_each_worker_their_own_people_and_the_lead_everyone(
    client, walking, world
):
    x, y = world.case_x.person.full_name, world.case_y.person.full_name
    url = reverse("groups:group", args=[walking.pk])
    client.force_login(world.users["other_link_worker"])
    page = client.get(url).content.decode()
    assert y in page
    assert x not in page
    assert "1 more person from colleagues" in page
    assert (
        client.get(reverse("groups:attendance", args=[walking.meetings.first().pk])).status_code
        == 404
    )
    client.force_login(world.users["link_worker"])
    page = client.get(url).content.decode()
    assert x in page
    assert y in page
    assert f"{world.worker_a} (yours)" in client.get(reverse("groups:groups")).content.decode()
    client.force_login(world.users["team_lead"])
    assert "(your team" in client.get(reverse("groups:groups")).content.decode()


def test_another_hscp_and_practice_staff_neither_see_nor_invite(client, walking, world):
    client.force_login(world.users["other_hscp_link_worker"])
    assert walking.name not in client.get(reverse("groups:groups")).content.decode()
    assert client.get(reverse("groups:group", args=[walking.pk])).status_code == 404
    invited = client.post(reverse("groups:invite", args=[walking.pk]), {"cases": [world.case_z.pk]})
    assert invited.status_code == 404
    with pytest.raises(ValidationError, match="supported in another HSCP"):
        services.invite(
            group=walking, cases=[world.case_z], by=world.users["other_hscp_link_worker"]
        )
    client.force_login(world.users["practice_staff"])
    assert client.get(reverse("groups:groups")).status_code == 403
    assert client.get(reverse("groups:group", args=[walking.pk])).status_code == 404
    assert walking.members.count() == 2


def test_one_screen_records_a_meeting_and_a_listed_group_is_in_the_directory(
    client, walking, world
):
    meeting = walking.meetings.first()
    x, y = (walking.members.get(case=case) for case in (world.case_x, world.case_y))
    client.force_login(world.users["link_worker"])
    url = reverse("groups:attendance", args=[meeting.pk])
    assert world.case_y.person.full_name in client.get(url).content.decode()
    answer = client.post(
        url, {f"member_{x.pk}": "attended", f"member_{y.pk}": "cancelled_by_person"}
    )
    assert answer.status_code == 302
    assert _group_sessions(world.case_y).get().outcome == "cancelled_by_person"
    client.post(reverse("groups:list_in_directory", args=[walking.pk]))
    walking.refresh_from_db()
    assert walking.service.organisation.name == world.provider_a.name
    service_page = client.get(reverse("directory:service", args=[walking.service_id]))
    assert "Govan walking group" in service_page.content.decode()


def test_a_worker_starts_a_group_and_a_colleague_invites_from_their_caseload(client, world):
    client.force_login(world.users["link_worker"])
    started = client.post(
        reverse("groups:new_group"),
        {"name": "Peer support", "capacity": "8", "postcode": "g51 3hr", "list_in_directory": "on"},
    )
    group = world.worker_a.groups_led.get()
    assert started.url == reverse("groups:add_meetings", args=[group.pk])
    assert (group.postcode, group.service.name) == ("G51 3HR", "Peer support")
    bad = client.post(reverse("groups:new_group"), {"name": "", "capacity": "0"})
    assert "Enter the name of the group" in bad.content.decode()
    assert "from 1 to 200" in bad.content.decode()
    client.force_login(world.users["other_link_worker"])
    page = client.get(reverse("groups:invite", args=[group.pk])).content.decode()
    assert world.case_y.person.full_name in page
    assert world.case_x.person.full_name not in page
    client.post(reverse("groups:invite", args=[group.pk]), {"cases": [world.case_y.pk]})
    assert list(group.members.values_list("case", flat=True)) == [world.case_y.pk]


def test_the_api_lists_the_hscps_groups(api, walking, world):
    (listed,) = api(world.users["other_link_worker"]).get("/groups").json()
    assert (listed["name"], listed["invited"], listed["runs_it"]) == (
        "Govan walking group",
        2,
        False,
    )
    assert len(listed["meetings"]) == 2
    assert api(world.users["team_lead"]).get("/groups").json()[0]["runs_it"] is True
    assert api(world.users["other_hscp_link_worker"]).get("/groups").json() == []
    assert api(world.users["practice_staff"]).get("/groups").status_code == 403


def test_saving_attendance_with_nobody_marked_says_so_and_saves_nothing(client, walking, world):
    client.force_login(world.users["link_worker"])
    url = reverse("groups:attendance", args=[walking.meetings.first().pk])
    answer = client.post(url, {})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert (
        "Nothing recorded: choose Attended, Did not attend or Cancelled for at least one person"
        in page
    )
    assert "Attendance saved" not in page
    assert not Attendance.objects.exists()


def test_the_lead_as_their_own_co_worker_and_a_stranger_invited_are_refused_in_plain_words(
    client, walking, world
):
    client.force_login(world.users["link_worker"])
    own = client.post(
        reverse("groups:new_group"),
        {"name": "Peer support", "capacity": "8", "co_worker": world.worker_a.pk},
    ).content.decode()
    assert "Choose a co-worker other than the lead, or none" in own
    assert "(optional)" not in own.split("nhsuk-error-summary")[1].split("</div>")[0]
    assert not world.worker_a.groups_led.filter(name="Peer support").exists()
    stranger = client.post(
        reverse("groups:invite", args=[walking.pk]), {"cases": [world.case_z.pk]}
    ).content.decode()
    assert "Choose only people listed here: the list may have changed" in stranger
    assert "Select the who to invite" not in stranger
