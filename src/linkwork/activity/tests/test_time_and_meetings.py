"""Time across the three domains and MDT meetings: the services' sums and refusals, who
sees what, and what a case's timeline says of a meeting."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.activity import services, time_split
from linkwork.activity.models import Activity
from linkwork.audit.models import AuditEvent
from linkwork.casefile.timeline import timeline
from linkwork.casework import services as casework
from linkwork.core import clock


def _monday():
    """Last week's Monday: this week's, before 10:00 on a Monday, would put the session the
    tests record at 10:00 in the future, which is refused."""
    return time_split.week_of(clock.today() - timedelta(days=7))


def _log(world, **fields):
    worker = world.worker_a
    values = {"kind": "community_mapping", "on": _monday(), "minutes": 60, **fields}
    return services.log_activity(worker=worker, by=worker.user, **values)


def _mdt(world, cases, **fields):
    worker = world.worker_a
    values = {"kind": "mdt", "on": _monday(), "minutes": 45, "practice": world.practice_x}
    return services.record_meeting(worker=worker, by=worker.user, cases=cases, **values | fields)


def test_the_split_sums_sessions_and_logged_time_by_domain(world):
    monday = _monday()
    casework.record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=timezone.make_aware(
            timezone.datetime.combine(monday, timezone.datetime.min.time())
        )
        + timedelta(hours=10),
        mode="in_practice",
        duration_minutes=90,
        outcome="attended",
    )
    _log(world, minutes=30)  # community
    _log(world, kind="practice_development", minutes=30, practice=world.practice_x)
    _log(world, kind="travel", minutes=20)  # other: outside the balance
    removed = _log(world, kind="network_meeting", minutes=300)
    services.remove_activity(activity=removed, by=world.users["link_worker"])
    _mdt(world, [world.case_x])  # practice, 45, logged once

    split = time_split.weekly_splits([world.worker_a], [monday])[world.worker_a.pk][monday]

    assert split.minutes == {"patient": 90, "practice": 75, "community": 30, "other": 20}
    assert (split.share("patient"), split.share("practice"), split.share("community")) == (
        46,
        38,
        15,
    )
    assert time_split.gap(split, "patient") == 46 - 60


def test_a_meeting_logs_the_workers_time_once(world):
    meeting = _mdt(world, [world.case_x], minutes=50)
    assert list(Activity.objects.filter(link_worker=world.worker_a).values_list("minutes")) == [
        (50,)
    ]
    assert meeting.activity.kind == "mdt"
    assert list(meeting.cases.all()) == [world.case_x]


def test_only_the_workers_own_open_cases_can_be_discussed(world):
    with pytest.raises(ValidationError) as refused:
        _mdt(world, [world.case_x.pk, world.case_y.pk])  # case_y is another worker's
    assert refused.value.message_dict["cases"] == [services.NOT_YOUR_CASES]
    assert not Activity.objects.exists()  # nothing half-recorded


def test_the_form_names_the_field_when_another_workers_case_is_sent(client, world):
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("activity:new_meeting"),
        {
            "kind": "mdt",
            "on": _monday().isoformat(),
            "length": "60",
            "practice": world.practice_x.pk,
            "cases": [world.case_y.pk],
        },
    )
    assert response.status_code == 400
    assert services.NOT_YOUR_CASES in response.content.decode()
    assert not Activity.objects.exists()


def test_time_is_refused_at_a_practice_not_the_workers(world):
    with pytest.raises(ValidationError) as refused:
        _log(world, practice=world.practice_y)
    assert refused.value.message_dict["practice"] == [services.NOT_YOUR_PRACTICE]


def test_the_timeline_says_discussed_at_mdt_and_nothing_else_of_it(world):
    _mdt(world, [world.case_x], attendees="Dr Secret", note="Talked about housing")
    entries = [e for e in timeline(world.case_x) if e.kind == "meeting"]
    assert [e.title for e in entries] == [f"Discussed at MDT on {_monday():%-d %B %Y}"]
    assert "Secret" not in entries[0].detail + entries[0].by
    assert not [e for e in timeline(world.case_y) if e.kind == "meeting"]


def test_recording_and_viewing_a_meeting_are_audited_on_the_cases(client, world):
    meeting = _mdt(world, [world.case_x])
    person = world.case_x.person_id
    assert AuditEvent.objects.filter(person_id=person, action="create").exists()
    client.force_login(world.users["link_worker"])
    url = reverse("activity:meeting", args=[meeting.pk])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(path=url, person_id=person, action="view").exists()


def test_each_sees_only_their_own_share_of_time(client, world):
    entry = _log(world, kind="mdt", practice=world.practice_x, note="Practice X MDT")
    users = world.users
    # Another worker cannot change it; the team lead sees the split but cannot change it.
    for name in ("other_link_worker", "team_lead", "practice_staff", "commissioner"):
        client.force_login(users[name])
        assert client.get(reverse("activity:change", args=[entry.pk])).status_code in (403, 404)
    client.force_login(users["team_lead"])
    team = client.get(reverse("activity:team")).content.decode()
    assert str(world.worker_a) in team
    assert str(world.worker_b) not in team
    client.force_login(users["other_hscp_team_lead"])
    assert str(world.worker_a) not in client.get(reverse("activity:team")).content.decode()
    # The practice sees the time with its team as totals, never the note.
    client.force_login(users["practice_staff"])
    page = client.get(reverse("activity:practice")).content.decode()
    assert "1 h" in page
    assert "Practice X MDT" not in page
    client.force_login(users["commissioner"])
    assert client.get(reverse("activity:team")).status_code == 403
    assert client.get(reverse("activity:practice")).status_code == 403


def test_a_worker_corrects_and_removes_an_entry_keeping_its_history(client, world):
    entry = _log(world)
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("activity:change", args=[entry.pk]),
        {"kind": "training", "on": entry.on.isoformat(), "minutes": "75", "version": 1},
    )
    assert response.status_code == 302
    client.post(reverse("activity:remove", args=[entry.pk]))
    entry.refresh_from_db()
    assert (entry.kind, entry.minutes, entry.removed_at is not None) == ("training", 75, True)
    assert entry.history.count() == 3
    assert "No time logged this week." in client.get(reverse("activity:log")).content.decode()


def test_the_intended_balance_is_refused_at_start_up_unless_it_adds_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from linkwork.config.env import env_percentages

    default = {"patient": 60, "practice": 20, "community": 20}
    monkeypatch.setenv("SPLIT", "patient=50, practice=25, community=25")
    assert env_percentages("SPLIT", default) == {"patient": 50, "practice": 25, "community": 25}
    for wrong in ("patient=50,practice=20,community=20", "patient=60,practice=40", "60,20,20"):
        monkeypatch.setenv("SPLIT", wrong)
        with pytest.raises(ImproperlyConfigured, match="SPLIT must be patient=NN"):
            env_percentages("SPLIT", default)


def test_time_long_ago_or_to_come_is_refused_by_date(client, world):
    client.force_login(world.users["link_worker"])
    data = {"kind": "community_mapping", "length": "30"}
    long_ago = client.post(reverse("activity:log"), {**data, "on": "1900-01-01"})
    earliest = services.earliest_loggable(clock.today())
    assert long_ago.status_code == 400
    assert f"Enter a date from {earliest:%-d %B %Y} to today" in long_ago.content.decode()
    assert earliest == time_split.recent_weeks()[0]  # as far back as the team view shows
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    to_come = client.post(reverse("activity:log"), {**data, "on": tomorrow})
    assert services.IN_FUTURE in to_come.content.decode()
    assert not Activity.objects.exists()
    _log(world, on=earliest)  # the earliest week shown is still open


def test_a_meeting_cannot_discuss_a_case_opened_after_it(client, world):
    type(world.case_x).objects.filter(pk=world.case_x.pk).update(opened_on=clock.today())
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("activity:new_meeting"),
        {
            "kind": "mdt",
            "on": (clock.today() - timedelta(days=3)).isoformat(),
            "length": "60",
            "practice": world.practice_x.pk,
            "cases": [world.case_x.pk],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose only cases opened by the date of the meeting" in page
    assert f"Case {world.case_x.pk} opened after it" in page
    assert not Activity.objects.exists()
