"""Directory edits stay in their HSCP (decision 13): a service is kept by the HSCP(s)
that list it, its own organisation and national administrators; everyone else who reads
it suggests a change, which its keepers accept or reject with a reason."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.audit.models import AuditEvent
from linkwork.casework.tests.test_api import ApiClient, checking_calls
from linkwork.directory.models import Organisation, Service, ServiceSuggestion
from linkwork.directory.service_forms import initial_for
from linkwork.directory.services import create_organisation
from linkwork.directory.services.suggestions import (
    ALREADY_DECIDED,
    NOTHING_DIFFERS,
    REASON_NEEDED,
    accept_suggestion,
    suggest_change,
)
from linkwork.directory.tests.factories import service as make_service

OUTSIDERS = [
    "other_hscp_link_worker",
    "other_hscp_team_lead",
]  # Inverclyde's; service_x is Glasgow's


@pytest.fixture(autouse=True)
def described(world):
    """service_x as the edit form needs it: with a description."""
    Service.objects.filter(pk=world.service_x.pk).update(description="A gentle walk")
    world.service_x.refresh_from_db()


def _form(service, **changes) -> dict:
    """The edit form as a browser would post it: the service's details, with `changes`."""
    data = {}
    for key, value in initial_for(service).items():
        if key == "listed_by":
            value = [hscp.pk for hscp in value]
        if value is None or value is False:
            continue
        data[key] = "on" if value is True else value
    for key in ("opens_at", "closes_at"):
        if data.get(key):
            data[key] = data[key].strftime("%H:%M")
    return data | changes


def _unchanged(service):
    """What must not change when someone who does not keep the service tries to."""
    fresh = Service.objects.get(pk=service.pk)
    return (
        fresh.description,
        fresh.capacity_status,
        fresh.last_verified_on,
        fresh.history.count(),
        fresh.verifications.count(),
    )


@pytest.mark.parametrize("username", OUTSIDERS)
def test_another_hscps_worker_cannot_edit_set_capacity_or_verify_on_the_pages(
    client, world, username
):
    service = world.service_x
    Service.objects.filter(pk=service.pk).update(
        last_verified_on=timezone.localdate() - timedelta(400)
    )
    before = _unchanged(service)
    client.force_login(world.users[username])
    edit = reverse("directory:edit_service", args=[service.pk])
    verify = reverse("directory:verify", args=[service.pk])
    capacity = reverse("directory:set_capacity", args=[service.pk])
    # Refused, saying who keeps it and offering a suggestion instead (decision 13).
    assert client.get(edit).status_code == 403
    assert client.post(edit, _form(service, description="Hijacked")).status_code == 403
    assert client.get(verify).status_code == 403
    assert client.post(verify, _form(service, note="Rang")).status_code == 403
    assert client.post(capacity, {"status": "full"}).status_code == 403
    assert _unchanged(service) == before
    page = client.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert "Suggest a change" in page
    assert "Change details" not in page
    assert capacity not in page  # no capacity buttons
    assert "Kept by the team of Glasgow City HSCP." in page


@pytest.mark.parametrize("username", OUTSIDERS)
def test_another_hscps_worker_cannot_set_capacity_or_verify_through_the_api(
    request, world, username
):
    service = world.service_x
    before = _unchanged(service)
    with checking_calls(request) as calls:
        api = ApiClient(world.users[username], calls)
        capacity = api.post(f"/directory/services/{service.pk}/capacity", {"status": "full"})
        verify = api.post(f"/directory/services/{service.pk}/verify", {"note": "Rang"})
        assert api.get(f"/directory/services/{service.pk}").status_code == 200  # reads it
    assert (capacity.status_code, verify.status_code) == (404, 404)
    assert _unchanged(service) == before


def test_the_keepers_own_team_still_edits_and_the_partner_still_keeps_their_own(client, world):
    service = world.service_x
    client.force_login(world.users["other_link_worker"])  # Glasgow, not the creator
    edit = reverse("directory:edit_service", args=[service.pk])
    assert client.post(edit, _form(service, description="Longer walks")).status_code == 302
    client.force_login(world.users["community_partner"])
    assert client.post(edit, {"description": "Now on Thursdays too"}).status_code == 302
    capacity = reverse("directory:set_capacity", args=[service.pk])
    assert client.post(capacity, {"status": "full"}).status_code == 302
    service.refresh_from_db()
    assert (service.description, service.capacity_status) == ("Now on Thursdays too", "full")


