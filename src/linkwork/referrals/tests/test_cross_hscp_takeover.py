"""The review's attack, replayed: a Glasgow worker or GP types an Inverclyde person's CHI
number (and date of birth) under a made-up name, and a Glasgow worker accepts.

Whatever state Inverclyde's record is in (an open case, one closed days ago, one closed
long ago, or no case at all), nothing of it is returned to Glasgow and nothing of it
changes: Glasgow gets its own record made from what was typed (decision 0008)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.casework.tests.factories import PersonFactory
from linkwork.casework.tests.test_api import ApiClient
from linkwork.referrals.models import Referral

ADDRESS, PHONE = "14 Kirsty's Close, Greenock", "01475 000111"
STATES = ["open", "closed_recently", "closed_long_ago", "no_case"]


def _inverclyde_person(world, state: str) -> Person:
    """Inverclyde's record of someone, with a case in `state` (or none)."""
    if state == "no_case":
        person = PersonFactory(practice=world.practice_z)
    else:
        person = world.case_z.person
        if state != "open":
            days = 10 if state == "closed_recently" else 400
            Case.objects.filter(pk=world.case_z.pk).update(
                status=CaseStatus.CLOSED,
                closed_on=timezone.localdate() - timedelta(days=days),
                closure_reason="goals_met",
            )
    Person.objects.filter(pk=person.pk).update(address=ADDRESS, phone=PHONE)
    person.refresh_from_db()
    return person


def _snapshot(person: Person) -> tuple:
    """Everything of Inverclyde's record and its cases that a takeover would change."""
    person.refresh_from_db()
    cases = list(
        Case.objects.filter(person=person)
        .order_by("pk")
        .values_list("pk", "status", "link_worker_id", "version", "closed_on")
    )
    return (person.given_name, person.family_name, person.phone, person.version, cases)


def _secrets(world, person: Person) -> list[str]:
    return [person.family_name, ADDRESS, PHONE, world.worker_b.user.get_full_name()]


def _typed(person: Person) -> dict:
    return {
        "given_name": "Made",
        "family_name": "Up",
        "chi": person.chi,
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex": person.sex,
        "phone": "07700 900999",
    }


def _refer_by_api(world, username: str, person: Person) -> tuple[Referral, str]:
    api = ApiClient(world.users[username], set())
    body = {
        "person": _typed(person),
        "reasons": ["housing"],
        "route": "linkwork_form" if username == "practice_staff" else "phone",
        "referrer_role": "gp",
        "consent_to_referral": True,
        "practice_code": world.practice_x.code,
    }
    response = api.post("/referrals", body)
    assert response.status_code == 201, response.content
    return Referral.objects.get(pk=response.json()["id"]), response.content.decode()


def _refer_by_page(client, world, username: str, person: Person) -> tuple[Referral, str]:
    client.force_login(world.users[username])
    form = {
        **_typed(person),
        "reasons": ["housing"],
        "urgency": "routine",
        "consent_to_referral": "on",
    }
    if username == "practice_staff":
        url = reverse("referrals:new")
    else:
        url = reverse("referrals:record")
        form |= {
            "practice": world.practice_x.pk,
            "route": "phone",
            "referrer_role": "gp",
            "received_on": timezone.localdate().isoformat(),
        }
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    referral = Referral.objects.order_by("-pk").first()
    assert referral.submitted_details["family_name"] == "Up"
    return referral, response.content.decode()


def _accept_by_api(world, referral: Referral) -> str:
    api = ApiClient(world.users["link_worker"], set())
    detail = api.get(f"/referrals/{referral.pk}")
    accepted = api.post(
        f"/referrals/{referral.pk}/accept",
        {"link_worker_id": world.worker_a.pk, "version": referral.version},
    )
    assert accepted.status_code == 200, accepted.content
    case = api.get(f"/cases/{accepted.json()['case_id']}")
    assert case.status_code == 200
    assert case.json()["person"]["family_name"] == "Up"
    return detail.content.decode() + accepted.content.decode() + case.content.decode()


def _accept_by_page(client, world, referral: Referral) -> str:
    client.force_login(world.users["link_worker"])
    detail = client.get(reverse("referrals:detail", args=[referral.pk]))
    accepted = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
        follow=True,
    )
    assert accepted.redirect_chain[-1][0] == reverse(
        "casework:case_detail", args=[Referral.objects.get(pk=referral.pk).case_id]
    )
    return detail.content.decode() + accepted.content.decode()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("referrer", ["link_worker", "practice_staff"])
@pytest.mark.parametrize("channel", ["api", "web"])
def test_a_chi_from_another_hscp_neither_shows_nor_changes_its_record(
    client, world, state, referrer, channel
):
    person = _inverclyde_person(world, state)
    before = _snapshot(person)

    if channel == "api":
        referral, seen = _refer_by_api(world, referrer, person)
        seen += _accept_by_api(world, referral)
    else:
        referral, seen = _refer_by_page(client, world, referrer, person)
        seen += _accept_by_page(client, world, referral)

    for secret in _secrets(world, person):
        assert secret not in seen
    assert _snapshot(person) == before
    referral.refresh_from_db()
    glasgow = referral.person
    assert glasgow != person
    assert (glasgow.hscp, glasgow.chi, glasgow.family_name) == (world.hscp_a, person.chi, "Up")
    assert (referral.case.person, referral.case.link_worker) == (glasgow, world.worker_a)


@pytest.mark.parametrize("state", ["open", "closed_recently"])
def test_the_inverclyde_worker_keeps_her_case_and_glasgow_cannot_open_it(client, world, state):
    person = _inverclyde_person(world, state)
    referral, _ = _refer_by_api(world, "link_worker", person)
    _accept_by_api(world, referral)

    kirsty = ApiClient(world.users["other_hscp_link_worker"], set())
    assert kirsty.get(f"/cases/{world.case_z.pk}").status_code == 200
    aileen = ApiClient(world.users["link_worker"], set())
    refused = aileen.get(f"/cases/{world.case_z.pk}")
    assert refused.status_code == 404
    assert person.family_name not in refused.content.decode()


def test_each_hscp_holds_its_own_record_under_one_chi(world):
    person = _inverclyde_person(world, "open")
    referral, _ = _refer_by_api(world, "practice_staff", person)
    holders = Person.objects.filter(chi=person.chi).values_list("hscp", flat=True)
    assert sorted(holders) == sorted([world.hscp_a.pk, world.hscp_b.pk])
    assert referral.person.hscp == world.hscp_a
