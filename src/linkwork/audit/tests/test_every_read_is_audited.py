"""Every page and API response that shows a person's details writes an audit event, tagged
with the HSCP that owns the record (not the viewer's) and the role that let the viewer in.

Three nets: every URL addressing one person's record (a case, or a session, goal, action,
note, link, response, story or referral on it) must audit unless listed as about no one;
any response at all that shows the person's CHI number, phone or address must too; and
every API list must audit each person it names, page by page (web lists of names only,
such as a caseload, are not audited per person: decision 0003)."""

import pytest
from django.urls import reverse

from linkwork.accounts.tests.test_url_access import POST_RULES, PUBLIC, SIGNED_IN, URL_RULES
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Person

# URLs with an id in them that address no person's record.
ABOUT_NO_ONE = {
    "accounts:person",  # a member of staff's account, not a person supported
    "casework:worker_cases",  # a worker's caseload: a list, names only
    "referrals:intake",
    "organisations:change_leave",  # a worker's leave, not a person supported
    "directory:service",
    "directory:edit_service",
    "directory:verify",
    "directory:suggest_change",
    "directory:suggestion",
    "directory:accept_invite",
    "directory:local_information_folder",  # a practice's services near it (decision 0102)
    "api:practice_intake",
    "api:directory_service",
    "api:instrument_detail",
    # A group's page to invite (names from one's own caseload only) and to add meetings.
    "groups:invite",
    "groups:add_meetings",
    "placements:relationship",  # a practice's arrangements for its link worker
    "placements:edit_relationship",
    "outcomes:public_link",  # the person's own questionnaire link: audited on use
    # A worker's own records, naming cases by number only (the supervision record itself,
    # which the notes of a case discussed may touch on, is audited per case).
    "team:supervision_list",
    "team:record_supervision",
    "team:training",
    "team:development",
    "activity:change",  # an entry of a worker's time
    "activity:remove",
    # A staff survey, its links and its respondent's page: no person supported in them.
    "surveys:survey",
    "surveys:printed_links",
    "surveys:next_round",
    "surveys:respond",
}
# Who looks, in order of preference, for a URL several roles may open.
VIEWERS = ["link_worker", "team_lead", "practice_staff", "community_partner"]
PHONE, ADDRESS = "07700 900777", "1 Audit Lane, Govan"


@pytest.fixture
def person(world) -> Person:
    """Case X's person, with details no other page could show by chance."""
    Person.objects.filter(pk=world.case_x.person_id).update(phone=PHONE, address=ADDRESS)
    return Person.objects.get(pk=world.case_x.person_id)


def _viewer(allowed) -> str | None:
    if allowed in (PUBLIC, SIGNED_IN):
        return None
    return next((name for name in VIEWERS if name in allowed), None)


# Pages about referral_x's person whose names do not say "referral".
ABOUT_THE_REFERRED = {"gp_record:summary_pdf"}  # referral_x accepted into its own case


def _person_of(world, name: str) -> Person:
    referred = "referral" in name or name in ABOUT_THE_REFERRED
    return world.referral_x.person if referred else world.case_x.person


