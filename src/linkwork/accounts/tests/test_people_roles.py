"""Inviting people, choosing a password from the link, and giving and taking away roles,
audited wherever it happens (the people pages and the Django admin)."""

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from linkwork.accounts.models import ApiToken, RoleAssignment, User
from linkwork.accounts.people.services import (
    EMAIL_IN_USE,
    Refused,
    invite_person,
    password_link_path,
)
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.accounts.tests.test_people_actions import signed_in, url
from linkwork.accounts.tokens import issue_token
from linkwork.audit.models import Action, AuditEvent
from linkwork.organisations.models import LinkWorker

INVITE = reverse("accounts:invite_person")
PASSWORD = "a long and memorable passphrase"


def invitation(role_at: str, **data) -> dict:
    person = {"first_name": "Nina", "last_name": "Newcomer", "email": "nina@example.org"}
    return {**person, "role_at": role_at, **data}


def role_events(user, change: str):
    return AuditEvent.objects.filter(
        object_type="accounts.roleassignment", detail__user_id=user.pk, detail__change=change
    )


def link_in(email) -> str:
    link = next(word for word in email.body.split() if "/account/set-password/" in word)
    return link.removeprefix("http://127.0.0.1:8000")


def choose(path: str, first: str = PASSWORD, second: str = PASSWORD):
    visitor = Client()
    form_page = visitor.get(path, follow=True)
    if "This link no longer works" in form_page.content.decode():
        return form_page
    return visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": first, "new_password2": second}
    )


# Inviting


@pytest.mark.parametrize("by", ["administrator", "national_administrator"])
def test_an_administrator_invites_practice_staff(world, sent, by):
    with sent():
        response = signed_in(world.users[by]).post(
            INVITE, invitation(f"practice_staff:{world.practice_x.pk}", job_title="gp")
        )
    nina = User.objects.get(email="nina@example.org")
    assert response.url == url("person", nina)
    assert not nina.has_usable_password()
    assignment = nina.role_assignments.get()
    assert (assignment.role, assignment.practice, assignment.job_title) == (
        "practice_staff",
        world.practice_x,
        "gp",
    )
    created = AuditEvent.objects.get(object_type="accounts.user", object_id=str(nina.pk))
    assert (created.action, created.actor, created.detail["change"]) == (
        Action.CREATE,
        world.users[by],
        "invited",
    )
    granted = role_events(nina, "role_granted").get()  # once: no second event
    assert (granted.actor, granted.hscp_id) == (world.users[by], world.hscp_a.pk)
    (email,) = mail.outbox
    assert email.to == ["nina@example.org"]
    assert email.subject == "Your linkwork account"
    for personal in ("Nina", "Newcomer", nina.username, "Practice X", "Glasgow"):
        assert personal not in email.subject + email.body


def test_the_invitation_link_sets_a_password_once_and_then_fails(world, sent):
    with sent():
        signed_in(world.users["administrator"]).post(
            INVITE, invitation(f"practice_staff:{world.practice_x.pk}")
        )
    path = link_in(mail.outbox[0])
    chosen = choose(path)
    assert chosen.status_code == 302
    assert chosen.url == reverse("accounts:sign_in")
    nina = User.objects.get(email="nina@example.org")
    signed_in_now = Client().post(
        reverse("accounts:sign_in"), {"username": nina.username, "password": PASSWORD}
    )
    assert signed_in_now.status_code == 302
    again = choose(path, "another passphrase altogether", "another passphrase altogether")
    assert "This link no longer works" in again.content.decode()
    nina.refresh_from_db()
    assert nina.check_password(PASSWORD)
    chose = AuditEvent.objects.get(detail__change="password_chosen", detail__user_id=nina.pk)
    assert chose.actor == nina


def test_a_link_expires_after_the_configured_days(world, settings):
    nina = UserFactory(username="nina", email="nina@example.org")
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False) as clock:
        path = password_link_path(nina)
        clock.shift(timedelta(days=settings.PASSWORD_LINK_VALID_DAYS, seconds=1))
        page = choose(path)
    assert "This link no longer works" in page.content.decode()
    assert "has expired" in page.content.decode()


