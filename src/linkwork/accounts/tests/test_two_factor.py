"""Two-factor sign-in: the code after the password, setting it up, recovery codes,
lockout on wrong codes, the API's refusal of a half-signed-in session, and a reset."""

import re
import time
from binascii import unhexlify
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts import two_factor
from linkwork.accounts.tests.factories import TEST_PASSWORD
from linkwork.accounts.tokens import issue_token
from linkwork.audit.models import Action, AuditEvent

SIGN_IN = reverse("accounts:sign_in")
CODE_PAGE = reverse("accounts:two_factor_code")
SET_UP = reverse("accounts:two_factor_set_up")
RECOVERY_CODES = reverse("accounts:recovery_codes")
ACCOUNT = reverse("accounts:account")
HOME = reverse("home:link_worker")
ME = reverse("api:me")
required = override_settings(TWO_FACTOR_REQUIRED=True)


def code_from(key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app holding `key` (hex) shows, now or steps_ahead x 30 s on."""
    totp = TOTP(unhexlify(key), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(client, username="link_worker", password=TEST_PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def enrol(client) -> str:
    """Set up an authenticator for the signed-in user; returns its key."""
    client.get(SET_UP)
    key = client.session[two_factor.NEW_KEY]
    response = client.post(SET_UP, {"code": code_from(key)})
    assert response.status_code == 302, response.content.decode()
    return key


@pytest.fixture
def enrolled(client, world):
    """link_worker with an authenticator and recovery codes, signed out again."""
    client.force_login(world.users["link_worker"])
    key = enrol(client)
    codes = re.findall(r"<code>(\w{4}-\w{4})</code>", client.get(RECOVERY_CODES).content.decode())
    client.logout()
    return key, codes


def submit_code(client, code, next_url=""):
    return client.post(CODE_PAGE, {"code": code, "next": next_url})


@required
def test_without_an_authenticator_the_password_leads_to_setting_one_up(client, world):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.url.startswith(SET_UP)
    # Nothing else is reachable: pages send it back, the API refuses the session.
    for path in (HOME, reverse("casework:case_detail", kwargs={"pk": world.case_x.pk})):
        page = client.get(path)
        assert page.status_code == 302
        assert page.url.startswith(SET_UP)
    assert client.get(ME).status_code == 401

    page = client.get(SET_UP).content.decode()
    assert "<svg" in page
    assert "QR code to scan" in page
    key = client.session[two_factor.NEW_KEY]
    assert two_factor.key_for_typing(key).replace(" ", "") in page.replace(" ", "")
    assert "Sign out" in page
    assert "My day" not in page


@required
def test_setting_up_checks_the_first_code_and_shows_ten_recovery_codes_once(client, world):
    sign_in(client)
    client.get(SET_UP)
    key = client.session[two_factor.NEW_KEY]
    wrong = client.post(SET_UP, {"code": "000000" if code_from(key) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "The security code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    response = client.post(SET_UP, {"code": code_from(key)})
    assert response.url == RECOVERY_CODES
    device = TOTPDevice.objects.get(user=world.users["link_worker"])
    assert device.confirmed
    assert device.key == key
    page = client.get(RECOVERY_CODES).content.decode()
    tokens = StaticToken.objects.filter(device__user=device.user)
    assert tokens.count() == two_factor.RECOVERY_CODE_COUNT == 10
    assert all(f"{t.token[:4]}-{t.token[4:]}" in page for t in tokens)
    again = client.get(RECOVERY_CODES)
    assert again.status_code == 302
    assert again.url == ACCOUNT
    assert client.get(HOME).status_code == 200  # this session is verified now
    assert client.get(ME).status_code == 200
    event = AuditEvent.objects.get(action=Action.CHANGE, detail__step="two_factor_set_up")
    assert event.actor == device.user


def test_with_an_authenticator_the_code_comes_before_anything_else(client, world, enrolled):
    key, _ = enrolled
    wanted = reverse("casework:case_detail", kwargs={"pk": world.case_x.pk})
    response = client.post(f"{SIGN_IN}?next={wanted}", {"username": "link_worker",
                                                         "password": TEST_PASSWORD})  # fmt: skip
    assert response.url == f"{CODE_PAGE}?next={wanted.replace('/', '%2F')}"
    assert client.get(wanted).status_code == 302
    assert client.get(ME).status_code == 401
    page = client.get(response.url).content.decode()
    assert 'name="next"' in page
    assert wanted in page
    assert "Sign out" in page
    assert "Directory" not in page

    done = submit_code(client, code_from(key, steps_ahead=1), next_url=wanted)
    assert done.status_code == 302
    assert done.url == wanted
    assert world.case_x.person.family_name in client.get(wanted).content.decode()
    signed_in = AuditEvent.objects.filter(action=Action.SIGN_IN).order_by("pk")
    assert [e.detail["step"] for e in signed_in][-2:] == ["password", "code"]


def test_a_code_is_not_accepted_twice(client, world, enrolled):
    key, _ = enrolled
    code = code_from(key, steps_ahead=1)
    sign_in(client)
    assert submit_code(client, code).status_code == 302
    client.logout()
    sign_in(client)
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=True):
        response = submit_code(client, code)
    assert response.status_code == 400
    assert "The security code is not right" in response.content.decode()


def test_a_recovery_code_works_once(client, world, enrolled):
    _, codes = enrolled
    sign_in(client)
    response = submit_code(client, codes[0].upper().replace("-", " "))  # as typed from paper
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    event = AuditEvent.objects.filter(action=Action.SIGN_IN).latest("pk")
    assert event.detail == {"step": "recovery_code", "recovery_codes_left": 9}

    client.logout()
    sign_in(client)
    refused = submit_code(client, codes[0])
    assert refused.status_code == 400
    assert "That recovery code is not right or has been used" in refused.content.decode()
    failed = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).latest("pk")
    assert failed.detail == {"step": "recovery_code"}
    assert failed.actor_username == "link_worker"


def test_few_recovery_codes_left_are_pointed_out(client, world, enrolled):
    _, codes = enrolled
    StaticToken.objects.exclude(token__in=[c.replace("-", "") for c in codes[:3]]).delete()
    sign_in(client)
    submit_code(client, codes[0])
    page = client.get(HOME).content.decode()
    assert "You have 2 recovery codes left" in page


def test_a_wrong_code_says_so_and_after_it_the_app_must_wait_a_moment(client, world, enrolled):
    key, _ = enrolled
    sign_in(client)
    wrong = "000000" if code_from(key, 1) != "000000" else "111111"
    page = submit_code(client, wrong).content.decode()
    assert "The security code is not right: enter the code your app shows now" in page
    too_soon = submit_code(client, code_from(key, 1)).content.decode()
    assert "Too many wrong codes: wait 1 second, then" in too_soon
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=True):
        assert submit_code(client, code_from(key, 1)).status_code == 302


def test_wrong_codes_count_towards_lockout_like_wrong_passwords(client, world, enrolled):
    sign_in(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert submit_code(client, "123456").status_code == 400
    response = submit_code(client, "123456")
    assert response.status_code == 429
    assert "too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session  # the half-signed-in session is over
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_username="link_worker")
    steps = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).values_list("detail__step")
    assert [step for (step,) in steps] == ["code"] * settings.AXES_FAILURE_LIMIT
    assert sign_in(client).status_code == 429  # the right password does not help now


def test_the_password_alone_does_not_wipe_earlier_failures(client, world, enrolled):
    """Otherwise whoever has the password could sign in again before every fifth guess."""
    for _ in range(3):
        sign_in(client, password="wrong-password")
    sign_in(client)
    submit_code(client, "123456")
    assert submit_code(client, "123456").status_code == 429


def test_both_steps_done_wipe_the_failures(client, world, enrolled):
    key, _ = enrolled
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, password="wrong-password")
    sign_in(client)
    submit_code(client, code_from(key, 1))
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, password="wrong-password").status_code == 200


def test_bearer_tokens_are_unaffected_by_a_half_signed_in_session(client, world, enrolled):
    _, token = issue_token(user=world.users["link_worker"], name="script")
    sign_in(client)  # pending: the session alone is refused
    assert client.get(ME).status_code == 401
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


@required
def test_a_session_signed_in_any_other_way_still_needs_its_second_step(client, world):
    """force_login stands for every other sign-in (the Django admin's, a reset link's)."""
    client.force_login(world.users["team_lead"])
    response = client.get(reverse("home:team_lead"))
    assert response.status_code == 302
    assert response.url.startswith(SET_UP)
    admin = client.get("/django-admin/")
    assert admin.status_code == 302
    assert admin.url.startswith(SET_UP)


@required
def test_public_pages_and_sign_out_stay_open_while_the_code_is_awaited(client, world):
    sign_in(client)
    assert client.get(reverse("core:accessibility")).status_code == 200
    assert client.post(reverse("accounts:sign_out")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_without_the_requirement_and_no_authenticator_the_password_is_enough(client, world):
    assert not settings.TWO_FACTOR_REQUIRED  # as in demo mode
    response = sign_in(client)
    assert response.url == reverse("home:home")
    assert client.get(HOME).status_code == 200
    assert two_factor.PENDING not in client.session


def test_a_user_can_set_it_up_from_their_account_page(client, world):
    client.force_login(world.users["link_worker"])
    page = client.get(ACCOUNT).content.decode()
    assert "Two-factor sign-in" in page
    assert "Off" in page
    assert SET_UP in page
    enrol(client)
    assert client.get(RECOVERY_CODES).status_code == 200
    page = client.get(ACCOUNT).content.decode()
    assert "On since" in page
    assert "10" in page
    assert client.get(SET_UP).url == ACCOUNT  # already set up


def test_new_recovery_codes_replace_the_old_ones(client, world, enrolled):
    key, old = enrolled
    sign_in(client)
    submit_code(client, code_from(key, 1))
    response = client.post(reverse("accounts:new_recovery_codes"))
    assert response.url == RECOVERY_CODES
    page = client.get(RECOVERY_CODES).content.decode()
    assert not any(code in page for code in old)
    assert StaticToken.objects.count() == 10
    assert AuditEvent.objects.filter(detail__step="recovery_codes_renewed").count() == 1


@required
def test_reset_sends_the_next_sign_in_to_set_up_and_ends_open_sessions(client, world, enrolled):
    key, _ = enrolled
    sign_in(client)
    submit_code(client, code_from(key, 1))
    assert client.get(HOME).status_code == 200

    assert two_factor.reset_two_factor(user=world.users["link_worker"]) == 2  # app + codes
    assert not TOTPDevice.objects.exists()
    assert not StaticToken.objects.exists()
    assert client.get(HOME).url.startswith(SET_UP)  # the open session no longer passes
    client.logout()
    assert sign_in(client).url.startswith(SET_UP)


def test_after_a_reset_when_not_required_the_password_is_enough_again(client, world, enrolled):
    two_factor.reset_two_factor(user=world.users["link_worker"])
    sign_in(client)
    assert client.get(HOME).status_code == 200


def test_without_a_code_awaited_the_code_page_moves_on(client, world):
    client.force_login(world.users["link_worker"])
    assert client.get(CODE_PAGE).url == reverse("home:home")
    assert client.get(RECOVERY_CODES).url == ACCOUNT  # nothing to show


def test_the_empty_code_is_named(client, world, enrolled):
    sign_in(client)
    page = submit_code(client, "").content.decode()
    assert "Enter the security code from your authenticator app" in page
    assert 'href="#id_code"' in page


def test_a_next_address_elsewhere_is_not_followed(client, world, enrolled):
    key, _ = enrolled
    sign_in(client)
    response = submit_code(client, code_from(key, 1), next_url="https://evil.example/")
    assert response.url == reverse("home:home")
