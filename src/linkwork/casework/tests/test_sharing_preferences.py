"""The person's consent and sharing preferences, recorded on their details page and over
the API (decision 0108): who recorded them and when, and the day they said no; and the
links they now refuse stopped by the API as by the page (0126, links/tests/test_consent)."""

import pytest
from django.core import mail
from django.urls import reverse

from linkwork.casework.tests.test_api import errors_by_field
from linkwork.casework.tests.test_person_details import _details
from linkwork.core import clock
from linkwork.directory.models import Organisation
from linkwork.links.models import Link

pytestmark = pytest.mark.django_db


def _path(world) -> str:
    return f"/cases/{world.case_x.pk}/person"


def test_the_api_records_preferences_with_who_and_when(api, world):
    worker = api(world.users["link_worker"])
    person = world.case_x.person
    changed = worker.patch(
        _path(world),
        {
            "version": person.version,
            "referral_consent": "no",
            "may_share_safety_flags": False,
            "refused_organisations": [world.other_org.pk],
        },
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    today = clock.today().isoformat()
    assert (body["referral_consent"], body["may_share_safety_flags"]) == ("no", False)
    assert body["may_share_contact_details"] is True  # left alone
    assert body["refused_organisations"] == [world.other_org.pk]
    assert (body["sharing_recorded_on"], body["consent_withdrawn_on"]) == (today, today)
    person.refresh_from_db()
    assert person.sharing_recorded_by == world.users["link_worker"]
    again = worker.patch(_path(world), {"version": body["version"], "referral_consent": "yes"})
    assert again.json()["consent_withdrawn_on"] is None
    assert again.json()["refused_organisations"] == [world.other_org.pk]  # left alone


def test_bad_preferences_are_refused_naming_the_field(api, world):
    worker = api(world.users["link_worker"])
    person = world.case_x.person
    version = person.version
    bad_consent = worker.patch(_path(world), {"version": version, "referral_consent": "maybe"})
    assert "referral_consent" in errors_by_field(bad_consent)
    unknown = worker.patch(_path(world), {"version": version, "refused_organisations": [99999]})
    assert "directory" in errors_by_field(unknown)["refused_organisations"]
    # Too large for any key: refused by the form, never sent to the database (it overflowed).
    huge = worker.patch(_path(world), {"version": version, "refused_organisations": [2**70]})
    assert "options listed" in errors_by_field(huge)["refused_organisations"]
    person.refresh_from_db()
    assert (person.version, person.referral_consent, person.sharing_recorded_on) == (
        version,
        "ask",
        None,
    )


def test_the_details_page_adds_and_removes_a_refused_organisation(client, world):
    person = world.case_x.person
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    assert "Consent and sharing" in client.get(url).content.decode()
    added = client.post(url, _details(person, refuse_organisation=world.partner_org.pk))
    assert added.status_code == 302
    assert list(person.refused_organisations.all()) == [world.partner_org]
    page = client.get(reverse("casework:case_detail", args=[world.case_x.pk])).content.decode()
    assert "anything with Govan Community Trust" in page
    person.refresh_from_db()
    removed = client.post(url, _details(person))  # its box left unticked
    assert removed.status_code == 302
    assert not person.refused_organisations.exists()
    assert person.sharing_recorded_on == clock.today()


def test_the_api_stops_the_links_the_preferences_now_refuse_as_the_page_does(
    api, world, django_capture_on_commit_callbacks
):
    worker = api(world.users["link_worker"])
    person = world.case_x.person
    Organisation.objects.filter(pk=world.other_org.pk).update(email="in@other.example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refused = worker.patch(
            _path(world),
            {"version": person.version, "refused_organisations": [world.other_org.pk]},
        )
    assert refused.status_code == 200, refused.content
    assert refused.json()["links_stopped"] == [world.link_other.pk]
    assert [email.to for email in mail.outbox] == [["in@other.example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = worker.patch(
            _path(world), {"version": refused.json()["version"], "referral_consent": "no"}
        )
    assert withdrawn.json()["links_stopped"] == [world.link_x.pk]  # the other already was
    stopped = Link.objects.filter(pk__in=[world.link_x.pk, world.link_other.pk])
    assert set(stopped.values_list("status", "withdrawn_because")) == {
        ("stopped", "organisation_refused"),
        ("stopped", "consent_withdrawn"),
    }
    again = worker.patch(_path(world), {"version": withdrawn.json()["version"], "phone": "0141"})
    assert again.json()["links_stopped"] == []  # nothing left to stop
