"""The person's standing consent and sharing preferences (decision 0108), respected by
every route that makes or sends a link, and by everything the organisation reads."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.casework.models import Person
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.interop.tests.fhirclient import client_for, parsed
from linkwork.links.models import Link
from linkwork.links.services import create_link

pytestmark = pytest.mark.django_db

NAME_SHARED = "contact_details"


def _prefer(world, **preferences) -> Person:
    """The person on case_x with these standing preferences (as the details page saves)."""
    Person.objects.filter(pk=world.case_x.person_id).update(**preferences)
    world.case_x.person.refresh_from_db()
    return world.case_x.person


def _refer_url(world, service=None) -> str:
    return reverse("links:refer", args=[world.case_x.pk, (service or world.service_x).pk])


REFERRAL = {
    "need": "social_isolation",
    "consent_to_share": "on",
    "shares": [NAME_SHARED],
    "support_type": "supported_referral",
    "action": "send",
}


def _links_of(world) -> set[int]:
    return set(Link.objects.filter(case=world.case_x).values_list("pk", flat=True))


def _input(page: str, name: str, value: str) -> str:
    [tag] = [
        tag
        for tag in re.findall(r"<input[^>]*>", page)
        if f'name="{name}"' in tag and f'value="{value}"' in tag
    ]
    return tag


def test_the_refer_form_ticks_consent_given_once_and_disables_what_is_refused(client, world):
    _prefer(world, referral_consent="yes", may_share_contact_details=False)
    client.force_login(world.users["link_worker"])
    page = client.get(_refer_url(world)).content.decode()
    assert "checked" in _input(page, "consent_to_share", "on")
    assert "disabled" in _input(page, "shares", NAME_SHARED)
    assert "disabled" not in _input(page, "shares", "reason")
    assert "Not shared: " in page
    assert "does not want their contact details shared" in page


@pytest.mark.parametrize(
    ("preferences", "field_words"),
    [
        ({"may_share_contact_details": False}, "does not want their contact details shared"),
        ({"referral_consent": "no"}, "said no to onward referrals"),
    ],
)
def test_the_refer_page_refuses_what_the_person_refused(client, world, preferences, field_words):
    _prefer(world, **preferences)
    client.force_login(world.users["link_worker"])
    before = _links_of(world)
    response = client.post(_refer_url(world), REFERRAL)
    assert response.status_code == 400
    assert field_words in response.content.decode()
    assert _links_of(world) == before


def test_an_organisation_they_refused_gets_no_referral_but_a_signpost_is_fine(client, world):
    person = _prefer(world)
    person.refused_organisations.add(world.partner_org)
    client.force_login(world.users["link_worker"])
    before = _links_of(world)
    page = client.get(_refer_url(world)).content.decode()
    assert "does not want their details shared with Govan Community Trust" in page
    response = client.post(_refer_url(world), {**REFERRAL, "shares": []})
    assert response.status_code == 400
    assert _links_of(world) == before
    signpost = reverse("links:signpost", args=[world.case_x.pk, world.service_x.pk])
    assert f'action="{signpost}"' in page  # the page offers the signpost instead
    assert client.post(signpost, {"need": "social_isolation"}).status_code == 302
    assert Link.objects.get(pk__in=_links_of(world) - before).status == "signposted"


def test_a_draft_cannot_be_sent_once_consent_is_withdrawn(client, world, api):
    draft = create_link(
        case=world.case_x,
        service=world.service_x,
        by=world.users["link_worker"],
        need="social_isolation",
        consent_to_share=True,
        send=False,
    )
    _prefer(world, referral_consent="no")
    client.force_login(world.users["link_worker"])
    response = client.post(reverse("links:link_step", args=[draft.pk]), {"status": "sent"})
    assert response.status_code == 302
    assert "said no to onward referrals" in client.get(response.url).content.decode()
    refused = api(world.users["link_worker"]).post(f"/links/{draft.pk}/steps", {"status": "sent"})
    assert "said no to onward referrals" in errors_by_field(refused)["consent_to_share"]
    draft.refresh_from_db()
    assert (draft.status, draft.shared_name) == ("draft", "")


def test_the_api_refuses_a_link_naming_the_preference(api, world):
    worker = api(world.users["link_worker"])
    _prefer(world, may_share_safety_flags=False)
    before = _links_of(world)
    made = worker.post(
        f"/cases/{world.case_x.pk}/links",
        {"service_id": world.service_x.pk, "consent_to_share": True, "share": ["safety_flags"]},
    )
    assert "community organisations" in errors_by_field(made)["shares_safety_flags"]
    world.case_x.person.refused_organisations.add(world.partner_org)
    made = worker.post(
        f"/cases/{world.case_x.pk}/links",
        {"service_id": world.service_x.pk, "consent_to_share": True},
    )
    assert "Govan Community Trust" in errors_by_field(made)["service_id"]
    assert _links_of(world) == before


def test_the_service_itself_refuses_whatever_route_calls_it(world):
    _prefer(world, referral_consent="no")
    with pytest.raises(ValidationError) as refused:
        create_link(
            case=world.case_x,
            service=world.other_service,
            by=world.users["link_worker"],
            consent_to_share=True,
        )
    assert "consent_to_share" in refused.value.message_dict


def _partner_reads(client, api, world) -> list[str]:
    """Everything the organisation reads of link_x: portal list, card, download, API,
    FHIR Task."""
    client.force_login(world.users["community_partner"])
    link = world.link_x.pk
    task = parsed(client_for(organisation=world.partner_org).get(f"/fhir/Task/{link}"))
    download = client.get(reverse("links:partner_links"), {"download": "csv"})
    return [
        client.get(reverse("links:partner_links")).content.decode(),
        client.get(reverse("links:partner_link", args=[link])).content.decode(),
        b"".join(download.streaming_content).decode(),
        api(world.users["community_partner"]).get(f"/links/{link}").content.decode(),
        task.model_dump_json(),
    ]


def test_after_withdrawal_the_partner_reads_nothing_of_the_person(client, api, world):
    name = world.case_x.person.full_name
    assert all(name in read for read in _partner_reads(client, api, world))
    _prefer(world, referral_consent="no")
    for read in _partner_reads(client, api, world):
        assert name not in read
        assert "I want to get out more" not in read  # the reason shared
        assert "withdrew their consent" in read


def test_contact_details_refused_later_are_hidden_but_the_reason_stays(client, api, world):
    _prefer(world, may_share_contact_details=False)
    client.force_login(world.users["community_partner"])
    for read in _partner_reads(client, api, world)[:4]:
        assert world.case_x.person.full_name not in read
        assert "I want to get out more" in read
