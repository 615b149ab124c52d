from django.urls import reverse

from linkwork.audit.models import Action, AuditEvent


def _details(person, **changes):
    data = {
        "chi": person.chi,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex": person.sex,
        "postcode": "G51 3HR",
        "phone": "07700 900123",
        "ethnicity": "white_scottish",
        "preferred_language": "English",
        "referral_consent": person.referral_consent,
        "may_share_contact_details": "on",
        "may_share_safety_flags": "on",
        "version": person.version,
    }
    data.update(changes)
    return data


def test_the_worker_completes_the_minimum_core_dataset_fields(client, world):
    person = world.case_x.person
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    response = client.post(
        url, _details(person, interpreter_needed="on", preferred_language="Polish")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.ethnicity == "white_scottish"
    assert person.preferred_language == "Polish"
    assert person.interpreter_needed
    assert person.history.count() >= 2  # the earlier values are kept
    assert AuditEvent.objects.filter(action=Action.CHANGE, person_id=person.pk).exists()


def test_a_chi_already_on_another_record_is_refused_without_naming_them(client, world):
    person, other = world.case_x.person, world.case_y.person
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    data = _details(person, chi=other.chi, confirm_date_of_birth="on")
    page = client.post(url, data).content.decode()
    assert "record has this CHI number" in page
    assert other.family_name not in page
    person.refresh_from_db()
    assert person.chi != other.chi


def test_two_workers_saving_the_same_details_do_not_overwrite_each_other(client, world):
    person = world.case_x.person
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    stale = person.version
    assert client.post(url, _details(person, phone="0141 000 0001")).status_code == 302
    page = client.post(url, _details(person, phone="0141 000 0002", version=stale))
    assert "Someone else changed this" in page.content.decode()
    assert 'value="0141 000 0002"' in page.content.decode()  # what they typed is kept
    person.refresh_from_db()
    assert person.phone == "0141 000 0001"


def test_bad_postcode_is_named_with_the_fix(client, world):
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    page = client.post(url, _details(world.case_x.person, postcode="G51")).content.decode()
    assert "Enter a full UK postcode, like G51 3HR" in page
    assert 'value="G51"' in page


def test_the_address_is_edited_with_the_person_and_its_history_kept(client, world):
    person = world.case_x.person
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    assert "Address" in client.get(url).content.decode()
    first = _details(person, address="  12 Shieldhall Road\nGlasgow  ")
    assert client.post(url, first).status_code == 302
    then = _details(person, address="3 Burghead Drive", version=person.version + 1)
    assert client.post(url, then).status_code == 302
    person.refresh_from_db()
    assert person.address == "3 Burghead Drive"
    earlier = [h.address for h in person.history.order_by("history_date", "history_id")]
    assert "12 Shieldhall Road\nGlasgow" in earlier


def test_a_very_long_address_is_refused_with_the_limit_and_kept(client, world):
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    page = client.post(url, _details(world.case_x.person, address="x" * 301)).content.decode()
    assert "Shorten the address to 300 characters or fewer" in page
    assert "x" * 301 in page
