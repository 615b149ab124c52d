"""Leave and who covers it (decision 0096): recorded by the worker or their team lead, refused
with a message naming the field and the fix, and the cover worker told."""

import html
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.organisations import leave as leaves
from linkwork.organisations.models import Leave
from linkwork.organisations.tests.factories import LinkWorkerFactory

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


def test_every_problem_with_leave_is_named_in_one_round(client, world):
    """A note too long used to hide the wrong days and the wrong cover until it was fixed."""
    client.force_login(world.users["team_lead"])
    starts_on, _ = _days()
    refused = client.post(
        LEAVE,
        {
            "link_worker": world.worker_a.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": (starts_on - timedelta(days=1)).isoformat(),
            "cover": world.worker_a.pk,
            "note": "n" * 301,
        },
    )
    page = html.unescape(refused.content.decode())
    assert refused.status_code == 400
    for problem in (
        "Shorten the note for the cover worker to 300 characters or fewer",
        "The last day of leave must be the same as or after the first day",
        "Choose a colleague to cover, not the link worker who is on leave",
    ):
        assert problem in page


def test_leave_changed_with_a_field_in_error_does_not_clash_with_itself(client, world):
    leave = _leave(world)
    client.force_login(world.users["team_lead"])
    refused = client.post(
        reverse("organisations:change_leave", args=[leave.pk]),
        {
            "link_worker": world.worker_a.pk,
            "starts_on": leave.starts_on.isoformat(),
            "ends_on": leave.ends_on.isoformat(),
            "cover": world.worker_a2.pk,
            "note": "n" * 301,
            "version": leave.version,
        },
    )
    page = html.unescape(refused.content.decode())
    assert "Shorten the note for the cover worker" in page
    assert "already has leave" not in page


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


def test_a_worker_covering_a_colleague_cannot_go_on_leave_during_it(world):
    """Otherwise the absent worker's practices would be covered by someone away."""
    third = LinkWorkerFactory(provider=world.provider_a)
    _leave(world, worker=world.worker_a, cover=world.worker_a2, start=0, end=9)
    today = timezone.localdate()
    during = _errors(
        world,
        link_worker=world.worker_a2,
        cover=third,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=5),
    )
    assert during == {
        "starts_on": f"{world.worker_a2} covers {world.worker_a} from {_span(0, 9)}: ask the "
        f"team lead to change {world.worker_a}'s cover first, or choose days outside that leave"
    }
    after = _errors(
        world,
        link_worker=world.worker_a2,
        cover=third,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=12),
    )
    assert after == {}
    # One worker may cover two colleagues at once: allowed, and the form says so.
    assert _errors(world, link_worker=third, starts_on=today, ends_on=today) == {}


def _span(start, end) -> str:
    starts_on, ends_on = _days(start, end)
    return f"{starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}"


def test_leave_too_long_or_too_far_ahead_is_refused(world):
    today = timezone.localdate()
    longest = _errors(world, ends_on=today + timedelta(days=leaves.LONGEST_LEAVE_DAYS - 1))
    assert longest == {}
    ten_years = _errors(world, ends_on=today + timedelta(days=3650))
    latest = today + timedelta(days=leaves.LONGEST_LEAVE_DAYS - 1)
    assert ten_years == {
        "ends_on": "Leave with cover can last at most 183 days (six months): enter a last day "
        f"on or before {latest:%-d %B %Y}, or for a longer absence ask the team lead to hand "
        "the worker's cases over"
    }
    starts_on = today + timedelta(days=leaves.FURTHEST_AHEAD_DAYS + 1)
    ahead = _errors(world, starts_on=starts_on, ends_on=starts_on + timedelta(days=3))
    furthest = today + timedelta(days=leaves.FURTHEST_AHEAD_DAYS)
    assert ahead == {
        "starts_on": "Leave can be recorded up to a year ahead: enter a first day on or before "
        f"{furthest:%-d %B %Y}, or record this leave nearer the time"
    }


def test_the_form_offers_colleagues_only_says_who_covers_already_and_who_to_ask(client, world):
    _leave(world, worker=world.worker_a2, cover=world.worker_a, start=20, end=22)
    client.force_login(world.users["link_worker"])
    page = client.get(LEAVE).content.decode()
    cover_select = page[
        page.index('name="cover"') : page.index("</select>", page.index('name="cover"'))
    ]
    assert f">{world.worker_a2}</option>" in cover_select
    assert str(world.worker_a) not in cover_select  # not themself
    client.force_login(world.users["other_link_worker"])
    page = client.get(LEAVE).content.decode()
    assert f"{world.worker_a} (already covering {world.worker_a2} until" in page
    # A worker alone in their HSCP is told why they cannot record leave, and who to ask.
    client.force_login(world.users["other_hscp_link_worker"])
    page = client.get(LEAVE).content.decode()
    assert f"Nobody else in {world.hscp_b} can cover: ask your team lead." in page
    assert 'name="cover"' not in page


def test_a_cover_not_on_the_list_is_refused_in_words_naming_the_field(client, world):
    client.force_login(world.users["link_worker"])
    starts_on, ends_on = _days()
    form = {"starts_on": starts_on, "ends_on": ends_on, "link_worker": world.worker_a.pk}
    refused = client.post(LEAVE, {**form, "cover": world.worker_b.pk})
    assert refused.status_code == 400
    page = html.unescape(refused.content.decode())
    assert "Select the link worker who covers the leave from the list of colleagues" in page
    assert "Select the who covers" not in page
    assert not Leave.objects.exists()