def test_a_made_up_or_disabled_accounts_link_fails(world):
    nina = UserFactory(username="nina", email="nina@example.org")
    path = password_link_path(nina)
    nina.is_active = False
    nina.save()
    assert "This link no longer works" in choose(path).content.decode()
    bogus = reverse("accounts:set_password", kwargs={"uidb64": "MQ", "token": "made-up"})
    assert "This link no longer works" in choose(bogus).content.decode()


def test_the_password_page_says_what_is_wrong(world):
    nina = UserFactory(username="nina", email="nina@example.org")
    page = choose(password_link_path(nina), PASSWORD, PASSWORD + "!").content.decode()
    assert "The two new passwords are different" in page
    short = choose(password_link_path(nina), "short", "short").content.decode()
    assert "nhsuk-error-summary" in short  # the words are the password validators'
    nina.refresh_from_db()
    assert nina.check_password("correct-horse-battery-staple")
    empty = choose(password_link_path(nina), "", "").content.decode()
    assert "Enter a new password" in empty


def test_a_team_lead_invites_a_link_worker_to_their_team(world, sent):
    with sent():
        signed_in(world.users["team_lead"]).post(
            INVITE, invitation(f"link_worker:{world.provider_a.pk}")
        )
    nina = User.objects.get(email="nina@example.org")
    assert nina.role_assignments.get().provider == world.provider_a
    assert LinkWorker.objects.get(user=nina).provider == world.provider_a  # cases can go to her
    assert role_events(nina, "role_granted").get().actor == world.users["team_lead"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("by", "role_at"),
    [
        ("team_lead", "team_lead:{w.provider_a.pk}"),
        ("team_lead", "practice_staff:{w.practice_x.pk}"),
        ("team_lead", "link_worker:{w.provider_b.pk}"),
        ("administrator", "practice_staff:{w.practice_z.pk}"),
        ("administrator", "link_worker:{w.provider_b.pk}"),
        ("administrator", "administrator:all"),
        ("administrator", "administrator:{w.hscp_b.pk}"),
    ],
)
def test_no_one_invites_into_a_role_they_may_not_give(world, by, role_at, sent):
    with sent():
        response = signed_in(world.users[by]).post(INVITE, invitation(role_at.format(w=world)))
    assert response.status_code == 400
    assert "Choose the role to give from the options listed" in response.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()
    assert mail.outbox == []


def test_an_invitation_names_what_is_missing(world):
    response = signed_in(world.users["administrator"]).post(INVITE, {})
    page = response.content.decode()
    for message in (
        "Enter their first name",
        "Enter their last name",
        "Enter their work email address",
        "Choose the role to give",
    ):
        assert message in page


@pytest.mark.parametrize("page", [INVITE, reverse("directory:invite")])
def test_an_email_already_in_use_is_refused_on_the_email_field(world, page):
    UserFactory(username="someone", email="Nina@Example.org")
    data = invitation(
        f"community_partner:{world.partner_org.pk}", organisation=world.partner_org.pk
    )
    response = signed_in(world.users["administrator"]).post(page, data)
    assert response.status_code == 400
    shown = unescape(response.content.decode())
    assert EMAIL_IN_USE in shown
    assert 'href="#id_email"' in shown  # the error summary leads to the email field
    assert User.objects.filter(email__iexact="nina@example.org").count() == 1


def test_the_invitation_service_refuses_an_email_in_use_too(world):
    UserFactory(username="someone", email="nina@example.org")
    with pytest.raises(Refused, match="An account already uses this email address"):
        invite_person(
            by=world.users["administrator"], first_name="N", last_name="N",
            email=" NINA@example.org", role=Role.PRACTICE_STAFF, scope=world.practice_x,
        )  # fmt: skip


