"""The person's standing consent and sharing preferences (decision 0108), respected by
every route that makes or sends a link, and by everything the organisation reads."""

import html
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format

from linkwork.casefile.person import change_person
from linkwork.casework.models import Person
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.casework.tests.test_person_details import _details
from linkwork.core.tests.listings import both
from linkwork.directory.models import Organisation
from linkwork.interop.tests.fhirclient import client_for, parsed
from linkwork.links import consent
from linkwork.links import services as link_services
from linkwork.links.models import Link, LinkEvent
from linkwork.links.services import advance, create_link

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
    """Everything the organisation reads of link_x: portal list (all, withdrawn included),
    card, CSV, XLSX, API, FHIR Task; the pages as read, not as escaped."""
    client.force_login(world.users["community_partner"])
    link = world.link_x.pk
    task = parsed(client_for(organisation=world.partner_org).get(f"/fhir/Task/{link}"))
    files = both(client, reverse("links:partner_links"), {"status": "all"})  # CSV, XLSX
    pages = [
        client.get(reverse("links:partner_links"), {"status": "all"}),
        client.get(reverse("links:partner_link", args=[link])),
    ]
    return [
        *(html.unescape(page.content.decode()) for page in pages),
        *("\n".join(" | ".join(row) for row in rows) for rows in files),
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
        assert consent.WITHHELD in read


def test_contact_details_refused_later_are_hidden_but_the_reason_stays(client, api, world):
    _prefer(world, may_share_contact_details=False)
    client.force_login(world.users["community_partner"])
    for read in _partner_reads(client, api, world)[:5]:
        assert world.case_x.person.full_name not in read
        assert "I want to get out more" in read


# Withdrawal stops what is still at the organisation (decision 0126).

GOVAN_EMAIL, OTHER_EMAIL = "in@govan.example.org", "in@other.example.org"


def _step(link, *statuses, by):
    for status in statuses:
        link = advance(link=link, status=status, by=by)
    return link


def _links_at_each_step(world) -> dict[str, Link]:
    """case_x's links: link_x and link_other sent (from `world`), and to service_x one
    accepted, one attended, one finished and a draft."""
    worker = world.users["link_worker"]
    made = {
        name: create_link(
            case=world.case_x,
            service=world.service_x,
            by=worker,
            consent_to_share=True,
            send=name != "draft",
        )
        for name in ("accepted", "first_attended", "finished", "draft")
    }
    _step(made["accepted"], "accepted", by=worker)
    _step(made["first_attended"], "accepted", "first_attended", by=worker)
    _step(made["finished"], "accepted", "first_attended", "finished", by=worker)
    Organisation.objects.filter(pk=world.partner_org.pk).update(email=GOVAN_EMAIL)
    Organisation.objects.filter(pk=world.other_org.pk).update(email=OTHER_EMAIL)
    return {"sent": world.link_x, "sent_elsewhere": world.link_other, **made}


def _statuses(links: dict[str, Link]) -> dict[str, str]:
    return {name: Link.objects.get(pk=link.pk).status for name, link in links.items()}


def _save_details(client, world, **changes):
    person = world.case_x.person
    person.refresh_from_db()
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    return client.post(url, _details(person, **changes), follow=True)


def test_withdrawal_stops_the_links_still_at_the_organisations_and_tells_them(
    client, world, django_capture_on_commit_callbacks
):
    links = _links_at_each_step(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = _save_details(client, world, referral_consent="no").content.decode()
    assert _statuses(links) == {
        "sent": "stopped",
        "sent_elsewhere": "stopped",
        "accepted": "stopped",
        "first_attended": "first_attended",  # under way: the worker's call
        "finished": "finished",  # history
        "draft": "draft",  # never at the organisation, and cannot be sent now
    }
    assert "3 onward referrals were stopped and the organisations told" in page
    stopped = LinkEvent.objects.filter(link=links["sent"].pk, status="stopped").get()
    assert stopped.by == world.users["link_worker"]
    assert "withdrew their consent" in stopped.note
    assert Link.objects.get(pk=links["sent"].pk).withdrawn_because == "consent_withdrawn"
    # One email for each link stopped, to its own organisation only.
    told = {email.subject: set(email.to) for email in mail.outbox}
    assert len(mail.outbox) == len(told) == 3
    for name, mailbox, not_to in [
        ("sent", GOVAN_EMAIL, OTHER_EMAIL),
        ("accepted", GOVAN_EMAIL, OTHER_EMAIL),
        ("sent_elsewhere", OTHER_EMAIL, GOVAN_EMAIL),
    ]:
        recipients = told[f"Referral {links[name].pk} withdrawn"]
        assert mailbox in recipients
        assert not_to not in recipients


def test_the_withdrawal_email_holds_nothing_of_the_person(
    client, world, django_capture_on_commit_callbacks
):
    person = world.case_x.person
    Organisation.objects.filter(pk=world.partner_org.pk).update(email=GOVAN_EMAIL)
    Organisation.objects.filter(pk=world.other_org.pk).update(email=OTHER_EMAIL)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _save_details(client, world, referral_consent="no")
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        text = email.subject + email.body
        assert "withdrawn" in text
        for detail in (
            person.given_name,
            person.family_name,
            person.chi,
            person.date_of_birth.isoformat(),
            date_format(person.date_of_birth, "j F Y"),
            "07700 900123",  # the phone number the details page saved
            "I want to get out more",
        ):
            assert detail not in text, detail


def test_refusing_one_organisation_stops_only_its_links(
    client, world, django_capture_on_commit_callbacks
):
    links = _links_at_each_step(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = _save_details(client, world, refuse_organisation=world.other_org.pk).content.decode()
    assert _statuses(links)["sent_elsewhere"] == "stopped"
    assert {name for name, status in _statuses(links).items() if status == "stopped"} == {
        "sent_elsewhere"
    }
    assert Link.objects.get(pk=world.link_other.pk).withdrawn_because == "organisation_refused"
    assert "1 onward referral was stopped and the organisation told" in page
    assert [email.to for email in mail.outbox] == [[OTHER_EMAIL]]


def test_a_failure_midway_leaves_the_preferences_and_every_link_as_they_were(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """The second link cannot be withdrawn: nothing is saved, nobody is told."""
    links = _links_at_each_step(world)
    person, worker = world.case_x.person, world.users["link_worker"]
    events_before, version = LinkEvent.objects.count(), person.version
    withdraw, calls = link_services.withdraw, []

    def fails_the_second_time(**kwargs):
        calls.append(kwargs["link"].pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return withdraw(**kwargs)

    monkeypatch.setattr(link_services, "withdraw", fails_the_second_time)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_person(person=person, case=world.case_x, by=worker, referral_consent="no")
    person.refresh_from_db()
    assert (person.referral_consent, person.version) == ("ask", version)
    assert _statuses(links)["sent"] == "sent"  # the first one withdrawn, then undone
    assert LinkEvent.objects.count() == events_before
    assert mail.outbox == []


def test_the_partner_sees_the_referral_withdrawn(client, api, world):
    change_person(
        person=world.case_x.person,
        case=world.case_x,
        by=world.users["link_worker"],
        referral_consent="no",
    )
    client.force_login(world.users["community_partner"])
    card = client.get(reverse("links:partner_link", args=[world.link_x.pk])).content.decode()
    assert "Withdrawn" in card
    assert consent.WITHHELD in html.unescape(card)
    listed = client.get(reverse("links:partner_links"), {"status": "all"}).content.decode()
    assert "Withdrawn" in listed
    # No longer waiting for an answer: off the open list, with nothing to answer.
    card_url = reverse("links:partner_link", args=[world.link_x.pk])
    assert card_url not in client.get(reverse("links:partner_links")).content.decode()
    body = api(world.users["community_partner"]).get(f"/links/{world.link_x.pk}").json()
    assert (body["status_label"], body["withdrawn_because"]) == ("Withdrawn", "")


# After review (decision 0126): a withdrawn link stays withheld, in the same words whatever
# the reason, and the worker is warned before saving.

NEED = "physical_activity"  # link_x's need, as the world sends it


def _withdrawn_then_agreed_again(world, reason: str) -> None:
    """link_x withdrawn for `reason`; then the person agrees to everything again."""
    person, worker = world.case_x.person, world.users["link_worker"]
    if reason == "case_closed":
        link_services.withdraw(link=world.link_x, by=worker, because="case_closed")
    else:
        refusal = (
            {"referral_consent": "no"}
            if reason == "consent_withdrawn"
            else {"refused_organisations": [world.partner_org]}
        )
        change_person(person=person, case=world.case_x, by=worker, **refusal)
    person.refresh_from_db()
    person.refused_organisations.clear()
    _prefer(world, referral_consent="yes")
    assert Link.objects.get(pk=world.link_x.pk).withdrawn_because == reason


@pytest.mark.parametrize("reason", ["consent_withdrawn", "organisation_refused", "case_closed"])
def test_a_withdrawn_link_stays_withheld_when_the_person_agrees_again(client, api, world, reason):
    _withdrawn_then_agreed_again(world, reason)
    need_words = Link(need=NEED).get_need_display()
    reads = _partner_reads(client, api, world)
    for read in reads:
        assert world.case_x.person.full_name not in read
        assert "I want to get out more" not in read
        assert NEED not in read
        assert need_words not in read
        assert consent.WITHHELD in read
        # not told why, nor that it was singled out
        assert reason not in read
        assert "asked that their details" not in read
        assert "withdrew their consent" not in read
        assert "case closed" not in read.lower()
    assert "Please do not contact them" in reads[1]  # the card
    body = api(world.users["community_partner"]).get(f"/links/{world.link_x.pk}").json()
    assert (body["need"], body["shared_name"], body["shared_phone"]) == ("", "", "")
    assert (body["withdrawn_because"], body["withheld"]) == ("", consent.WITHHELD)


def test_need_is_withheld_from_the_partner_api_while_consent_is_refused(api, world):
    partner = api(world.users["community_partner"])
    assert partner.get(f"/links/{world.link_x.pk}").json()["need"] == NEED
    Person.objects.filter(pk=world.case_x.person_id).update(referral_consent="no")
    assert partner.get(f"/links/{world.link_x.pk}").json()["need"] == ""
    worker = api(world.users["link_worker"]).get(f"/links/{world.link_x.pk}").json()
    assert worker["need"] == NEED


def test_the_worker_still_sees_why_the_link_was_withdrawn(client, api, world):
    _withdrawn_then_agreed_again(world, "organisation_refused")
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("links:link", args=[world.link_x.pk])).content.decode()
    assert "asked that their details are not shared with this organisation" in page
    body = api(world.users["link_worker"]).get(f"/links/{world.link_x.pk}").json()
    assert body["withdrawn_because"] == "organisation_refused"


def test_the_partner_history_says_withdrawn_not_stopped(client, world):
    _withdrawn_then_agreed_again(world, "consent_withdrawn")
    client.force_login(world.users["community_partner"])
    card = client.get(reverse("links:partner_link", args=[world.link_x.pk])).content.decode()
    history = card[card.index("What happened") :]
    assert "· Withdrawn" in history
    assert "Stopped" not in history


def test_the_details_page_says_what_saving_a_refusal_withdraws(client, world):
    _links_at_each_step(world)
    client.force_login(world.users["link_worker"])
    url = reverse("casework:edit_person", args=[world.case_x.pk])
    page = client.get(url).content.decode()
    # link_x, link_other and the accepted one; not the attended, finished or draft ones
    assert (
        f"They have 3 onward referrals open ({world.partner_org.name}, "
        f"{world.other_org.name})." in page
    )
    assert "agreeing again later does not reopen them" in page
    _save_details(client, world, referral_consent="no")
    assert "onward referrals open" not in client.get(url).content.decode()
