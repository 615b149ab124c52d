from django.urls import reverse

from linkwork.audit.models import Action, AuditEvent

FIND = reverse("referrals:find_person")


def test_practice_staff_find_their_patient_by_chi_and_the_form_fills_in(client, world):
    person = world.referral_x.person  # registered at practice X
    person.chi = "1507824130"
    person.save()
    client.force_login(world.users["practice_staff"])

    page = client.get(FIND, {"chi": "150782 4130"}).content.decode()

    assert f"Found {person.full_name}" in page
    assert f'value="{person.given_name}"' in page
    assert f'value="{person.family_name}"' in page
    assert 'id="person-details" hx-swap-oob="true"' in page
    assert AuditEvent.objects.filter(action=Action.VIEW, person_id=person.pk).exists()


def test_a_patient_of_another_practice_is_not_revealed(client, world):
    other = world.case_z.person  # registered in the other HSCP
    client.force_login(world.users["practice_staff"])
    page = client.get(FIND, {"chi": other.chi}).content.decode()
    assert "No patient of your practice has this CHI number" in page
    assert other.family_name not in page
    assert not AuditEvent.objects.filter(action=Action.VIEW, person_id=other.pk).exists()


def test_an_invalid_chi_finds_no_one(client, world):
    client.force_login(world.users["practice_staff"])
    page = client.get(FIND, {"chi": "123"}).content.decode()
    assert "Found" not in page


def test_the_referral_form_asks_htmx_to_look_the_chi_up(client, world):
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert f'hx-get="{FIND}"' in page
    assert 'hx-target="#person-lookup"' in page
    assert 'hx-include="#person-fields"' in page


def test_people_who_cannot_refer_cannot_look_up(client, world):
    for username in ("commissioner", "community_partner", "outsider"):
        client.force_login(world.users[username])
        assert client.get(FIND, {"chi": world.case_x.person.chi}).status_code == 403


def test_what_the_user_typed_is_kept_when_the_patient_is_found(client, world):
    person = world.referral_x.person
    person.chi = "1507824130"
    person.save()
    client.force_login(world.users["practice_staff"])
    page = client.get(FIND, {"chi": "1507824130", "phone": "07700 900555"}).content.decode()
    assert 'value="07700 900555"' in page
    assert f'value="{person.family_name}"' in page


def test_an_unknown_chi_leaves_the_typed_details_alone(client, world):
    """Only the answer changes: the details section is not swapped, so nothing typed is
    lost while the look-up is in flight."""
    client.force_login(world.users["practice_staff"])
    page = client.get(FIND, {"chi": "1507824130", "given_name": "Hugh"}).content.decode()
    assert "No patient of your practice has this CHI number" in page
    assert "person-details" not in page