def test_a_team_lead_invites_a_community_partner_from_the_people_pages(world, sent, settings):
    """The same invitation as anyone's: audited in the organisation's HSCP, a link to choose
    a password on the configured site address (not the request's host)."""
    settings.LINKWORK_SITE_URL = "https://linkwork.example.scot"
    lead = signed_in(world.users["team_lead"])
    form = lead.get(INVITE).content.decode()
    assert f'value="community_partner:{world.partner_org.pk}"' in form
    with sent():
        response = lead.post(
            INVITE,
            invitation(f"community_partner:{world.partner_org.pk}"),
            follow=True,
        )
    assert "Invitation sent to nina@example.org" in response.content.decode()
    nina = User.objects.get(email="nina@example.org")
    role = nina.role_assignments.get()
    assert (role.role, role.community_organisation) == ("community_partner", world.partner_org)
    invited = AuditEvent.objects.get(detail__change="invited", detail__user_id=nina.pk)
    assert (invited.actor, invited.hscp_id) == (world.users["team_lead"], world.hscp_a.pk)
    assert "https://linkwork.example.scot/account/set-password/" in mail.outbox[-1].body
    assert "testserver" not in mail.outbox[-1].body  # the host the request came to
    assert not nina.has_usable_password()


def test_the_invite_page_offers_only_the_roles_one_may_give(world):
    page = signed_in(world.users["team_lead"]).get(INVITE).content.decode()
    assert f'value="link_worker:{world.provider_a.pk}"' in page
    assert "Team lead," not in page
    assert "Practice staff," not in page


# Giving and taking away roles


def test_an_administrator_gives_and_takes_away_a_role(world):
    worker = world.users["link_worker"]
    admin = signed_in(world.users["administrator"])
    given = admin.post(
        url("grant_role", worker),
        {"role_at": f"practice_staff:{world.practice_y.pk}", "job_title": "gp"},
        follow=True,
    )
    assert "now holds the role Practice staff, Practice Y" in given.content.decode()
    added = worker.role_assignments.get(role=Role.PRACTICE_STAFF)
    assert role_events(worker, "role_granted").filter(object_id=str(added.pk)).count() == 1
    taken = admin.post(url("remove_role", worker, role_pk=added.pk), follow=True)
    assert "no longer holds the role Practice staff, Practice Y" in taken.content.decode()
    assert not worker.role_assignments.filter(role=Role.PRACTICE_STAFF).exists()
    removed = role_events(worker, "role_removed").get()
    assert (removed.action, removed.actor, removed.object_id) == (
        Action.DELETE,
        world.users["administrator"],
        str(added.pk),
    )
    assert (removed.detail["role"], removed.detail["practice"]) == (
        "practice_staff",
        world.practice_y.pk,
    )


def test_giving_a_role_twice_says_so(world):
    worker = world.users["link_worker"]
    again = signed_in(world.users["administrator"]).post(
        url("grant_role", worker), {"role_at": f"link_worker:{world.provider_a.pk}"}, follow=True
    )
    assert f"already holds the role Link worker, {world.provider_a}: nothing changed" in unescape(
        again.content.decode()
    )
    assert worker.role_assignments.count() == 1


@pytest.mark.parametrize("by", ["administrator", "team_lead"])
def test_a_persons_only_role_is_not_taken_away_but_disabled(world, by):
    worker = world.users["link_worker"]
    only = worker.role_assignments.get()
    client = signed_in(world.users[by])
    shown = client.get(url("person", worker)).content.decode()
    assert url("remove_role", worker, role_pk=only.pk) not in shown  # no button it would refuse
    assert "Disable the account instead" in shown
    page = client.post(url("remove_role", worker, role_pk=only.pk), follow=True)
    assert "Disable the account instead" in page.content.decode()
    assert RoleAssignment.objects.filter(pk=only.pk).exists()
    assert not role_events(worker, "role_removed").exists()


def test_a_national_administrator_may_take_away_the_only_role(world):
    worker = world.users["link_worker"]
    only = worker.role_assignments.get()
    signed_in(world.users["national_administrator"]).post(
        url("remove_role", worker, role_pk=only.pk)
    )
    assert not worker.role_assignments.exists()


def test_a_team_lead_gives_no_role_but_the_link_workers(world):
    worker = world.users["link_worker"]
    response = signed_in(world.users["team_lead"]).post(
        url("grant_role", worker), {"role_at": f"team_lead:{world.provider_a.pk}"}
    )
    assert response.status_code == 400
    assert "Choose the role to give from the options listed" in response.content.decode()
    assert worker.role_assignments.count() == 1


