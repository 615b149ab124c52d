"""Over-long input is refused naming the field and the limit, on pages and through the API,
never by the database (PostgreSQL refuses a value longer than its column with an error)."""

import pytest
from django.urls import reverse

from linkwork.casework.models import Person
from linkwork.casework.tests.test_api import ApiClient, checking_calls, errors_by_field
from linkwork.directory.models import Service, Verification
from linkwork.links.models import Link

# 255 characters, each part a well-formed address could have.
TOO_LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 3) + ".example.org"


@pytest.fixture
def api(request, world):
    with checking_calls(request) as calls:
        yield lambda username: ApiClient(world.users[username], calls)


def test_the_longest_email_is_254_characters():
    assert len(TOO_LONG_EMAIL) == 255


def test_an_over_long_referral_email_on_the_service_page_is_named(client, world):
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("directory:new_service"),
        {
            "organisation_name": "Elderpark Library",
            "name": "Digital drop-in",
            "description": "Help with tablets",
            "needs": ["digital"],
            "eligible_gender": "any",
            "referral_email": TOO_LONG_EMAIL,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Shorten the referral email to 254 characters or fewer" in page
    assert not Service.objects.filter(name="Digital drop-in").exists()


def test_an_over_long_email_in_a_persons_details_is_named(client, world):
    client.force_login(world.users["link_worker"])
    case = world.case_x
    response = client.post(
        reverse("casework:edit_person", args=[case.pk]), {"email": TOO_LONG_EMAIL}
    )
    assert "Shorten the email to 254 characters or fewer" in response.content.decode()
    assert Person.objects.get(pk=case.person_id).email != TOO_LONG_EMAIL


def test_an_over_long_email_in_a_referral_through_the_api_is_named(api, world):
    from linkwork.referrals.tests.test_api import referral_body

    refused = api("practice_staff").post(
        "/referrals", referral_body(person={"email": TOO_LONG_EMAIL})
    )
    assert errors_by_field(refused)["email"] == "Shorten the email to 254 characters or fewer"


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (
            "capacity",
            {"status": "open", "note": "x" * 301},
            "note",
            "Shorten the note to 300 characters or fewer",
        ),
        ("verify", {"note": "x" * 501}, "note", "Shorten the note to 500 characters or fewer"),
    ],
)
def test_over_long_directory_text_through_the_api_is_named(api, world, path, body, field, message):
    service = world.service_x
    refused = api("link_worker").post(f"/directory/services/{service.pk}/{path}", body)
    assert errors_by_field(refused)[field] == message
    assert not Verification.objects.filter(service=service, note=body["note"]).exists()


def test_an_over_long_link_reason_through_the_api_is_named(api, world):
    before = Link.objects.count()
    refused = api("link_worker").post(
        f"/cases/{world.case_x.pk}/links",
        {"service_id": world.other_service.pk, "need": "food", "reason": "x" * 501},
    )
    assert errors_by_field(refused)["reason"] == "Shorten the reason to 500 characters or fewer"
    assert Link.objects.count() == before
