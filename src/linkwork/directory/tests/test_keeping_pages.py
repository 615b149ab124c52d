"""Keeping the directory from its pages: the organisation's one-click capacity and edits
(and who hears of them), a worker verifying a service, and recording an unmet need."""

import pytest
from django.core import mail
from django.urls import reverse

from linkwork.directory.models import UnmetNeed


@pytest.fixture
def worker_client(client, world):
    client.force_login(world.users["link_worker"])
    return client


def test_one_click_capacity_by_the_organisation_is_marked_and_the_team_told(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.DIRECTORY_TEAM_EMAILS = ["team@example.org"]
    mail.outbox.clear()
    client.force_login(world.users["community_partner"])
    url = reverse("directory:set_capacity", args=[world.service_x.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "full"})
    world.service_x.refresh_from_db()
    assert world.service_x.capacity_status == "full"
    assert world.service_x.capacity_set_by_organisation
    assert world.service_x.changed_by_organisation_at
    assert mail.outbox[-1].to == ["team@example.org"]
    other = client.post(
        reverse("directory:set_capacity", args=[world.other_service.pk]), {"status": "full"}
    )
    assert other.status_code == 404


def test_without_a_team_mailbox_the_hscps_team_leads_hear_of_an_organisations_change(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.DIRECTORY_TEAM_EMAILS = []
    for username in ("team_lead", "other_hscp_team_lead"):
        user = world.users[username]
        user.email = f"{username}@example.org"
        user.save()
    mail.outbox.clear()
    client.force_login(world.users["community_partner"])
    url = reverse("directory:set_capacity", args=[world.service_x.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "full"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["team_lead@example.org"]  # not another HSCP's
    assert "Govan walking group" in mail.outbox[0].subject


def test_the_partner_edits_only_the_everyday_fields(client, world):
    client.force_login(world.users["community_partner"])
    url = reverse("directory:edit_service", args=[world.service_x.pk])
    page = client.get(url).content.decode()
    assert "Needs it meets" not in page
    client.post(
        url,
        {
            "description": "Now on Thursdays too",
            "days": ["TU", "TH"],
            "opens_at": "10:00",
            "closes_at": "12:00",
        },
    )
    world.service_x.refresh_from_db()
    assert world.service_x.description == "Now on Thursdays too"
    assert world.service_x.days_open == 2 | 8


def test_recording_an_unmet_need_keeps_only_the_district(worker_client, world):
    response = worker_client.post(
        reverse("directory:record_unmet_need"),
        {
            "need": "legal_immigration",
            "reason": "none_exists",
            "area": "G51 3HR",
            "postcode": "G51 3HR",
            "q": "immigration lawyer",
        },
    )
    assert response.status_code == 302
    unmet = UnmetNeed.objects.get()
    assert unmet.area == "G51"
    assert unmet.search["postcode"] == "G51"
    assert unmet.provider == world.provider_a


def test_verifying_records_what_changed(worker_client, world):
    url = reverse("directory:verify", args=[world.service_x.pk])
    form = {
        "name": "Govan walking group",
        "description": "Longer walks now",
        "needs": ["physical_activity"],
        "eligible_gender": "any",
        "note": "Phoned Ravi",
        "days": ["TU"],
        "opens_at": "10:00",
        "closes_at": "12:00",
    }
    assert worker_client.post(url, form).status_code == 302
    verification = world.service_x.verifications.get()
    assert "description" in verification.changed_fields
    assert verification.note == "Phoned Ravi"
