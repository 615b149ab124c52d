"""A CHI number typed for someone else's patient must neither change their record nor
show it: the referral keeps its own copy of the details, and only those who already hold
the record see it or learn of its open case."""

import pytest
from django.urls import reverse

from linkwork.casework.models import Person
from linkwork.casework.tests.test_api import ApiClient
from linkwork.referrals import services
from linkwork.referrals.models import Referral
from linkwork.referrals.tests.test_referral_rules import details_of, practice_referral, refer


def stranger_details(person: Person) -> services.PersonDetails:
    """Another practice's patient's CHI, with a made-up name and phone."""
    return services.PersonDetails(
        given_name="Someone",
        family_name="Else",
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        chi=person.chi,
        phone="07700 900999",
    )


def record_of(person: Person) -> tuple:
    person.refresh_from_db()
    return (person.given_name, person.family_name, person.phone, person.version)


@pytest.fixture
def practice_y_patient(world):
    """Case Y's person: registered at practice Y, open case with the other worker."""
    person = world.case_y.person
    person.phone = "0141 496 0123"
    person.save()
    return person


def test_another_practices_patient_is_not_changed_by_a_referral(world, practice_y_patient):
    before = record_of(practice_y_patient)
    referral = refer(world, stranger_details(practice_y_patient))
    assert referral.person == practice_y_patient
    assert record_of(practice_y_patient) == before
    assert referral.submitted_details["family_name"] == "Else"


def test_another_practices_open_case_is_not_revealed_to_the_referrer(world, practice_y_patient):
    referral = refer(world, stranger_details(practice_y_patient))  # no OpenCaseExists
    assert referral.status == "new"


def test_the_practice_holding_the_record_is_told_of_the_open_case(world):
    with pytest.raises(services.OpenCaseExists):
        refer(world, details_of(world.case_x.person))


def test_the_referrer_sees_only_what_they_typed(client, world, practice_y_patient):
    referral = refer(world, stranger_details(practice_y_patient))
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "07700 900999" in page
    assert "0141 496 0123" not in page


def test_the_triager_cannot_join_or_accept_into_a_case_they_cannot_see(
    client, world, practice_y_patient
):
    referral = refer(world, stranger_details(practice_y_patient), confirm_open_case=True)
    worker = world.users["link_worker"]  # covers practice X only
    client.force_login(worker)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "open case with another team" in page
    assert world.worker_a2.user.get_full_name() not in page
    assert "0141 496 0123" not in page
    with pytest.raises(services.OpenCaseElsewhere):
        services.accept_referral(referral=referral, by=worker, link_worker=world.worker_a)
    with pytest.raises(services.OpenCaseElsewhere):
        services.mark_duplicate(referral=referral, by=worker)
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
        follow=True,
    )
    assert "open case with another team" in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.case_id) == ("new", None)


def test_name_and_birth_date_match_only_the_practices_own_patients(world, practice_y_patient):
    typed = details_of(practice_y_patient)
    typed.chi = None
    referral = refer(world, typed)
    assert referral.person != practice_y_patient
    assert referral.person.practice == world.practice_x


def test_another_hscps_patient_is_untouched_through_the_api(world):
    """The review's probe: a Glasgow GP posts an Inverclyde person's CHI."""
    person = world.case_z.person
    before = record_of(person)
    api = ApiClient(world.users["practice_staff"], set())
    response = api.post(
        "/referrals",
        {
            "person": {
                "given_name": "Probe",
                "family_name": "Probe",
                "chi": person.chi,
                "date_of_birth": person.date_of_birth.isoformat(),
                "sex": person.sex,
                "phone": "07700 900999",
            },
            "reasons": ["housing"],
            "route": "linkwork_form",
            "referrer_role": "gp",
            "consent_to_referral": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.content.decode()
    assert world.worker_b.user.get_full_name() not in body
    assert person.family_name not in body
    assert record_of(person) == before
    glasgow_record = Referral.objects.get(pk=response.json()["id"]).person
    assert glasgow_record != person  # Glasgow's own record, made from what was typed
    assert (glasgow_record.hscp, glasgow_record.chi) == (world.hscp_a, person.chi)
    assert glasgow_record.family_name == "Probe"


def test_a_self_referral_keeps_its_details_on_the_referral(world):
    referral = services.create_referral(
        person=stranger_details(world.case_x.person),
        details=practice_referral(world, route="self_referral_form", referrer_role="self"),
        status="awaiting_verification",
        confirm_open_case=True,
    )
    assert referral.submitted_details["given_name"] == "Someone"
    assert world.case_x.person.given_name != "Someone"
