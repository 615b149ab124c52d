import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from ninja.errors import AuthenticationError, HttpError
from ninja.security import django_auth

from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.accounts.models import ApiToken
from linkwork.accounts.tokens import authenticate_token, hash_token, issue_token, revoke_token
from linkwork.audit.models import Action, AuditEvent

ME = reverse("api:me")
PAGE = reverse("accounts:api_tokens")


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def revoke_url(api_token) -> str:
    return reverse("accounts:revoke_api_token", kwargs={"pk": api_token.pk})


def case_url(case) -> str:
    return reverse("api:case_detail", kwargs={"case_id": case.pk})


@pytest.fixture
def issued(link_worker):
    return issue_token(user=link_worker, name="Reports script", created_by=link_worker)


def _every_stored_value() -> str:
    """Every column of every api token row, as one string."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


# Issuing and storing


def test_it_stores_only_the_hash_of_the_token(issued):
    api_token, token = issued
    assert token.startswith("lw_")
    assert len(token) > 40
    assert api_token.secret_hash == hash_token(token)
    assert token.startswith(api_token.prefix + "_")
    stored = _every_stored_value()
    assert token not in stored
    assert token.removeprefix(api_token.prefix + "_") not in stored


def test_each_token_is_different(link_worker):
    tokens = {issue_token(user=link_worker, name=f"t{n}")[1] for n in range(5)}
    assert len(tokens) == 5


def test_issue_and_revoke_are_audited_with_the_prefix_and_never_the_token(issued, link_worker):
    api_token, token = issued
    revoke_token(token=api_token, revoked_by=link_worker)
    events = AuditEvent.objects.filter(object_type="accounts.apitoken", object_id=api_token.pk)
    assert sorted(e.action for e in events) == sorted([Action.CREATE, Action.DELETE])
    for event in events:
        assert event.actor == link_worker
        assert event.detail["prefix"] == api_token.prefix
        assert token not in str(event.detail)
        assert token.split("_")[-1] not in str(event.__dict__)


def test_revoking_twice_writes_one_event(issued, link_worker):
    api_token, _ = issued
    revoke_token(token=api_token, revoked_by=link_worker)
    revoke_token(token=api_token, revoked_by=link_worker)
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=api_token.pk).count() == 1


# The API with a token


def test_me_answers_as_the_tokens_user(client, issued, link_worker):
    _, token = issued
    response = client.get(ME, **bearer(token))
    assert response.status_code == 200
    assert response.json()["username"] == link_worker.username
    assert response.json()["roles"][0]["role"] == "link_worker"


def test_a_token_wins_over_a_session_of_someone_else(client, world, issued):
    _, token = issued
    client.force_login(world.users["team_lead"])
    assert client.get(ME, **bearer(token)).json()["username"] == "link_worker"


def test_a_token_reaches_the_same_cases_as_a_session(client, world, issued):
    _, token = issued
    session = Client()
    session.force_login(world.users["link_worker"])
    for case, status in [(world.case_x, 200), (world.case_y, 404), (world.case_z, 404)]:
        by_token = client.get(case_url(case), **bearer(token))
        by_session = session.get(case_url(case))
        assert by_token.status_code == by_session.status_code == status
        assert by_token.content == by_session.content


def test_a_case_read_with_a_token_is_audited_as_the_tokens_user(client, world, issued):
    _, token = issued
    client.get(case_url(world.case_x), **bearer(token))
    event = AuditEvent.objects.get(action=Action.VIEW, object_id=world.case_x.pk)
    assert event.actor == world.users["link_worker"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer lw_abcdefgh_" + "x" * 40,  # well formed, never issued
        "Bearer not-a-token",
        "Bearer ",
        "Bearer",
        "Token {token}",
        "{token}",
        "Bearer {token}x",
        "Bearer {token_without_last_character}",
    ],
)
def test_a_wrong_or_malformed_token_is_a_401(client, issued, header):
    _, token = issued
    value = header.format(token=token, token_without_last_character=token[:-1])
    response = client.get(ME, HTTP_AUTHORIZATION=value)
    assert response.status_code == 401


def test_a_revoked_token_is_a_401(client, issued, link_worker):
    api_token, token = issued
    assert client.get(ME, **bearer(token)).status_code == 200
    revoke_token(token=api_token, revoked_by=link_worker)
    assert client.get(ME, **bearer(token)).status_code == 401


def test_a_revoked_token_is_a_401_even_beside_a_valid_session(client, issued, link_worker):
    api_token, token = issued
    revoke_token(token=api_token, revoked_by=link_worker)
    client.force_login(link_worker)
    assert client.get(ME, **bearer(token)).status_code == 401
    assert client.get(ME).status_code == 200


def test_an_inactive_users_token_is_a_401(client, issued, link_worker):
    _, token = issued
    link_worker.is_active = False
    link_worker.save()
    assert client.get(ME, **bearer(token)).status_code == 401


@override_settings(DEBUG=False, DEMO_MODE=False)
def test_a_demo_accounts_token_works_only_where_its_password_would(client, link_worker):
    link_worker.is_demo = True
    link_worker.save()
    _, token = issue_token(user=link_worker, name="demo")
    assert client.get(ME, **bearer(token)).status_code == 401


def test_a_token_needs_no_csrf_token_where_a_session_does(world, issued):
    _, token = issued
    request = RequestFactory().post(ME, **bearer(token))  # no CSRF cookie or field
    request.user = world.users["team_lead"]  # as if signed in as someone else too
    assert ApiTokenAuth()(request) == world.users["link_worker"]
    assert request.user == world.users["link_worker"]
    session_only = RequestFactory().post(ME)
    session_only.user = world.users["link_worker"]
    with pytest.raises(HttpError, match="CSRF"):
        django_auth(session_only)


def test_the_auth_class_raises_401_for_a_refused_token(db):
    request = RequestFactory().get(ME, **bearer("lw_nothing"))
    with pytest.raises(AuthenticationError):
        ApiTokenAuth()(request)


def test_the_openapi_document_offers_bearer_tokens(client):
    schemes = client.get(reverse("api:openapi-json")).json()["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["ApiTokenAuth"].items()


def test_last_used_is_written_at_most_once_a_minute(issued):
    api_token, token = issued
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False) as clock:
        authenticate_token(token)
        first = ApiToken.objects.get(pk=api_token.pk).last_used_at
        clock.shift(timedelta(seconds=30))
        authenticate_token(token)
        assert ApiToken.objects.get(pk=api_token.pk).last_used_at == first
        clock.shift(timedelta(seconds=31))
        authenticate_token(token)
        assert ApiToken.objects.get(pk=api_token.pk).last_used_at == first + timedelta(seconds=61)


# The management command


def run(*args) -> str:
    out = StringIO()
    call_command("apitoken", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_working_token_alone_on_its_last_line(client, link_worker):
    output = run("link_worker", "--name", "Nightly export")
    token = output.strip().splitlines()[-1]
    assert token.startswith("lw_")
    assert " " not in token
    assert client.get(ME, **bearer(token)).json()["username"] == "link_worker"
    api_token = ApiToken.objects.get(user=link_worker)
    assert api_token.name == "Nightly export"
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=api_token.pk).exists()


def test_the_command_lists_a_users_tokens(issued, link_worker):
    api_token, token = issued
    revoke_token(token=api_token, revoked_by=link_worker)
    issue_token(user=link_worker, name="Second")
    output = run("link_worker", "--list")
    assert api_token.prefix in output
    assert "Reports script" in output
    assert "Second" in output
    assert token not in output
    assert output.splitlines()[0].split() == [
        "PREFIX", "NAME", "ACCESS", "CREATED", "EXPIRES", "LAST", "USED", "STATUS"
    ]  # fmt: skip
    assert "revoked" in output
    assert "active" in output


def test_the_command_revokes_by_prefix(client, issued):
    api_token, token = issued
    assert "Revoked" in run("--revoke", api_token.prefix)
    assert ApiToken.objects.get(pk=api_token.pk).is_revoked
    assert client.get(ME, **bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "No user with username 'nobody'."),
        (["nobody", "--list"], "No user with username 'nobody'."),
        (["--revoke", "lw_nothing"], "No API token with prefix 'lw_nothing'."),
        ([], "Give a USERNAME, or --revoke PREFIX."),
    ],
)
def test_the_command_explains_what_is_wrong(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_the_command_revokes_only_the_named_users_token(issued):
    api_token, _ = issued
    with pytest.raises(CommandError, match="No API token"):
        run("team_lead", "--revoke", api_token.prefix)
    assert not ApiToken.objects.get(pk=api_token.pk).is_revoked


# The page


def test_the_page_creates_a_token_and_shows_it_once(client, link_worker):
    client.force_login(link_worker)
    response = client.post(PAGE, {"name": "My script", "access": "read_write", "days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    api_token = ApiToken.objects.get(user=link_worker)
    page = response.content.decode()
    token = re.search(r"lw_[a-z0-9]{8}_[A-Za-z0-9]{40}", page).group()
    assert token.startswith(api_token.prefix + "_")
    assert "Copy your new token now" in page
    assert Client().get(ME, **bearer(token)).status_code == 200
    again = client.get(PAGE).content.decode()
    assert token not in again
    assert api_token.prefix in again
    assert "My script" in again


def test_the_page_asks_for_a_name(client, link_worker):
    client.force_login(link_worker)
    response = client.post(PAGE, {"name": "", "access": "read_only", "days": "30"})
    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_the_users_own_tokens(client, world, issued):
    issue_token(user=world.users["team_lead"], name="Someone else's")
    client.force_login(world.users["link_worker"])
    page = client.get(PAGE).content.decode()
    assert "Reports script" in page
    assert "Someone else" not in page


def test_the_page_revokes_a_token(client, issued, link_worker):
    api_token, token = issued
    client.force_login(link_worker)
    response = client.post(revoke_url(api_token), follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "revoked" in response.content.decode()
    api_token.refresh_from_db()
    assert api_token.revoked_by == link_worker
    assert Client().get(ME, **bearer(token)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client, world, issued):
    api_token, token = issued
    client.force_login(world.users["team_lead"])
    assert client.post(revoke_url(api_token)).status_code == 404
    assert not ApiToken.objects.get(pk=api_token.pk).is_revoked
    assert Client().get(ME, **bearer(token)).status_code == 200


def test_revoking_is_post_only(client, issued, link_worker):
    api_token, _ = issued
    client.force_login(link_worker)
    assert client.get(revoke_url(api_token)).status_code == 405
    assert not ApiToken.objects.get(pk=api_token.pk).is_revoked


def test_the_page_is_in_the_navigation(client, link_worker):
    client.force_login(link_worker)
    page = client.get(reverse("home:link_worker")).content.decode()
    assert f'href="{PAGE}"' in page


# Expiry and read-only scope


def test_a_token_lasts_the_configured_days_by_default(link_worker, settings):
    settings.API_TOKEN_DAYS = 30
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False):
        api_token, _ = issue_token(user=link_worker, name="Default")
    assert api_token.expires_at.isoformat() == "2026-04-01T10:00:00+00:00"
    assert not api_token.read_only


def test_an_expired_token_is_a_401_that_says_so(client, link_worker):
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False) as clock:
        _, token = issue_token(user=link_worker, name="Short", days=1)
        assert client.get(ME, **bearer(token)).status_code == 200
        clock.shift(timedelta(days=1))
        response = client.get(ME, **bearer(token))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token expired on 3 March 2026 at 10:00. "
        "Create a new one on your API tokens page."
    }


def test_a_revoked_token_says_it_was_revoked(client, issued, link_worker):
    api_token, token = issued
    revoke_token(token=api_token, revoked_by=link_worker)
    detail = client.get(ME, **bearer(token)).json()["detail"]
    assert detail.startswith("This API token was revoked on ")


def test_an_unknown_token_says_it_is_not_recognised(client, db):
    response = client.get(ME, **bearer("lw_abcdefgh_" + "x" * 40))
    assert response.status_code == 401
    assert "not recognised" in response.json()["detail"]


@pytest.mark.parametrize("days", [0, -1, 91])
def test_a_lifetime_outside_the_allowed_days_is_refused(link_worker, days):
    with pytest.raises(ValueError, match="A token lasts from 1 to 90 days."):
        issue_token(user=link_worker, name="Too long", days=days)
    assert not ApiToken.objects.exists()


@pytest.fixture
def read_only(link_worker):
    return issue_token(user=link_worker, name="Reader", read_only=True)[1]


def test_a_read_only_token_reads(client, world, read_only):
    assert client.get(ME, **bearer(read_only)).status_code == 200
    assert client.get(case_url(world.case_x), **bearer(read_only)).status_code == 200


WRITES = {
    "post": lambda w: reverse("api:case_notes", kwargs={"case_id": w.case_x.pk}),
    "patch": lambda w: reverse("api:case_detail", kwargs={"case_id": w.case_x.pk}),
    "put": lambda w: reverse("api:practice_intake", kwargs={"code": w.practice_x.code}),
    "delete": lambda w: reverse("api:slot_detail", kwargs={"slot_id": 1}),
}


@pytest.mark.parametrize("method", sorted(WRITES))
def test_a_read_only_token_is_a_403_on_any_write(client, world, read_only, method):
    events = AuditEvent.objects.count()
    response = getattr(client, method)(
        WRITES[method](world),
        {"text": "Written by a reader", "complexity": "high", "status": "paused"},
        content_type="application/json",
        **bearer(read_only),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        f"This API token is read-only: it may only read (GET, HEAD or OPTIONS), not "
        f"{method.upper()}. Use a token with read and write access."
    )
    assert AuditEvent.objects.count() == events  # nothing was written, nor read


def test_a_read_write_token_writes(client, world, issued):
    _, token = issued
    url = reverse("api:case_notes", kwargs={"case_id": world.case_x.pk})
    body = {"text": "Written with a token"}
    response = client.post(url, body, content_type="application/json", **bearer(token))
    assert response.status_code == 201


# Who may hold a token


TOKEN_HOLDERS = {"link_worker", "team_lead", "practice_staff", "community_partner"}


@pytest.mark.parametrize("username", sorted(TOKEN_HOLDERS))
def test_token_holders_see_the_page_and_its_navigation_item(client, world, username):
    client.force_login(world.users[username])
    assert client.get(PAGE).status_code == 200
    assert f'href="{PAGE}"' in client.get(reverse("home:home"), follow=True).content.decode()


@pytest.mark.parametrize("username", ["administrator", "national_administrator", "outsider"])
def test_other_roles_neither_see_nor_reach_the_page(client, world, username):
    client.force_login(world.users[username])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x", "access": "read_only", "days": "1"}).status_code == 403
    assert f'href="{PAGE}"' not in client.get(reverse("home:home"), follow=True).content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_makes_a_read_only_token_that_expires_when_asked(client, link_worker):
    client.force_login(link_worker)
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False):
        page = client.post(PAGE, {"name": "Reader", "access": "read_only", "days": "7"})
    api_token = ApiToken.objects.get(user=link_worker)
    assert api_token.read_only
    assert api_token.expires_at.isoformat() == "2026-03-09T10:00:00+00:00"
    listed = page.content.decode()
    assert "Read only" in listed
    assert "9 Mar 2026" in listed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": "91"}, "Enter the days it works for as a whole number from 1 to 90"),
        ({"days": "0"}, "Enter the days it works for as a whole number from 1 to 90"),
        ({"days": "soon"}, "Enter the days it works for as a whole number from 1 to 90"),
        ({"access": "admin"}, "Choose what the token may do, from the options listed"),
        ({"access": ""}, "Choose what the token may do"),
    ],
)
def test_the_page_says_what_is_wrong_with_days_and_access(client, link_worker, data, message):
    client.force_login(link_worker)
    response = client.post(PAGE, {"name": "x", "access": "read_only", "days": "7", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_shows_expired_tokens_as_expired_without_a_revoke_button(client, link_worker):
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False):
        api_token, _ = issue_token(user=link_worker, name="Old", days=1)
    client.force_login(link_worker)
    page = client.get(PAGE).content.decode()
    assert "Expired" in page
    assert revoke_url(api_token) not in page


# The command's lifetime and scope


def test_the_command_issues_a_read_only_token_for_the_days_asked(client, world, link_worker):
    output = run("link_worker", "--days", "7", "--read-only")
    token = output.strip().splitlines()[-1]
    api_token = ApiToken.objects.get(user=link_worker)
    assert api_token.read_only
    lifetime = api_token.expires_at - api_token.created_at
    assert abs(lifetime - timedelta(days=7)) < timedelta(seconds=5)
    assert "read-only" in output
    assert client.get(ME, **bearer(token)).status_code == 200
    notes = reverse("api:case_notes", kwargs={"case_id": world.case_x.pk})
    body = {"text": "x"}
    refused = client.post(notes, body, content_type="application/json", **bearer(token))
    assert refused.status_code == 403


@pytest.mark.parametrize("days", ["0", "91"])
def test_the_command_refuses_days_outside_the_allowed_range(link_worker, days):
    with pytest.raises(CommandError, match="--days: A token lasts from 1 to 90 days."):
        run("link_worker", "--days", days)
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_user_whose_roles_may_not_hold_a_token(world):
    with pytest.raises(CommandError, match="administrator holds no role that may have an API"):
        run("administrator")
    assert not ApiToken.objects.exists()
