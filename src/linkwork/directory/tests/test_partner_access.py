"""The community partner against every other object: another organisation's links and
services, every case record, referral and person, by page and by API. And how a partner
is invited."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.people.services import invite_person
from linkwork.accounts.roles import Permission
from linkwork.accounts.tokens import issue_token
from linkwork.audit.models import AuditEvent
from linkwork.directory.models import Organisation


def _other_objects(w) -> list[str]:
    return [
        reverse("links:partner_link", args=[w.link_other.pk]),
        reverse("links:link", args=[w.link_x.pk]),
        reverse("links:link", args=[w.link_other.pk]),
        reverse("directory:service", args=[w.other_service.pk]),
        reverse("directory:edit_service", args=[w.other_service.pk]),
        reverse("directory:verify", args=[w.service_x.pk]),
        reverse("links:refer", args=[w.case_x.pk, w.service_x.pk]),
        reverse("directory:search") + f"?case={w.case_x.pk}",
        reverse("directory:to_check"),
        reverse("reporting:unmet_needs"),
        reverse("directory:invite"),
        reverse("casework:case_detail", args=[w.case_x.pk]),
        reverse("casework:case_detail", args=[w.case_z.pk]),
        reverse("casework:session", args=[w.session_x.pk]),
        reverse("casework:goal", args=[w.goal_x.pk]),
        reverse("casework:action", args=[w.action_x.pk]),
        reverse("referrals:detail", args=[w.referral_x.pk]),
        reverse("referrals:list"),
    ]


def _other_api(w) -> list[str]:
    return [
        f"/api/v1/links/{w.link_other.pk}",
        f"/api/v1/cases/{w.case_x.pk}",
        "/api/v1/cases",
        f"/api/v1/sessions/{w.session_x.pk}",
        f"/api/v1/goals/{w.goal_x.pk}",
        f"/api/v1/actions/{w.action_x.pk}",
        f"/api/v1/referrals/{w.referral_x.pk}",
        f"/api/v1/directory/services/{w.other_service.pk}",
        "/api/v1/directory/to-check",
    ]


def test_no_page_of_another_object_opens_for_the_partner(client, world):
    client.force_login(world.users["community_partner"])
    for url in _other_objects(world):
        response = client.get(url)
        assert response.status_code in (403, 404), f"{url}: {response.status_code}"
        body = response.content.decode()
        assert world.case_x.person.family_name not in body, url
        assert world.case_z.person.family_name not in body, url


def test_no_api_path_to_another_object_opens_for_the_partner(client, world):
    _, token = issue_token(user=world.users["community_partner"], name="test")
    headers = {"Authorization": f"Bearer {token}"}
    for url in _other_api(world):
        response = client.get(url, headers=headers)
        assert response.status_code in (403, 404), f"{url}: {response.status_code}"
        assert world.case_x.person.family_name not in response.content.decode()


@pytest.mark.parametrize("inviter", ["team_lead", "administrator"])
def test_a_team_lead_or_administrator_invites_a_partner_who_sets_a_password(
    client, world, inviter, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(world.users[inviter])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:invite"),
            {"organisation": world.other_org.pk, "first_name": "Jo", "last_name": "Bell",
             "email": "jo@another.example.org"},
        )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="jo@another.example.org")
    role = RoleAssignment.objects.get(user=user)
    assert (role.role, role.community_organisation) == ("community_partner", world.other_org)
    assert not user.has_usable_password()
    # The link is on the configured site address, never the request's Host header.
    site = re.escape(settings.LINKWORK_SITE_URL)
    link = re.search(site + r"(/account/set-password/\S+)", mail.outbox[-1].body).group(1)
    invited = AuditEvent.objects.get(detail__change="invited", detail__user_id=user.pk)
    assert (invited.actor, invited.hscp_id) == (world.users[inviter], world.hscp_a.pk)
    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "a-long-garden-walk-2026", "new_password2": "a-long-garden-walk-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-garden-walk-2026")
    assert "has been used" in client.get(link, follow=True).content.decode()


def test_an_invitation_form_names_bad_fields(client, world):
    client.force_login(world.users["team_lead"])
    response = client.post(reverse("directory:invite"), {"email": "not-an-email"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the organisation they work for" in page
    assert "Enter an email address like name@example.org" in page
    assert "not-an-email" in page


def _invite_post(client, organisation, email="self@elsewhere.example.org"):
    return client.post(
        reverse("directory:invite"),
        {"organisation": organisation.pk, "first_name": "Me", "last_name": "Again",
         "email": email},
    )  # fmt: skip


@pytest.fixture
def inverclyde_org(world):
    from linkwork.directory.services import create_organisation
    from linkwork.directory.tests.factories import service

    org = create_organisation(name="Greenock Befrienders", hscp=world.hscp_b)
    service(org, "Greenock befriending", by=world.users["other_hscp_link_worker"])
    return org


@pytest.mark.parametrize("inviter", ["team_lead", "administrator"])
def test_nobody_invites_a_partner_of_another_hscps_organisation(
    client, world, inviter, inverclyde_org
):
    client.force_login(world.users[inviter])
    form_page = client.get(reverse("directory:invite")).content.decode()
    assert world.partner_org.name in form_page
    assert inverclyde_org.name not in form_page
    unowned = Organisation.objects.create(name="Unowned national charity")
    for organisation in (inverclyde_org, unowned):
        response = _invite_post(client, organisation)
        assert response.status_code == 404, organisation
    assert not User.objects.filter(email="self@elsewhere.example.org").exists()
    assert not RoleAssignment.objects.filter(
        community_organisation__in=[inverclyde_org, unowned]
    ).exists()


def test_a_junk_organisation_in_the_invitation_post_is_a_404(client, world):
    client.force_login(world.users["team_lead"])
    assert _invite_post(client, Organisation(pk=999999)).status_code == 404
    response = client.post(reverse("directory:invite"), {"organisation": "x; drop"})
    assert response.status_code == 404


def test_each_hscps_own_inviters_may_invite_for_its_organisations(client, world, inverclyde_org):
    for username in ("other_hscp_team_lead", "national_administrator"):
        client.force_login(world.users[username])
        response = _invite_post(client, inverclyde_org, email=f"{username}@greenock.example.org")
        assert response.status_code == 302, username
    assert RoleAssignment.objects.filter(community_organisation=inverclyde_org).count() == 2


def test_the_invitation_service_refuses_an_organisation_out_of_scope(world, inverclyde_org):
    with pytest.raises(PermissionDenied):
        invite_person(
            role="community_partner", scope=inverclyde_org, first_name="Me", last_name="Again",
            email="me@example.org", by=world.users["team_lead"],
        )  # fmt: skip
    assert not User.objects.filter(email="me@example.org").exists()


def test_an_organisation_a_worker_adds_belongs_to_their_hscp(world):
    from linkwork.directory.services import create_organisation

    made = create_organisation(name="New Club", by=world.users["other_hscp_link_worker"])
    assert made.hscp == world.hscp_b
    assert has_permission(world.users["other_hscp_team_lead"], Permission.INVITE_PARTNER, made)
    assert not has_permission(world.users["team_lead"], Permission.INVITE_PARTNER, made)
