"""PATCH /cases/{id}/person: the person details page's checks over the API."""

import random
from datetime import date

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Person
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.core.chi import generate_chi


def _path(world) -> str:
    return f"/cases/{world.case_x.pk}/person"


def test_the_persons_details_change(api, world):
    worker = api(world.users["link_worker"])
    person = world.case_x.person
    changed = worker.patch(
        _path(world),
        {
            "version": person.version,
            "address": "14 Langlands Road\nGovan",
            "postcode": "g513hr",
            "interpreter_needed": True,
            "preferred_language": "Polish",
        },
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["postcode"], body["address"], body["interpreter_needed"]) == (
        "G51 3HR",
        "14 Langlands Road\nGovan",
        True,
    )
    assert (body["given_name"], body["chi"]) == (person.given_name, person.chi)  # left alone
    assert body["version"] == person.version + 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_type="casework.person", person_id=person.pk
    ).exists()
    stale = worker.patch(_path(world), {"version": person.version, "phone": "0141 2"})
    assert stale.status_code == 409
    assert Person.objects.get(pk=person.pk).phone == ""


def test_bad_details_are_refused_as_the_page_refuses_them(api, world):
    worker = api(world.users["link_worker"])
    person = world.case_x.person
    refused = worker.patch(
        _path(world),
        {"version": person.version, "chi": "1234567890", "postcode": "G51", "sex": "robot"},
    )
    errors = errors_by_field(refused)
    assert errors["postcode"] == "Enter a full UK postcode, like G51 3HR"
    assert "chi" in errors
    assert errors["sex"] == "Select the sex from the options listed"
    assert Person.objects.get(pk=person.pk).version == person.version


def test_a_birth_date_not_matching_the_chi_number_needs_confirming(api, world):
    worker = api(world.users["link_worker"])
    person = world.case_x.person
    body = {"version": person.version, "date_of_birth": "1950-02-03"}
    refused = worker.patch(_path(world), body)
    message = errors_by_field(refused)["date_of_birth"]
    assert message.startswith("The date of birth does not match the CHI number")
    assert "send confirm_date_of_birth: true" in message
    confirmed = worker.patch(_path(world), {**body, "confirm_date_of_birth": True})
    assert confirmed.json()["date_of_birth"] == "1950-02-03"


def test_another_persons_chi_is_refused_without_naming_them(api, world):
    worker = api(world.users["link_worker"])
    person, other = world.case_x.person, world.case_y.person
    body = {"version": person.version, "chi": other.chi, "confirm_date_of_birth": True}
    refused = worker.patch(_path(world), body)
    assert "Another person's record has this CHI number" in errors_by_field(refused)["chi"]
    assert other.family_name not in refused.content.decode()


def test_a_new_chi_number_fills_in_the_sex(api, world):
    person = world.case_x.person
    chi = generate_chi(date(1966, 5, 4), "female", random.Random(1))
    body = {"version": person.version, "chi": chi, "sex": "", "date_of_birth": "1966-05-04"}
    changed = api(world.users["link_worker"]).patch(_path(world), body)
    assert changed.json()["sex"] == "female"
