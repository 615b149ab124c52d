"""Cover while a worker is on leave, and allocation by workload (decision 0096): practice X's
worker (link_worker) is away and other_link_worker covers; referral_x waits at practice X."""

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Action, Case, Session
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.organisations.models import Leave
from linkwork.organisations.tests.factories import LinkWorkerFactory, link_worker_away
from linkwork.referrals import allocation
from linkwork.referrals import services as referrals

QUEUE = reverse("referrals:queue")
MY_DAY = reverse("home:link_worker")


@pytest.fixture
def away(world):
    """link_worker on leave from today for a week, other_link_worker covering."""
    return link_worker_away(world, timezone.localdate(), days=7)


def _leave_ended(leave):
    today = timezone.localdate()
    Leave.objects.filter(pk=leave.pk).update(
        starts_on=today - timedelta(days=8), ends_on=today - timedelta(days=1)
    )


def _refer_at_practice_x(world, given_name: str, family_name: str, born: date):
    """A new person referred by practice X's staff for housing."""
    return referrals.create_referral(
        person=referrals.PersonDetails(
            given_name=given_name, family_name=family_name, date_of_birth=born, sex="female"
        ),
        details=referrals.ReferralDetails(
            practice=world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["housing"],
            consent_to_referral=True,
        ),
        by=world.users["practice_staff"],
    )


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _allocate_to(client, world) -> str:
    """The worker the team lead's accept form has chosen for referral_x, by its label."""
    page = _page(
        client, world.users["team_lead"], reverse("referrals:detail", args=[world.referral_x.pk])
    )
    checked = page.index("checked")
    start = page.index("<label", checked)
    return page[start : page.index("</label>", start)]


def test_a_referral_for_the_absent_workers_practice_lands_with_the_cover_during_leave(
    client, world, away
):
    cover = world.users["other_link_worker"]
    assert "Referred" in _page(client, cover, QUEUE)  # Jim Referred, at practice X
    assert "Jim Referred" in _page(client, cover, MY_DAY)
    chosen = _allocate_to(client, world)
    assert f"Suggested: {world.worker_a2}" in chosen
    assert f"covering for {world.worker_a}, on leave" in chosen
    # The cover takes it on for themself.
    detail = reverse("referrals:accept", args=[world.referral_x.pk])
    client.force_login(cover)
    client.post(detail, {"link_worker": world.worker_a2.pk, "version": world.referral_x.version})
    assert Case.objects.get(referrals=world.referral_x).link_worker == world.worker_a2


def test_after_the_leave_the_practices_referrals_are_its_own_workers_again(client, world, away):
    _leave_ended(away)
    assert "Referred" not in _page(client, world.users["other_link_worker"], QUEUE)
    chosen = _allocate_to(client, world)
    assert f"Suggested: {world.worker_a} (" in chosen
    assert "covers this practice" in chosen


