"""Typing a CHI number on the referral form says at once whether it is valid, and never
looks anyone up: a match must not show the referrer anything they did not type."""

from django.urls import reverse

CHECK = reverse("referrals:check_chi")


def test_a_valid_chi_is_said_to_be_valid_and_nobody_is_named(client, world):
    person = world.case_x.person  # a patient of the practice, with an open case
    client.force_login(world.users["practice_staff"])
    page = client.get(CHECK, {"chi": person.chi}).content.decode()
    assert "This is a valid CHI number" in page
    for detail in (person.given_name, person.family_name, person.postcode):
        assert detail not in page


def test_a_wrong_check_digit_is_named_with_the_fix(client, world):
    client.force_login(world.users["practice_staff"])
    page = client.get(CHECK, {"chi": "1507824131"}).content.decode()
    assert "check digit is wrong" in page


def test_an_empty_chi_says_nothing(client, world):
    client.force_login(world.users["practice_staff"])
    assert client.get(CHECK, {"chi": ""}).content.decode().strip() == ""


def test_the_referral_form_asks_htmx_to_check_the_chi(client, world):
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert f'hx-get="{CHECK}"' in page
    assert 'hx-target="#chi-check"' in page


def test_people_who_cannot_refer_cannot_check(client, world):
    for username in ("commissioner", "community_partner", "outsider"):
        client.force_login(world.users[username])
        assert client.get(CHECK, {"chi": world.case_x.person.chi}).status_code == 403