def test_a_partner_who_also_works_in_another_hscp_still_keeps_their_organisations_service(
    client, world
):
    user = world.users["other_hscp_link_worker"]
    assign_role(user=user, role=Role.COMMUNITY_PARTNER, community_organisation=world.partner_org)
    client.force_login(user)
    edit = reverse("directory:edit_service", args=[world.service_x.pk])
    assert client.post(edit, {"description": "Volunteer-run now"}).status_code == 302
    world.service_x.refresh_from_db()
    assert world.service_x.description == "Volunteer-run now"
    assert world.service_x.changed_by_organisation_at is not None  # as the organisation
    verify = reverse("directory:verify", args=[world.service_x.pk])
    assert client.get(verify).status_code == 404  # verifying is the keepers' alone


def test_a_suggestion_stores_only_what_differs_and_changes_nothing(
    client, world, django_capture_on_commit_callbacks, settings
):
    settings.DIRECTORY_TEAM_EMAILS = ["glasgow-directory@example.org"]
    service = world.service_x
    before = _unchanged(service)
    client.force_login(world.users["other_hscp_link_worker"])
    url = reverse("directory:suggest_change", args=[service.pk])
    form = client.get(url).content.decode()
    assert "Kept by the team of Glasgow City HSCP." in form
    changed = _form(service, description="Now on Thursdays too", days=["TU", "TH"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, changed | {"note": "Phoned them on Monday"})
    assert response.status_code == 302
    suggestion = ServiceSuggestion.objects.get()
    assert suggestion.proposed == {
        "fields": {"description": "Now on Thursdays too"},
        "hours": [
            {"days": ["TU", "TH"], "opens_at": "10:00", "closes_at": "12:00", "description": ""}
        ],
    }
    assert suggestion.current["fields"] == {"description": service.description}
    assert suggestion.current["hours"][0]["days"] == ["TU"]
    assert (suggestion.status, suggestion.note) == ("waiting", "Phoned them on Monday")
    assert _unchanged(service) == before
    event = AuditEvent.objects.get(object_type="directory.servicesuggestion", action="create")
    assert event.hscp_id == world.hscp_a.pk  # the service's HSCP, not the suggester's
    assert mail.outbox[-1].to == ["glasgow-directory@example.org"]


def test_a_suggestion_that_changes_nothing_or_says_nothing_is_refused_by_name(client, world):
    client.force_login(world.users["other_hscp_link_worker"])
    url = reverse("directory:suggest_change", args=[world.service_x.pk])
    same = client.post(url, _form(world.service_x, note="Checked"))
    assert same.status_code == 400
    assert NOTHING_DIFFERS in same.content.decode()
    silent = client.post(url, _form(world.service_x, description="Different"))
    assert silent.status_code == 400
    assert "Say how you know, so the service" in silent.content.decode()
    assert "Different" in silent.content.decode()  # what was typed is kept
    assert not ServiceSuggestion.objects.exists()


def test_a_keeper_is_sent_to_change_the_service_instead_of_suggesting(client, world):
    client.force_login(world.users["link_worker"])
    response = client.get(reverse("directory:suggest_change", args=[world.service_x.pk]))
    assert response.url == reverse("directory:edit_service", args=[world.service_x.pk])


def _suggested(world, **fields):
    return suggest_change(
        service=world.service_x,
        by=world.users["other_hscp_link_worker"],
        note="Phoned them",
        fields=fields or {"description": "Now on Thursdays too"},
    )


def test_the_team_lead_sees_counts_and_accepts_and_it_is_applied_as_an_edit(
    client, world, django_capture_on_commit_callbacks
):
    suggester = world.users["other_hscp_link_worker"]
    suggester.email = "kirsty@example.org"
    suggester.save()
    suggestion = _suggested(world, description="Now on Thursdays too", minimum_age=16)
    client.force_login(world.users["team_lead"])
    home = client.get(reverse("home:team_lead")).content.decode()
    assert "1 suggested change to services your team keeps" in home
    listed = client.get(reverse("directory:suggestions")).content.decode()
    assert "Govan walking group" in listed
    assert "Description, minimum age" in listed
    detail = client.get(reverse("directory:suggestion", args=[suggestion.pk])).content.decode()
    assert "Now on Thursdays too" in detail
    assert world.service_x.description in detail
    decide = reverse("directory:decide_suggestion", args=[suggestion.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide, {"decision": "accept"})
    assert response.status_code == 302
    service = Service.objects.get(pk=world.service_x.pk)
    assert (service.description, service.minimum_age) == ("Now on Thursdays too", 16)
    latest = service.history.first()
    assert latest.history_user == world.users["team_lead"]
    assert latest.history_change_reason.startswith("Suggested by")
    change = AuditEvent.objects.filter(object_type="directory.service", action="change").last()
    assert change.detail["suggestion"] == suggestion.pk
    assert set(change.detail["fields"]) == {"description", "minimum_age"}
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("accepted", world.users["team_lead"])
    assert suggestion.applied == ["description", "minimum_age"]
    assert mail.outbox[-1].to == ["kirsty@example.org"]
    assert "accepted" in mail.outbox[-1].subject
    assert "0 suggested" not in client.get(reverse("home:team_lead")).content.decode()


def test_the_team_lead_rejects_with_a_reason_the_suggester_reads(client, world):
    suggestion = _suggested(world)
    client.force_login(world.users["team_lead"])
    decide = reverse("directory:decide_suggestion", args=[suggestion.pk])
    no_reason = client.post(decide, {"decision": "reject", "reason": "  "})
    assert no_reason.status_code == 400
    assert REASON_NEEDED in no_reason.content.decode()
    client.post(decide, {"decision": "reject", "reason": "They stopped the Thursday walk"})
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    assert Service.objects.get(pk=world.service_x.pk).description == world.service_x.description
    client.force_login(world.users["other_hscp_link_worker"])
    for url in (
        reverse("directory:suggestions"),
        reverse("directory:suggestion", args=[suggestion.pk]),
        reverse("directory:service", args=[world.service_x.pk]),
    ):
        page = client.get(url).content.decode()
        assert "They stopped the Thursday walk" in page, url
        assert "Rejected" in page or "rejected" in page


@pytest.mark.parametrize("username", ["other_hscp_team_lead", "other_hscp_link_worker"])
def test_only_the_services_keepers_decide(client, world, username):
    suggestion = _suggested(world)  # by other_hscp_link_worker, who may read but not decide
    client.force_login(world.users[username])
    decide = reverse("directory:decide_suggestion", args=[suggestion.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.is_waiting
    with pytest.raises(PermissionDenied):
        accept_suggestion(suggestion=suggestion, by=world.users[username])


def test_a_suggestion_is_decided_once(world):
    suggestion = _suggested(world)
    accept_suggestion(suggestion=suggestion, by=world.users["team_lead"])
    with pytest.raises(ValidationError) as refused:
        accept_suggestion(suggestion=suggestion, by=world.users["link_worker"])
    assert ALREADY_DECIDED in str(refused.value)


def test_listing_a_service_in_another_hscp_shares_keeping_it(client, world):
    worker_b = world.users["other_hscp_link_worker"]
    client.force_login(worker_b)
    url = reverse("directory:suggest_change", args=[world.service_x.pk])
    client.post(url, _form(world.service_x, listed_by=[world.hscp_b.pk], note="We refer here"))
    suggestion = ServiceSuggestion.objects.get()
    assert suggestion.proposed == {"fields": {}, "listed_by": [world.hscp_b.pk]}
    accept_suggestion(suggestion=suggestion, by=world.users["team_lead"])
    capacity = reverse("directory:set_capacity", args=[world.service_x.pk])
    assert client.post(capacity, {"status": "full"}).status_code == 302
    assert Service.objects.get(pk=world.service_x.pk).capacity_status == "full"
    page = client.get(reverse("directory:service", args=[world.service_x.pk])).content.decode()
    assert "Kept by the teams of Glasgow City HSCP and Inverclyde HSCP." in page


def test_an_unclaimed_service_is_kept_by_national_administrators_only(client, world):
    unclaimed = make_service(create_organisation(name="Imported Food Larder"), "Pantry")
    edit = reverse("directory:edit_service", args=[unclaimed.pk])
    for username in ("link_worker", "team_lead", "administrator"):
        client.force_login(world.users[username])
        refused = client.get(edit)
        assert refused.status_code == 403, username
        assert "Kept by national administrators" in refused.content.decode()
    client.force_login(world.users["national_administrator"])
    assert client.get(edit).status_code == 200
    suggestion = suggest_change(
        service=unclaimed,
        by=world.users["link_worker"],
        note="Closed",
        fields={"status": "inactive"},
    )
    listed = client.get(reverse("directory:suggestions")).content.decode()
    assert "Pantry" in listed
    client.force_login(world.users["team_lead"])
    decide = reverse("directory:decide_suggestion", args=[suggestion.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 404


def _walk(*, organisation_name: str) -> dict:
    """The new-service form for a walk, under the organisation name as typed."""
    return {
        "organisation_name": organisation_name,
        "name": "Greenock walk",
        "description": "A walk",
        "needs": ["physical_activity"],
        "eligible_gender": "any",
    }


def test_a_service_cannot_be_added_to_another_hscps_organisation(client, world):
    client.force_login(world.users["other_hscp_link_worker"])
    data = _walk(organisation_name="govan community trust")
    response = client.post(reverse("directory:new_service"), data)
    assert response.status_code == 400
    assert (
        "Govan Community Trust is kept by Glasgow City HSCP&#39;s team" in response.content.decode()
    )
    assert not Service.objects.filter(name="Greenock walk").exists()
    client.force_login(world.users["other_link_worker"])  # Glasgow's own team adds it
    assert client.post(reverse("directory:new_service"), data).status_code == 302
    assert Service.objects.get(name="Greenock walk").organisation == world.partner_org


def test_an_hscp_administrators_new_organisation_is_in_their_hscp(world):
    made = create_organisation(name="New Club", by=world.users["administrator"])
    assert made.hscp == world.hscp_a


def test_organisation_names_are_saved_single_spaced(world):
    made = create_organisation(name="  Food   Bank\t", by=world.users["link_worker"])
    made.refresh_from_db()
    assert made.name == "Food Bank"


def test_a_name_typed_with_other_spacing_is_the_organisation_already_listed(client, world):
    create_organisation(name="Food Bank", by=world.users["link_worker"])
    client.force_login(world.users["other_link_worker"])
    data = {
        "organisation_name": " food  bank ",
        "name": "Pantry",
        "description": "Food",
        "needs": ["food"],
        "eligible_gender": "any",
    }
    response = client.post(reverse("directory:new_service"), data, follow=True)
    assert "Pantry added to the directory, under Food Bank." in response.content.decode()
    assert Organisation.objects.filter(name__icontains="food").count() == 1
    assert Service.objects.get(name="Pantry").organisation.name == "Food Bank"


def test_another_hscps_organisation_typed_with_other_spacing_is_named(client, world):
    client.force_login(world.users["other_hscp_link_worker"])
    data = _walk(organisation_name="Govan   Community Trust ")
    response = client.post(reverse("directory:new_service"), data)
    assert response.status_code == 400
    assert "Govan Community Trust is kept by Glasgow City HSCP" in response.content.decode()
    assert not Organisation.objects.filter(name__contains="  ").exists()


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("directory:set_capacity", "post", {"status": "full"}),
        ("directory:verify", "get", None),
        ("directory:verify", "post", {"note": "Rang them"}),
        ("directory:edit_service", "get", None),
    ],
)
def test_another_hscps_worker_is_told_who_keeps_the_service_and_offered_a_suggestion(
    client, world, name, method, data
):
    service = world.service_x
    before = _unchanged(service)
    client.force_login(world.users["other_hscp_link_worker"])
    url = reverse(name, args=[service.pk])
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Kept by the team of Glasgow City HSCP." in page
    assert "Govan Community Trust" in page
    assert reverse("directory:suggest_change", args=[service.pk]) in page
    assert _unchanged(service) == before


def test_one_who_may_not_suggest_changes_is_still_refused_without_details(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.post(
        reverse("directory:set_capacity", args=[world.service_x.pk]), {"status": "full"}
    )
    assert response.status_code in (403, 404)
    assert "Kept by" not in response.content.decode()