def test_the_cover_is_told_of_a_new_referral_without_whom_it_is_for(
    world, away, django_capture_on_commit_callbacks
):
    world.users["other_link_worker"].email = "cover@example.org"
    world.users["other_link_worker"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _refer_at_practice_x(world, "Ann", "Absent", date(1950, 1, 2))
    (email,) = mail.outbox
    assert email.to == ["cover@example.org"]
    assert f"{world.worker_a} is on leave until" in email.body
    assert "Absent" not in email.body


def _due_work(world):
    """An action on case_x due today, and a lone visit checked in and overdue."""
    now = timezone.now()
    Action.objects.filter(pk=world.action_x.pk).update(due_on=timezone.localdate())
    Session.objects.filter(pk=world.session_x.pk).update(
        checked_in_at=now - timedelta(hours=2), expected_back_at=now - timedelta(hours=1)
    )


def test_the_cover_sees_due_actions_and_check_ins_only_during_the_leave(client, world, away):
    _due_work(world)
    cover = world.users["other_link_worker"]
    page = _page(client, cover, MY_DAY)
    heading = f"Covering for {world.worker_a} until"
    assert heading in page
    covering = page[page.index(heading) : page.index("Links to chase")]
    assert "Call the council" in covering
    assert world.case_x.person.full_name in covering
    assert "Overdue" in covering
    seen = AuditEvent.objects.filter(actor=cover, person_id=world.case_x.person_id, action="view")
    assert {e.object_type for e in seen} == {"casework.action", "casework.session"}
    # Not the case itself: the cover reads only what My day shows.
    client.force_login(cover)
    assert client.get(reverse("casework:case_detail", args=[world.case_x.pk])).status_code == 404

    covered = Case.objects.filter(pk=world.case_x.pk)
    assert visible(cover, Permission.VIEW_COVERED_WORK, covered).exists()
    _leave_ended(away)
    assert heading not in _page(client, cover, MY_DAY)
    assert not visible(cover, Permission.VIEW_COVERED_WORK, covered).exists()


def test_the_practice_sees_who_is_covering(client, world, away):
    page = _page(client, world.users["practice_staff"], reverse("home:practice"))
    assert f"{world.worker_a} is on leave until" in page
    assert f"{world.worker_a2} is covering." in page
    _leave_ended(away)
    assert "is covering" not in _page(
        client, world.users["practice_staff"], reverse("home:practice")
    )


def _open_cases(worker, practice, *complexities):
    for complexity in complexities:
        CaseFactory(
            person=PersonFactory(practice=practice), link_worker=worker, complexity=complexity
        )


@override_settings(LINKWORK_TARGET_COMPLEXITY_MIX={"high": 20})
def test_workload_counts_capacity_pro_rata_and_warns(world):
    world.worker_a.capacity, world.worker_a.wte = 10, Decimal("0.5")  # 5 places
    world.worker_a.save()
    _open_cases(world.worker_a, world.practice_x, "high", "high", "low", "mid", "")
    load_a, load_a2 = allocation.workloads([world.worker_a, world.worker_a2])
    assert load_a.by_complexity == {"low": 1, "mid": 1, "high": 2, "": 2}  # case_x unset
    assert (load_a.open_cases, load_a.capacity, load_a.room, load_a.high_target) == (6, 5, -1, 1)
    assert load_a.warnings == [
        "Over capacity: 6 open cases for 5 places",
        "2 high-complexity cases, more than the target of 1",
    ]
    assert load_a2.warnings == []
    assert load_a2.room == 40 - 1


def test_the_team_lead_sees_the_workload_and_its_warnings(client, world):
    world.worker_a.capacity = 1
    world.worker_a.save()
    _open_cases(world.worker_a, world.practice_x, "high")
    page = _page(client, world.users["team_lead"], reverse("reporting:workload"))
    assert f"{world.worker_a}: Over capacity: 2 open cases for 1 places" in page
    assert "over capacity by 1" in page
    assert "Waiting list per practice" in page
    assert world.worker_b.user.get_full_name() not in page  # another HSCP's


def test_allocation_suggests_the_worker_with_room_attachment_and_cover_first(world, away):
    roomy = LinkWorkerFactory(provider=world.provider_a, capacity=60)
    workers = [world.worker_a, world.worker_a2, roomy]
    order = allocation.suggest_workers(workers, practice=world.practice_x)
    assert [s.worker for s in order] == [world.worker_a2, roomy, world.worker_a]
    labels = allocation.labels(order)
    assert labels[world.worker_a2.pk].startswith(f"Suggested: {world.worker_a2} (39 places free")
    assert labels[roomy.pk] == f"{roomy} (60 places free)"
    assert "on leave until" in labels[world.worker_a.pk]

    _leave_ended(away)
    order = allocation.suggest_workers(workers, practice=world.practice_x)
    assert [s.worker for s in order] == [world.worker_a, roomy, world.worker_a2]


def test_a_worker_over_capacity_is_listed_but_never_suggested(world):
    world.worker_a.capacity = 1  # placed at practice X, with case_x: full; then over
    world.worker_a.save()
    _open_cases(world.worker_a, world.practice_x, "low")
    order = allocation.suggest_workers([world.worker_a, world.worker_a2], practice=world.practice_x)
    assert [s.worker for s in order] == [world.worker_a2, world.worker_a]
    labels = allocation.labels(order)
    assert labels[world.worker_a2.pk] == f"Suggested: {world.worker_a2} (39 places free)"
    assert labels[world.worker_a.pk] == (
        f"{world.worker_a} (over capacity by 1, covers this practice)"
    )
    # Nobody with room: the list stands, and nobody is the suggestion.
    world.worker_a2.capacity = 1
    world.worker_a2.save()
    order = allocation.suggest_workers([world.worker_a, world.worker_a2], practice=world.practice_x)
    assert [s.worker for s in order] == [world.worker_a, world.worker_a2]  # the practice's first
    assert not any(label.startswith("Suggested") for label in allocation.labels(order).values())


def test_every_page_counts_places_pro_rata_and_says_by_how_much_over(client, world):
    world.worker_a.capacity, world.worker_a.wte = 4, Decimal("0.5")  # 2 places
    world.worker_a.save()
    _open_cases(world.worker_a, world.practice_x, "low", "low")  # 3 open with case_x
    lead_home = _page(client, world.users["team_lead"], reverse("home:team_lead"))
    assert "3 of 2, over capacity by 1" in lead_home
    assert "(full)" not in lead_home
    assert "open cases 3 of 2, over capacity by 1" in _page(
        client, world.users["link_worker"], MY_DAY
    )
    workload = _page(client, world.users["team_lead"], reverse("reporting:workload"))
    assert "over capacity by 1" in workload


def test_allocating_to_someone_not_listed_is_refused_in_words_naming_the_field(client, world):
    client.force_login(world.users["team_lead"])
    accept = reverse("referrals:accept", args=[world.referral_x.pk])
    response = client.post(
        accept, {"link_worker": world.worker_b.pk, "version": world.referral_x.version}
    )
    page = html.unescape(response.content.decode())
    assert "Select the link worker to allocate this referral to from the list" in page
    assert "Select the allocate to" not in page
    assert not Case.objects.filter(referrals=world.referral_x).exists()


def _queue_row(page: str, name: str) -> str:
    start = page.index(name)
    return html.unescape(page[start : page.index("</tr>", start)])


def test_a_team_leads_queue_suggests_for_each_referral_whom_its_page_would(client, world, away):
    """The queue says whom each referral would go to, as the referral's page suggests: the
    cover of the practice's worker on leave, with room and why."""
    page = _page(client, world.users["team_lead"], QUEUE)
    assert "Suggested worker" in page
    row = _queue_row(page, "Jim Referred")
    assert f"{world.worker_a2} (39 places free, covering for {world.worker_a}, on leave)" in row
    chosen = html.unescape(_allocate_to(client, world))
    assert f"Suggested: {world.worker_a2} (39 places free, covering for" in chosen

    _leave_ended(away)
    row = _queue_row(_page(client, world.users["team_lead"], QUEUE), "Jim Referred")
    assert f"{world.worker_a} (" in row
    assert "covers this practice" in row


def test_with_nobody_at_work_with_room_the_queue_says_so(client, world, away):
    world.worker_a2.capacity = 1  # the cover, full with one case
    world.worker_a2.save()
    _open_cases(world.worker_a2, world.practice_x, "low")
    row = _queue_row(_page(client, world.users["team_lead"], QUEUE), "Jim Referred")
    assert "No one at work has room" in row


def test_a_link_workers_queue_and_its_download_suggest_no_one(client, world):
    page = _page(client, world.users["link_worker"], QUEUE)
    assert "Suggested worker" not in page
    client.force_login(world.users["team_lead"])
    lead = client.get(QUEUE, {"download": "csv"})
    assert "Suggested worker" in b"".join(lead.streaming_content).decode("utf-8-sig")


def test_a_workers_last_place_is_suggested_once_down_the_queue(client, world, away):
    """The cover has one place left: the longest-waiting referral from the practice is
    suggested to them, the next to someone else (or no one), as it would be once the first
    went as suggested."""
    world.worker_a2.capacity = 2  # one open case already: one place left
    world.worker_a2.save()
    _refer_at_practice_x(world, "Nell", "Nextinline", date(1960, 3, 4))
    page = _page(client, world.users["team_lead"], QUEUE)
    assert page.index("Jim Referred") < page.index("Nextinline")  # the longer wait first
    assert f"{world.worker_a2} (1 place free" in _queue_row(page, "Jim Referred")
    assert str(world.worker_a2) not in _queue_row(page, "Nextinline")
    assert "once those above it" in html.unescape(page)
