"""Password rules (NCSC: length, a deny list, no composition rules, no expiry) and the
change password page."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from linkwork.accounts.passwords import hint
from linkwork.accounts.tests.factories import TEST_PASSWORD, UserFactory
from linkwork.audit.models import Action, AuditEvent

CHANGE = reverse("accounts:change_password")
NEW = "tartan-kettle-harbour-lamp"


def refusals(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "correct-horse-battery-staple",
        "aaaaaaaaaaaa",  # NCSC: no composition rules, so no "needs a digit" either
        "123456789012345678",  # long and all digits, not on the common list
        "nhs-kettle-harbour",  # a service word among others is fine
        "x" * 500,  # no low maximum
    ],
)
def test_long_passwords_pass_whatever_they_are_made_of(db, password):
    assert refusals(password) == []


def test_a_short_password_is_refused_with_how_to_make_a_better_one(db):
    (message,) = refusals("short-pass")
    assert message.startswith("Your new password must be 12 characters or more")
    assert "random words" in message


def test_a_common_password_is_refused(db):
    assert "Your new password is one that many people use" in refusals("password1234")[0]
    assert any("many people use" in m for m in refusals("Qwertyuiop123"))


@pytest.mark.parametrize(
    "password",
    ["Linkwork-Glasgow-2026!", "NHSGlasgow123456", "P@ssw0rd-L1nkw0rk", "linkwork2026!!"],
)
def test_passwords_made_of_the_services_own_words_are_refused(db, password):
    assert any("easy to guess here" in m for m in refusals(password)), refusals(password)


def test_a_password_like_the_username_is_refused(db):
    user = UserFactory(username="margaret.mcallister", first_name="Margaret")
    (message,) = refusals("margaret.mcallister1", user)
    assert message == (
        "Your new password is too like your username: choose one that has nothing to do with you"
    )


def test_no_composition_rule_and_no_expiry_is_configured():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "LengthValidator",
        "CommonPasswordValidator",
        "ServiceWordsValidator",
    }
    assert "NumericPasswordValidator" not in str(settings.AUTH_PASSWORD_VALIDATORS)


def test_the_hint_states_the_length():
    assert hint().startswith("Use 12 characters or more.")


def _change(client, current=TEST_PASSWORD, new=NEW, again=None):
    data = {"old_password": current, "new_password1": new, "new_password2": again or new}
    return client.post(CHANGE, data)


def test_the_account_page_leads_to_change_password(client, world):
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("accounts:account")).content.decode()
    assert CHANGE in page
    assert "Your account" in client.get(reverse("home:practice")).content.decode()


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, world):
    user = world.users["practice_staff"]
    client.force_login(user)
    elsewhere = Client()
    elsewhere.force_login(user)
    form = client.get(CHANGE).content.decode()
    assert "Use 12 characters or more" in form  # the rules, before anyone gets them wrong
    response = _change(client)
    assert response.url == reverse("accounts:account")
    assert "Your password has been changed" in client.get(response.url).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("home:practice")).status_code == 200
    assert elsewhere.get(reverse("home:practice")).status_code == 302
    event = AuditEvent.objects.get(action=Action.CHANGE, detail__step="password_changed")
    assert event.actor == user


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"current": ""}, "old_password", "Enter your current password"),
        ({"new": ""}, "new_password1", "Enter a new password"),
        ({"again": "something-else-entirely"}, "new_password2", "The two new passwords are"),
        ({"new": "too-short"}, "new_password1", "Your new password must be 12 characters"),
        ({"new": "password1234"}, "new_password1", "one that many people use"),
    ],
)
def test_each_mistake_is_named_beside_its_field(client, world, data, field, message):
    user = world.users["practice_staff"]
    client.force_login(user)
    response = _change(client, **data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'href="#id_{field}"' in page
    assert "This field is required" not in page
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)  # nothing changed


def test_a_wrong_current_password_counts_towards_lockout(client, world):
    client.force_login(world.users["practice_staff"])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page = _change(client, current="not-my-password").content.decode()
        assert "Your current password is not right" in page
    response = _change(client, current="not-my-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED, detail__step="change_password")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
