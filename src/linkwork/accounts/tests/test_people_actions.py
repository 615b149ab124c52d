"""Managing people from their page: each action as an administrator, a national
administrator and a team lead (own team only), and refused for everyone else."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import ApiToken
from linkwork.accounts.people.status import is_locked
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role, create_user
from linkwork.accounts.tests.factories import TEST_PASSWORD, UserFactory
from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.accounts.tokens import issue_token
from linkwork.audit.models import AuditEvent

MANAGERS = ["administrator", "national_administrator", "team_lead"]
# Inverclyde's team lead manages people too, but not these (test_another_hscps_or_teams...).
NOT_MANAGERS = sorted(set(ALL_USERS) - set(MANAGERS) - {"other_hscp_team_lead"})
ME = reverse("api:me")
SIGN_IN = reverse("accounts:sign_in")


def url(name: str, person, **kwargs) -> str:
    return reverse(f"accounts:{name}", kwargs={"pk": person.pk, **kwargs})


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sign_in(client, username, password=TEST_PASSWORD):
    return client.post(SIGN_IN, {"username": username, "password": password})


def events(person, change: str):
    return AuditEvent.objects.filter(detail__change=change, detail__user_id=person.pk)


@pytest.fixture
def worker(world):
    user = world.users["link_worker"]
    user.email = "worker@example.org"
    # Unlike the factory's "User7", which a search for finds "User71" too.
    user.last_name = "Macaulay"
    user.save()
    return user


@pytest.fixture
def inverclyde_admin(world):
    user = UserFactory(username="other_hscp_administrator")
    assign_role(user=user, role=Role.ADMINISTRATOR, hscp=world.hscp_b)
    return user


# Disabling


@pytest.mark.parametrize("manager", MANAGERS)
def test_disabling_ends_sessions_tokens_and_sign_in_at_once(world, worker, manager):
    session = signed_in(worker)
    assert session.get(reverse("home:link_worker")).status_code == 200
    _, token = issue_token(user=worker, name="script")
    by = world.users[manager]

    response = signed_in(by).post(url("disable_person", worker), follow=True)

    assert "account is disabled" in response.content.decode()
    worker.refresh_from_db()
    assert not worker.is_active
    after = session.get(reverse("home:link_worker"))
    assert after.status_code == 302
    assert after.url.startswith(SIGN_IN)
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(worker.pk)
    ]
    refused = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert ApiToken.objects.get(user=worker).revoked_by == by
    assert "_auth_user_id" not in sign_in(Client(), worker.username).wsgi_request.session
    event = events(worker, "account_disabled").get()
    assert (event.actor, event.hscp_id) == (by, world.hscp_a.pk)
    assert event.detail["tokens_revoked"] == 1
    assert event.detail["sessions_ended"] == 1


def test_another_users_session_survives_a_disable(world, worker):
    colleague = signed_in(world.users["other_link_worker"])
    signed_in(world.users["administrator"]).post(url("disable_person", worker))
    assert colleague.get(reverse("home:link_worker")).status_code == 200


@pytest.mark.parametrize("manager", MANAGERS)
def test_enabling_lets_them_sign_in_again(world, worker, manager):
    by = signed_in(world.users[manager])
    by.post(url("disable_person", worker))
    response = by.post(url("enable_person", worker), follow=True)
    assert "may sign in again" in response.content.decode()
    assert sign_in(Client(), worker.username).status_code == 302
    assert events(worker, "account_enabled").get().actor == world.users[manager]


# Unlocking


def lock_out(username: str) -> None:
    for _ in range(5):
        sign_in(Client(), username, "wrong-password")


@pytest.mark.parametrize("manager", MANAGERS)
def test_unlocking_lets_a_locked_out_worker_sign_in_at_once(world, worker, manager):
    lock_out(worker.username)
    assert is_locked(worker)
    assert sign_in(Client(), worker.username).status_code == 429
    page = signed_in(world.users[manager]).get(url("person", worker)).content.decode()
    assert "Locked" in page
    assert "Unlock account" in page

    signed_in(world.users[manager]).post(url("unlock_person", worker))

    assert not is_locked(worker)
    assert sign_in(Client(), worker.username).status_code == 302
    event = events(worker, "unlocked").get()
    assert event.actor == world.users[manager]
    assert event.detail["attempts_cleared"] >= 1


# Resetting two-factor


@pytest.mark.parametrize("manager", MANAGERS)
def test_resetting_two_factor_deletes_every_device(world, worker, manager):
    TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=worker, name="half set up", confirmed=False)
    session = signed_in(worker)
    page = signed_in(world.users[manager]).get(url("person", worker)).content.decode()
    assert "Reset two-factor sign-in" in page

    signed_in(world.users[manager]).post(url("reset_two_factor", worker))

    assert list(devices_for_user(worker, confirmed=None)) == []
    assert session.get(reverse("home:link_worker")).status_code == 302
    event = events(worker, "two_factor_reset").get()
    assert (event.actor, event.detail["devices_removed"]) == (world.users[manager], 2)


# Password links


@pytest.mark.parametrize("manager", MANAGERS)
def test_a_password_link_is_emailed_and_works_once(world, worker, manager, sent):
    with sent():
        signed_in(world.users[manager]).post(url("send_password_link", worker))
    assert events(worker, "password_link_sent").get().actor == world.users[manager]
    (email,) = mail.outbox
    assert email.to == ["worker@example.org"]
    for personal in (worker.username, worker.first_name, worker.last_name):
        assert personal not in email.subject + email.body
    link = next(word for word in email.body.split() if "/account/set-password/" in word)
    path = link.removeprefix("http://127.0.0.1:8000")
    visitor = Client()
    form_page = visitor.get(path, follow=True)
    assert worker.username in form_page.content.decode()
    new_password = "a brand new passphrase 2026"
    chosen = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert chosen.status_code == 302
    assert chosen.url == SIGN_IN
    assert sign_in(Client(), worker.username, new_password).status_code == 302
    again = Client().get(path, follow=True).content.decode()
    assert "This link no longer works" in again


def test_no_link_goes_to_a_disabled_account_or_one_without_email(world, worker, sent):
    admin = signed_in(world.users["administrator"])
    admin.post(url("disable_person", worker))
    with sent():
        refused = admin.post(url("send_password_link", worker), follow=True).content.decode()
    assert "enable it before sending a password link" in refused
    no_email = world.users["other_link_worker"]
    with sent():
        refused = admin.post(url("send_password_link", no_email), follow=True).content.decode()
    assert "has no email address" in refused
    assert mail.outbox == []


# A person's tokens


@pytest.mark.parametrize("manager", MANAGERS)
def test_a_manager_lists_and_revokes_a_persons_tokens(world, worker, manager):
    api_token, token = issue_token(user=worker, name="Nightly export", read_only=True)
    by = signed_in(world.users[manager])
    page = by.get(url("person", worker)).content.decode()
    assert "Nightly export" in page
    assert api_token.prefix in page
    assert "Read only" in page
    by.post(url("revoke_person_token", worker, token_pk=api_token.pk))
    assert ApiToken.objects.get(pk=api_token.pk).revoked_by == world.users[manager]
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_token_is_revoked_only_through_its_owners_page(world, worker):
    api_token, _ = issue_token(user=world.users["other_link_worker"], name="theirs")
    response = signed_in(world.users["administrator"]).post(
        url("revoke_person_token", worker, token_pk=api_token.pk)
    )
    assert response.status_code == 404
    assert not ApiToken.objects.get(pk=api_token.pk).is_revoked


# Refusals: other HSCPs' people, other teams, every other role


ACTIONS = ["disable_person", "unlock_person", "reset_two_factor", "send_password_link"]


def assert_nothing_changed(person, token_pk):
    person.refresh_from_db()
    assert person.is_active
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not ApiToken.objects.get(pk=token_pk).is_revoked
    assert not AuditEvent.objects.filter(object_type="accounts.user", object_id=str(person.pk))
    assert mail.outbox == []


@pytest.mark.parametrize("username", ["administrator", "team_lead", "inverclyde_admin"])
def test_another_hscps_or_teams_people_are_a_404(world, inverclyde_admin, username):
    users = {**world.users, "inverclyde_admin": inverclyde_admin}
    target = world.users[
        "link_worker" if username == "inverclyde_admin" else "other_hscp_link_worker"
    ]
    assert_refused_everything(signed_in(users[username]), target, world)


def assert_refused_everything(client, target, world):
    """`client` neither sees `target` nor changes anything of theirs: their page, actions,
    tokens and roles are a 404, and they are not in the list."""
    target.email = "target@example.org"
    target.save()
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    api_token, _ = issue_token(user=target, name="theirs")
    roles = set(target.role_assignments.values_list("pk", flat=True))
    assert client.get(url("person", target)).status_code == 404
    for action in ACTIONS:
        assert client.post(url(action, target)).status_code == 404, action
    revoke = url("revoke_person_token", target, token_pk=api_token.pk)
    assert client.post(revoke).status_code == 404
    for role_pk in roles:
        assert client.post(url("remove_role", target, role_pk=role_pk)).status_code == 404
    grant = {"role_at": f"practice_staff:{world.practice_y.pk}"}
    assert client.post(url("grant_role", target), grant).status_code == 404
    assert url("person", target) not in client.get(reverse("accounts:people")).content.decode()
    assert set(target.role_assignments.values_list("pk", flat=True)) == roles
    assert_nothing_changed(target, api_token.pk)


# A manager acts on a person only if every role of theirs lies within the manager's reach:
# a local administrator never disables or resets someone with wider rights.
WIDER = {
    "a role in another HSCP": (
        "administrator",
        {"role": Role.PRACTICE_STAFF, "practice": "practice_z"},
    ),
    "a national role": ("administrator", {"role": Role.ADMINISTRATOR}),
    "another team to lead": ("team_lead", {"role": Role.TEAM_LEAD, "provider": "provider_b"}),
}


@pytest.mark.parametrize(("manager", "role"), WIDER.values(), ids=WIDER.keys())
def test_a_person_with_a_role_beyond_the_managers_reach_is_refused(world, worker, manager, role):
    scope = {k: getattr(world, v) for k, v in role.items() if k != "role"}
    assign_role(user=worker, role=role["role"], **scope)
    assert_refused_everything(signed_in(world.users[manager]), worker, world)


def test_a_person_whose_roles_are_all_in_the_hscp_is_managed(world, worker):
    assign_role(user=worker, role=Role.PRACTICE_STAFF, practice=world.practice_y)
    admin = signed_in(world.users["administrator"])
    assert url("person", worker) in admin.get(reverse("accounts:people")).content.decode()
    assert (
        "account is disabled"
        in admin.post(url("disable_person", worker), follow=True).content.decode()
    )
    worker.refresh_from_db()
    assert not worker.is_active


@pytest.mark.parametrize("username", NOT_MANAGERS)
def test_every_other_role_is_refused(world, worker, username):
    client = signed_in(world.users[username])  # before the device: no code asked of them
    TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    api_token, _ = issue_token(user=worker, name="theirs")
    assert client.get(reverse("accounts:people")).status_code == 403
    assert client.get(reverse("accounts:invite_person")).status_code == 403
    assert client.get(url("person", worker)).status_code == 404
    for action in ACTIONS:
        assert client.post(url(action, worker)).status_code == 404, action
    assert_nothing_changed(worker, api_token.pk)


def test_a_team_lead_cannot_act_on_a_worker_who_is_also_an_administrator(world, worker):
    assign_role(user=worker, role=Role.ADMINISTRATOR, hscp=world.hscp_a)
    assert_refused_everything(signed_in(world.users["team_lead"]), worker, world)


# The list


def listed(client, **query) -> set[str]:
    """The usernames whose pages the people list links to."""
    page = client.get(reverse("accounts:people"), query).content.decode()
    return {name for name, user in client.world.users.items() if url("person", user) in page}


def manager(world, username) -> Client:
    client = signed_in(world.users[username])
    client.world = world
    return client


def test_the_list_finds_people_and_shows_their_state(world, worker):
    TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    lock_out("other_link_worker")
    client = manager(world, "administrator")
    page = client.get(reverse("accounts:people")).content.decode()
    assert "Link worker, " + str(world.provider_a) in page
    assert "Locked" in page
    assert "Not set up" in page
    assert "Set up" in page
    assert listed(client) == {
        "link_worker",
        "other_link_worker",
        "team_lead",
        "practice_staff",
        "host_setting_staff",
        "commissioner",
        "community_partner",
    }
    assert listed(client, q=worker.last_name) == {"link_worker"}
    assert listed(client, q="worker@EXAMPLE") == {"link_worker"}
    assert listed(client, role="team_lead") == {"team_lead"}
    assert listed(client, status="locked") == {"other_link_worker"}
    assert "link_worker" not in listed(client, status="no_two_factor")
    worker.is_active = False
    worker.save()
    assert listed(client, status="disabled") == {"link_worker"}


def test_a_team_lead_lists_only_their_teams_link_workers(world):
    assert listed(manager(world, "team_lead")) == {"link_worker", "other_link_worker"}
    assert listed(manager(world, "other_hscp_team_lead")) == {"other_hscp_link_worker"}


def test_a_bad_status_says_so(world):
    client = signed_in(world.users["administrator"])
    response = client.get(reverse("accounts:people"), {"status": "asleep"})
    assert "Select the status from the options listed" in response.content.decode()


def test_the_people_page_is_in_a_managers_navigation_only(world):
    people = f'href="{reverse("accounts:people")}"'
    for username in ALL_USERS:
        home = signed_in(world.users[username]).get(reverse("home:home"), follow=True)
        may = username in {*MANAGERS, "other_hscp_team_lead"}
        assert (people in home.content.decode()) is may, username


def test_an_invited_person_without_a_password_shows_so(world):
    invited = create_user(username="newcomer", first_name="New", last_name="Comer")
    assign_role(user=invited, role=Role.PRACTICE_STAFF, practice=world.practice_x)
    client = manager(world, "administrator")
    page = client.get(url("person", invited)).content.decode()
    assert "Invited, no password yet" in page
    assert (
        url("person", invited)
        in client.get(reverse("accounts:people"), {"status": "invited"}).content.decode()
    )