def test_an_administrator_cannot_take_away_another_hscps_role(world):
    kirsty = world.users["other_hscp_link_worker"]
    assign_role(user=kirsty, role=Role.PRACTICE_STAFF, practice=world.practice_x)
    inverclyde = kirsty.role_assignments.get(role=Role.LINK_WORKER)
    inverclyde_admin = UserFactory(username="inverclyde_admin")
    assign_role(user=inverclyde_admin, role=Role.ADMINISTRATOR, hscp=world.hscp_b)
    national = signed_in(world.users["national_administrator"])
    assert (
        url("remove_role", kirsty, role_pk=inverclyde.pk)
        in national.get(url("person", kirsty)).content.decode()
    )
    # Kirsty works in both HSCPs: neither administrator takes away either of her roles.
    for admin in (world.users["administrator"], inverclyde_admin):
        client = signed_in(admin)
        for role in kirsty.role_assignments.all():
            assert client.post(url("remove_role", kirsty, role_pk=role.pk)).status_code == 404
    assert kirsty.role_assignments.count() == 2


def test_losing_the_last_role_that_may_hold_tokens_revokes_them(world):
    worker = world.users["link_worker"]
    _, token = issue_token(user=worker, name="script")
    assign_role(user=worker, role=Role.ADMINISTRATOR, hscp=world.hscp_a)  # holds no token
    worker_role = worker.role_assignments.get(role=Role.LINK_WORKER)
    signed_in(world.users["administrator"]).post(url("remove_role", worker, role_pk=worker_role.pk))
    assert ApiToken.objects.get(user=worker).revoked_by == world.users["administrator"]
    assert Client().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_keeping_a_role_that_may_hold_tokens_keeps_them(world):
    worker = world.users["link_worker"]
    issue_token(user=worker, name="script")
    assign_role(user=worker, role=Role.PRACTICE_STAFF, practice=world.practice_x)
    worker.role_assignments.get(role=Role.LINK_WORKER).delete()
    assert not ApiToken.objects.get(user=worker).is_revoked