def _reads(client, world, name: str):
    allowed, kwargs = URL_RULES[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    viewer = _viewer(allowed) or "link_worker"
    client.force_login(world.users[viewer])
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    return url, response, AuditEvent.objects.filter(pk__gt=before, path=url)


def _addresses_a_person(name: str) -> bool:
    allowed, kwargs = URL_RULES[name]
    return kwargs is not None and bool(_viewer(allowed)) and name not in ABOUT_NO_ONE


@pytest.mark.parametrize("name", sorted(URL_RULES))
def test_every_read_of_a_persons_details_is_audited_with_the_owning_hscp(
    client, world, person, name
):
    url, response, events = _reads(client, world, name)
    shown = response.content.decode(errors="replace")
    if _addresses_a_person(name):
        assert response.status_code == 200, (url, response.status_code)
        owner = _person_of(world, name)
        event = events.filter(person_id=owner.pk).first()
        assert event is not None, f"{url} showed {owner} without an audit event"
        assert event.hscp_id == owner.hscp_id == world.hscp_a.pk
        assert event.detail.get("role"), f"{url}: the event does not say why it was allowed"
    if any(detail in shown for detail in (person.chi, PHONE, ADDRESS)):
        assert events.filter(person_id=person.pk, hscp_id=person.hscp_id).exists(), (
            f"{url} showed {person}'s details without an audit event"
        )


def test_another_hscps_worker_reading_is_tagged_with_the_owning_hscp(client, world):
    """A partner (here: the other HSCP's worker's own case) is tagged by the record's HSCP,
    never by the viewer's: the owning HSCP's administrator sees it in their log."""
    client.force_login(world.users["other_hscp_link_worker"])
    url = reverse("casework:case_detail", args=[world.case_z.pk])
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.filter(path=url).get()
    assert event.hscp_id == world.case_z.person.hscp_id == world.hscp_b.pk
    assert event.detail["role"] == "link_worker"


API_LISTS = sorted(
    name for name, (_, kwargs) in URL_RULES.items() if name.startswith("api:") and kwargs is None
)


@pytest.mark.parametrize("name", API_LISTS)
def test_every_api_list_audits_each_person_it_names(client, world, name):
    allowed, _ = URL_RULES[name]
    readers = sorted(world.users) if allowed in (PUBLIC, SIGNED_IN) else sorted(allowed)
    people = list(Person.objects.all())
    for reader in readers:
        client.force_login(world.users[reader])
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        url = reverse(name)
        shown = client.get(url).content.decode(errors="replace")
        events = AuditEvent.objects.filter(pk__gt=before, path=url)
        for person in people:
            if person.full_name not in shown:
                continue
            event = events.filter(person_id=person.pk).first()
            assert event is not None, f"{url} named {person} to {reader} without an audit event"
            assert event.hscp_id == person.hscp_id, (url, reader)
            assert event.detail.get("role"), f"{url}: the event does not say why it was allowed"


def test_an_api_list_audits_the_page_it_returns_and_no_more(client, world):
    """The team lead sees case_x and case_y: a page of one audits that one."""
    client.force_login(world.users["team_lead"])
    url = reverse("api:case_list")
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = client.get(url, {"limit": 1}).json()
    assert page["count"] == 2
    assert len(page["items"]) == 1
    events = AuditEvent.objects.filter(pk__gt=before, path=url)
    assert list(events.values_list("object_id", flat=True)) == [str(page["items"][0]["id"])]


def _sends_back(client, world, name: str):
    """What a form sent with nothing in it answers (its errors beside the record, the page
    as a GET shows it, or a redirect), and the audit events written meanwhile."""
    allowed, kwargs = {**URL_RULES, **POST_RULES}[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    viewer = _viewer(allowed) or "link_worker"
    client.force_login(world.users[viewer])
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(url, {})
    return url, response, AuditEvent.objects.filter(pk__gt=before, path=url)


def _posted_to_about_a_person(name: str) -> bool:
    """A page a form is posted to, addressing a person's record (not the API: it answers a
    refused request with the fields' errors alone, never the record)."""
    if name.startswith(("api:", "interop:fhir")) or name in ABOUT_NO_ONE:
        return False
    allowed, kwargs = {**URL_RULES, **POST_RULES}[name]
    return kwargs is not None and bool(_viewer(allowed))


POSTED_TO = sorted(filter(_posted_to_about_a_person, {*URL_RULES, *POST_RULES}))


@pytest.mark.parametrize("name", POSTED_TO)
def test_a_form_sent_back_with_its_errors_is_an_audited_read(client, world, person, name):
    """A form posted with mistakes comes back as its page, showing the record as the GET
    did (the person's name, and on some pages their phone, address or referral): that is
    a read, audited as the GET is. Otherwise posting an empty form reads a record that the
    audit log never hears of."""
    url, response, events = _sends_back(client, world, name)
    if response.status_code in (301, 302, 303, 403, 404, 405):
        return  # nothing of the record shown
    shown = response.content.decode(errors="replace")
    owner = _person_of(world, name)
    details = (owner.full_name, owner.chi, PHONE, ADDRESS)
    if any(detail and detail in shown for detail in details):
        assert events.filter(person_id=owner.pk, hscp_id=owner.hscp_id).exists(), (
            f"POST {url} ({response.status_code}) showed {owner} without an audit event"
        )


def test_a_form_that_saves_is_audited_as_its_change_not_also_as_a_read(client, world):
    """The change's own event says what happened; a redirect shows nothing to audit."""
    client.force_login(world.users["link_worker"])
    url = reverse("casework:add_note", args=[world.case_x.pk])
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(url, {"text": "Phoned: no answer"})
    assert response.status_code == 302
    events = AuditEvent.objects.filter(pk__gt=before, person_id=world.case_x.person_id)
    assert list(events.values_list("action", flat=True)) == ["create"]
