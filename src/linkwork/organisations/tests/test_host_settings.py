"""Administrators keep their HSCP's host settings and who each hosts (decision 0074)."""

from django.urls import reverse

from linkwork.accounts.people.services import grant_role, invite_person
from linkwork.accounts.roles import Role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.audit.models import AuditEvent
from linkwork.organisations.models import HostSetting


def _form(world, **overrides):
    data = {
        "name": "Calton Night Shelter",
        "kind": "homelessness",
        "hscp": world.hscp_a.pk,
        "address": "1 London Road, Glasgow",
        "postcode": "g1 5jq",
        "active": "on",
        "workers": [world.worker_a2.pk],
    }
    return {**data, **overrides}


def test_an_administrator_adds_a_host_setting_hosting_a_worker(client, world):
    client.force_login(world.users["administrator"])
    response = client.post(reverse("organisations:host_settings"), _form(world))
    assert response.status_code == 302
    setting = HostSetting.objects.get(name="Calton Night Shelter")
    assert (setting.hscp, setting.kind, setting.postcode) == (
        world.hscp_a,
        "homelessness",
        "G1 5JQ",
    )
    assert list(setting.link_workers.all()) == [world.worker_a2]
    assert AuditEvent.objects.filter(object_id=str(setting.pk), action="create").exists()
    page = client.get(reverse("organisations:host_settings")).content.decode()
    assert "Calton Night Shelter" in page
    assert "Shelter H" in page


def test_a_bad_entry_says_which_field_and_saves_nothing(client, world):
    client.force_login(world.users["administrator"])
    response = client.post(
        reverse("organisations:host_settings"), _form(world, name="", postcode="nonsense")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the host setting&#39;s name" in page
    assert not HostSetting.objects.filter(postcode="nonsense").exists()


def test_an_administrator_cannot_host_another_hscps_worker(client, world):
    client.force_login(world.users["national_administrator"])
    response = client.post(
        reverse("organisations:host_settings"), _form(world, workers=[world.worker_b.pk])
    )
    assert response.status_code == 400
    assert "Choose link workers of the setting&#39;s HSCP only" in response.content.decode()
    assert not HostSetting.objects.filter(name="Calton Night Shelter").exists()


def test_changing_a_setting_stops_its_referrals_and_unhosts_a_worker(client, world):
    client.force_login(world.users["administrator"])
    setting = world.host_setting_h
    url = reverse("organisations:host_setting", args=[setting.pk])
    response = client.post(url, _form(world, name="Shelter H", active="", workers=[]))
    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.active is False
    assert not setting.link_workers.exists()


def test_another_hscps_administrator_never_reaches_the_setting(client, world):
    other = UserFactory(username="inverclyde_admin")
    grant_role(
        person=other,
        role=Role.ADMINISTRATOR,
        scope=world.hscp_b,
        by=world.users["national_administrator"],
    )
    client.force_login(other)
    url = reverse("organisations:host_setting", args=[world.host_setting_h.pk])
    assert client.get(url).status_code == 404
    assert "Shelter H" not in client.get(reverse("organisations:host_settings")).content.decode()


def test_an_administrator_gives_the_host_setting_staff_role_at_their_settings_only(world):
    from linkwork.accounts.authorisation import grant_scopes

    admin = world.users["administrator"]
    assert list(grant_scopes(admin, Role.HOST_SETTING_STAFF)) == [world.host_setting_h]
    person = invite_person(
        by=admin,
        first_name="Bernie",
        last_name="Kerr",
        email="bernie@shelter.example.org",
        role=Role.HOST_SETTING_STAFF,
        scope=world.host_setting_h,
    )
    assignment = person.role_assignments.get()
    assert (assignment.host_setting, assignment.scope_hscp_id) == (
        world.host_setting_h,
        world.hscp_a.pk,
    )
    assert not grant_scopes(world.users["other_hscp_team_lead"], Role.HOST_SETTING_STAFF)