# The Django admin


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def admin_form(user, rows: list[dict]) -> dict:
    """The Django admin's user change form, with `rows` as its role assignment inline."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "role_assignments-TOTAL_FORMS": str(len(rows)),
        "role_assignments-INITIAL_FORMS": str(sum("id" in row for row in rows)),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in {"user": user.pk, **row}.items():
            data[f"role_assignments-{index}-{key}"] = value
    return data


def test_roles_given_and_taken_away_in_the_django_admin_are_audited(world, superuser):
    worker = world.users["link_worker"]
    existing = worker.role_assignments.get()
    kept = {"id": existing.pk, "role": "link_worker", "provider": world.provider_a.pk}
    change = reverse("admin:accounts_user_change", args=[worker.pk])
    client = signed_in(superuser)
    added = {"role": "practice_staff", "practice": world.practice_y.pk}
    assert client.post(change, admin_form(worker, [kept, added])).status_code == 302
    given = role_events(worker, "role_granted").exclude(object_id=str(existing.pk)).get()
    assert (given.actor, given.path, given.detail["practice"]) == (
        superuser,
        change,
        world.practice_y.pk,
    )
    new = worker.role_assignments.get(role=Role.PRACTICE_STAFF)
    gone = {"id": new.pk, "role": "practice_staff", "practice": world.practice_y.pk, "DELETE": "on"}
    assert client.post(change, admin_form(worker, [kept, gone])).status_code == 302
    removed = role_events(worker, "role_removed").get()
    assert (removed.actor, removed.object_id) == (superuser, str(new.pk))
    assert not role_events(worker, "role_changed").exists()  # the kept row was not re-saved


@pytest.mark.parametrize(
    ("holds", "given", "fixed"),
    [
        ("administrator", "team_lead", "is an administrator"),
        ("administrator", "practice_staff", "is an administrator"),
        ("link_worker", "administrator", "reads people's records"),
    ],
)
def test_an_hscp_administrator_does_not_put_administration_and_records_on_one_account(
    world, holds, given, fixed
):
    """Two administrators of one HSCP would otherwise give each other a team lead's access
    to every case of a team; only a national administrator may combine the two."""
    person = world.users["link_worker"]
    if holds == "administrator":
        person = UserFactory(username="second_admin")
        assign_role(user=person, role=Role.ADMINISTRATOR, hscp=world.hscp_a)
    scope = {
        "team_lead": world.provider_a.pk,
        "practice_staff": world.practice_y.pk,
        "administrator": world.hscp_a.pk,
    }[given]
    before = set(person.role_assignments.values_list("pk", flat=True))
    page = signed_in(world.users["administrator"]).post(
        url("grant_role", person), {"role_at": f"{given}:{scope}"}, follow=True
    )
    assert f"{person} {fixed}" in unescape(page.content.decode())
    assert "separation of duties" in page.content.decode()
    assert set(person.role_assignments.values_list("pk", flat=True)) == before
    assert not role_events(person, "role_granted").exclude(object_id__in=map(str, before)).exists()

    national = signed_in(world.users["national_administrator"]).post(
        url("grant_role", person), {"role_at": f"{given}:{scope}"}, follow=True
    )
    assert "now holds the role" in national.content.decode()
    assert person.role_assignments.filter(role=given).exists()


# A role that reads people's records, given by an HSCP administrator, is told to the others


def administrator(world, username: str, hscp=None) -> User:
    person = UserFactory(username=username, email=f"{username}@example.org")
    assign_role(user=person, role=Role.ADMINISTRATOR, hscp=hscp)
    return person


def told(to_skip: str = "nina@example.org") -> list:
    return [email for email in mail.outbox if to_skip not in email.to]


def test_an_hscp_administrator_inviting_someone_to_read_records_is_told_to_the_hscps_others(
    world, sent
):
    """An HSCP administrator reads no one's record (separation of duties), so a team
    lead's role given to an address they control would read what they may not: the HSCP's
    other administrators hear of it at once, not only in the log (decision 0145)."""
    administrator(world, "second_admin", world.hscp_a)
    administrator(world, "other_hscps_admin", world.hscp_b)
    administrator(world, "national_admin")
    world.users["administrator"].email = "giver@example.org"
    world.users["administrator"].save()
    with sent():
        signed_in(world.users["administrator"]).post(
            INVITE, invitation(f"team_lead:{world.provider_a.pk}")
        )
    nina = User.objects.get(email="nina@example.org")
    (email,) = told()
    assert email.to == ["second_admin@example.org"]
    assert "Team lead" in email.body
    assert f"/people/{nina.pk}/" in email.body
    giver = world.users["administrator"]
    for personal in ("Nina", "Newcomer", nina.username, giver.last_name, "Provider"):
        assert personal not in email.subject + email.body


@pytest.mark.parametrize(
    ("by", "role_at", "told_to"),
    [
        ("administrator", "practice_staff:practice_y", ["national_admin@example.org"]),
        ("administrator", "administrator:hscp_a", []),  # reads no records
        ("administrator", "commissioner:hscp_a", []),  # figures, never a person
        ("national_administrator", "practice_staff:practice_y", []),
        ("team_lead", "link_worker:provider_a", []),  # reads the team's cases already
    ],
)
def test_only_an_hscp_administrator_giving_a_role_that_reads_records_is_told(
    world, sent, by, role_at, told_to
):
    """With no other administrator in the HSCP, the national ones are told."""
    administrator(world, "national_admin")
    world.users["administrator"].email = "hscp_admin@example.org"
    world.users["administrator"].save()
    role, scope = role_at.split(":")
    with sent():
        signed_in(world.users[by]).post(INVITE, invitation(f"{role}:{getattr(world, scope).pk}"))
    assert User.objects.get(email="nina@example.org").role_assignments.get().role == role
    assert [email.to for email in told()] == [[to] for to in told_to]


def test_a_role_given_on_the_persons_page_is_told_as_an_invitation_is(world, sent):
    administrator(world, "second_admin", world.hscp_a)
    person = world.users["commissioner"]  # an account of the HSCP's, reading no one yet
    with sent():
        signed_in(world.users["administrator"]).post(
            url("grant_role", person), {"role_at": f"practice_staff:{world.practice_x.pk}"}
        )
    assert person.role_assignments.filter(role=Role.PRACTICE_STAFF).exists()
    (email,) = told()
    assert email.to == ["second_admin@example.org"]
    assert f"/people/{person.pk}/" in email.body
