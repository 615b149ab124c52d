"""Leave and who covers it (decision 0096): recorded by the worker or their team lead, refused
with a message naming the field and the fix, and the cover worker told."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.organisations import leave as leaves
from linkwork.organisations.models import Leave

LEAVE = reverse("organisations:leave")


def _days(start=0, end=4):
    today = timezone.localdate()
    return today + timedelta(days=start), today + timedelta(days=end)


def _leave(world, worker=None, cover=None, start=0, end=4, by=None):
    starts_on, ends_on = _days(start, end)
    return leaves.record_leave(
        details=leaves.LeaveDetails(
            link_worker=worker or world.worker_a,
            starts_on=starts_on,
            ends_on=ends_on,
            cover=cover or world.worker_a2,
        ),
        by=by or world.users["team_lead"],
    )


def _errors(world, **changes) -> dict:
    starts_on, ends_on = _days()
    fields = {
        "link_worker": world.worker_a,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "cover": world.worker_a2,
        **changes,
    }
    return leaves.leave_errors(Leave(**fields))


def test_leave_refused_names_the_field_and_the_fix(world):
    today = timezone.localdate()
    assert _errors(world) == {}
    assert _errors(world, ends_on=today - timedelta(days=1)) == {
        "ends_on": "The last day of leave must be the same as or after the first day"
    }
    assert _errors(world, cover=world.worker_a) == {
        "cover": "Choose a colleague to cover, not the link worker who is on leave"
    }
    assert "works in another HSCP" in _errors(world, cover=world.worker_b)["cover"]
    _leave(world, worker=world.worker_a2, cover=world.worker_a, start=2, end=9)
    assert f"{world.worker_a2} is on leave themself" in _errors(world)["cover"]
    _leave(world, worker=world.worker_a, cover=world.worker_a2, start=10, end=12)
    clash = _errors(world, starts_on=today + timedelta(days=11), ends_on=today + timedelta(20))
    assert clash["starts_on"].startswith(f"{world.worker_a} already has leave from")


def test_a_team_lead_records_a_workers_leave_and_the_cover_is_told(
    client, world, django_capture_on_commit_callbacks
):
    world.users["other_link_worker"].email = "cover@example.org"
    world.users["other_link_worker"].save(update_fields=["email"])
    client.force_login(world.users["team_lead"])
    starts_on, ends_on = _days()
    form = {
        "link_worker": world.worker_a.pk,
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on - timedelta(days=1)).isoformat(),
        "cover": world.worker_a2.pk,
    }
    refused = client.post(LEAVE, form)
    assert refused.status_code == 400
    assert "The last day of leave must be the same as or after the first day" in (
        refused.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LEAVE, {**form, "ends_on": ends_on.isoformat()}, follow=True)
    assert f"Leave recorded: {world.worker_a2} covers {world.worker_a}." in (
        response.content.decode()
    )
    leave = Leave.objects.get(link_worker=world.worker_a)
    assert (leave.cover, leave.recorded_by) == (world.worker_a2, world.users["team_lead"])
    assert AuditEvent.objects.filter(object_type="organisations.leave", action="create").exists()
    (email,) = mail.outbox
    assert email.to == ["cover@example.org"]
    assert f"You are covering for {world.worker_a}" in email.body


def test_a_worker_records_only_their_own_leave_and_their_team_lead_changes_it(client, world):
    client.force_login(world.users["link_worker"])
    starts_on, ends_on = _days()
    form = {"starts_on": starts_on, "ends_on": ends_on, "cover": world.worker_a2.pk}
    other = client.post(LEAVE, {**form, "link_worker": world.worker_a2.pk})
    assert other.status_code == 400
    assert not Leave.objects.exists()
    assert client.post(LEAVE, {**form, "link_worker": world.worker_a.pk}).status_code == 302
    leave = Leave.objects.get(link_worker=world.worker_a)
    change = reverse("organisations:change_leave", args=[leave.pk])

    client.force_login(world.users["other_link_worker"])  # the cover reads, never changes
    assert client.get(change).status_code == 404

    client.force_login(world.users["team_lead"])
    later = {**form, "link_worker": world.worker_a.pk, "version": leave.version}
    later["ends_on"] = ends_on + timedelta(days=3)
    assert client.post(change, later).status_code == 302
    leave.refresh_from_db()
    assert leave.ends_on == ends_on + timedelta(days=3)
    assert leave.history.count() == 2
