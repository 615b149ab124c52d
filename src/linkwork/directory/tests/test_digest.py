"""The monthly directory digest: new, closed and changed services and capacity changes of
an HSCP's directory from the services' history, and the services verified this week; as
a page for its link workers and team leads and as an email to them only (decision 0102)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from linkwork.core import clock
from linkwork.directory import digest
from linkwork.directory.services import (
    create_organisation,
    set_capacity,
    update_service,
    verify_service,
)
from linkwork.directory.tests.factories import service


def days_ago(days: int):
    return clock.as_of(timezone.now() - timedelta(days=days))


@pytest.fixture
def changes(world):
    """In Glasgow: a lunch club listed in the summer that filled up ten days ago, a group
    that closed three days ago, and a larder new five days ago and verified today. One
    service of Inverclyde's, new too, which Glasgow's digest never shows."""
    worker = world.users["link_worker"]
    org = create_organisation(name="Elderpark Trust", hscp=world.hscp_a)
    with days_ago(100):
        lunch = service(org, "Elderpark lunch club", needs=["food"], by=worker)
        group = service(org, "Elderpark knit group", needs=["social_isolation"], by=worker)
    with days_ago(10):
        set_capacity(service=lunch, status="full", by=worker)
        update_service(service=lunch, by=worker, fields={"description": "Soup and a blether"})
    with days_ago(3):
        update_service(service=group, by=worker, fields={"status": "inactive"})
    with days_ago(5):
        larder = service(org, "Elderpark larder", needs=["food"], by=worker)
    verify_service(service=larder, by=worker, note="Visited: friendly, no referral needed")
    elsewhere = create_organisation(name="Greenock Hub", hscp=world.hscp_b)
    service(elsewhere, "Greenock larder", needs=["food"], by=world.users["other_hscp_link_worker"])
    return {"lunch": lunch, "group": group, "larder": larder}


def details(changes_) -> dict[str, str]:
    return {change.service.name: change.detail for change in changes_}


def test_the_digest_tells_new_closed_changed_and_capacity(world, changes):
    built = digest.build(world.hscp_a, digest.period())
    assert "Elderpark larder" in details(built.new)
    assert "Greenock larder" not in details(built.new)
    assert "Elderpark lunch club" not in details(built.new)
    assert details(built.closed) == {"Elderpark knit group": "Inactive"}
    assert details(built.changed) == {"Elderpark lunch club": "Description"}
    assert details(built.capacity) == {
        "Elderpark lunch club": "Open to new referrals → Full: not taking referrals"
    }
    assert [v.service.name for v in built.met] == ["Elderpark larder"]


def test_an_earlier_month_shows_what_was_new_then(world, changes):
    month = (timezone.localdate() - timedelta(days=100)).strftime("%Y-%m")
    built = digest.build(world.hscp_a, digest.period(month))
    assert {"Elderpark lunch club", "Elderpark knit group"} <= set(details(built.new))
    assert not built.capacity


@pytest.mark.parametrize("month", ["11-2026", "2026-13", "next month"])
def test_a_month_written_wrongly_is_named(client, world, month):
    client.force_login(world.users["team_lead"])
    response = client.get(reverse("directory:digest"), {"month": month})
    assert response.status_code == 400
    assert "Enter the month as year and month, for example 2026-11" in response.content.decode()


def test_workers_see_the_digest_page_with_who_they_met(client, world, changes):
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("directory:digest")).content.decode()
    assert "Elderpark larder" in page
    assert "Open to new referrals → Full: not taking referrals" in page
    met = page.split("Who did you meet this week?")[1]
    assert "Visited: friendly, no referral needed" in met
    assert "Greenock" not in page
    other = client.get(reverse("directory:digest"), {"hscp": world.hscp_b.code})
    assert other.status_code == 404


def test_the_command_prints_a_dry_run_and_sends_to_the_hscps_team_only(world, changes):
    for username, user in world.users.items():  # everyone has an address
        type(user).objects.filter(pk=user.pk).update(email=f"{username}@example.scot")
    out = StringIO()
    call_command("directory-digest", "--hscp", world.hscp_a.code, stdout=out)
    assert "Elderpark larder" in out.getvalue()
    assert "Would send to: link_worker@example.scot" in out.getvalue()
    assert not mail.outbox
    call_command("directory-digest", "--hscp", world.hscp_a.code, "--send", stdout=StringIO())
    team = {f"{name}@example.scot" for name in ("link_worker", "other_link_worker", "team_lead")}
    assert {address for message in mail.outbox for address in message.to} == team
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Elderpark larder" in mail.outbox[0].body
    assert "Greenock" not in mail.outbox[0].body
