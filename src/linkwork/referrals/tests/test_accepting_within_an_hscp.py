"""Within one HSCP: accepting never reopens or reassigns a case the accepting worker could
not already see; a CHI number matched under another surname is checked before it joins
a record; and a referral shows what was typed, or once a colleague holds it, its status
only (decision 0008)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.casework import services as casework
from linkwork.casework.models import CaseStatus
from linkwork.casework.tests.test_api import ApiClient
from linkwork.referrals import services
from linkwork.referrals.tests.test_referral_rules import details_of, practice_referral, refer


@pytest.fixture
def colleagues_closed_case(world):
    """Case Y (the other worker's, practice Y) closed ten days ago."""
    return casework.close_case(
        case=world.case_y,
        by=world.users["other_link_worker"],
        reason="goals_met",
        closed_on=timezone.localdate() - timedelta(days=10),
    )


def test_a_colleagues_recently_closed_case_is_not_reopened_but_a_new_one_opens(
    world, colleagues_closed_case
):
    referral = refer(world, details_of(world.case_y.person))  # registered at practice Y
    case = services.accept_referral(
        referral=referral,
        by=world.users["link_worker"],
        link_worker=world.worker_a,
        confirm_identity=True,
    )
    assert case != world.case_y
    assert (case.person, case.link_worker, case.status) == (
        world.case_y.person,
        world.worker_a,
        CaseStatus.OPEN,
    )
    world.case_y.refresh_from_db()
    assert (world.case_y.status, world.case_y.link_worker) == ("closed", world.worker_a2)


def test_the_team_lead_who_sees_the_case_may_reopen_it(world, colleagues_closed_case):
    referral = refer(world, details_of(world.case_y.person))
    case = services.accept_referral(
        referral=referral,
        by=world.users["team_lead"],
        link_worker=world.worker_a,
        confirm_identity=True,
    )
    assert case == world.case_y
    assert case.link_worker == world.worker_a


def test_a_case_cannot_be_given_to_a_worker_of_another_hscp(world):
    referral = refer(world, details_of(world.referral_x.person), confirm_open_case=True)
    with pytest.raises(casework.ValidationError) as refused:
        services.accept_referral(
            referral=referral, by=world.users["team_lead"], link_worker=world.worker_b
        )
    assert "HSCP that holds this record" in str(refused.value)
    referral.refresh_from_db()
    assert referral.case is None


def _under_another_surname(world):
    person = world.referral_x.person
    typed = details_of(person)
    typed.chi = person.chi or "1507824130"
    if person.chi is None:
        person.chi = typed.chi
        person.save()
    typed.family_name = "Someone-Else"
    return refer(world, typed, confirm_open_case=True)


def test_a_chi_matched_under_another_surname_must_be_confirmed(world):
    referral = _under_another_surname(world)
    assert services.identity_differs(referral)
    with pytest.raises(services.IdentityToConfirm):
        services.accept_referral(
            referral=referral, by=world.users["link_worker"], link_worker=world.worker_a
        )
    case = services.accept_referral(
        referral=referral,
        by=world.users["link_worker"],
        link_worker=world.worker_a,
        confirm_identity=True,
    )
    assert case.person == world.referral_x.person


def test_the_triage_page_asks_to_check_who_it_is_without_naming_the_record(client, world):
    referral = _under_another_surname(world)
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Check who this is" in page
    assert "Someone-Else" in page
    assert world.referral_x.person.full_name not in page
    refused = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
    )
    assert refused.status_code == 400
    assert "different surname or date of birth" in refused.content.decode()
    accepted = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version, "confirm_identity": "on"},
    )
    assert accepted.status_code == 302


def test_the_api_names_the_confirmation_needed(world):
    referral = _under_another_surname(world)
    api = ApiClient(world.users["link_worker"], set())
    assert api.get(f"/referrals/{referral.pk}").json()["identity_differs"] is True
    body = {"link_worker_id": world.worker_a.pk, "version": referral.version}
    refused = api.post(f"/referrals/{referral.pk}/accept", body)
    assert refused.status_code == 422
    assert "confirm_identity" in refused.content.decode()
    accepted = api.post(f"/referrals/{referral.pk}/accept", body | {"confirm_identity": True})
    assert accepted.status_code == 200, accepted.content


def _allocated_to_colleague(world):
    """Referral X (practice X) accepted by the team lead for the other worker."""
    services.accept_referral(
        referral=world.referral_x, by=world.users["team_lead"], link_worker=world.worker_a2
    )
    world.referral_x.refresh_from_db()
    return world.referral_x


def test_a_worker_sees_only_the_status_of_a_colleagues_referral(client, world):
    referral = _allocated_to_colleague(world)
    typed = referral.submitted_details
    client.force_login(world.users["link_worker"])  # covers practice X, not the case
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    listing = client.get(reverse("referrals:list")).content.decode()
    for shown in (page, listing):
        assert typed["family_name"] not in shown
        assert f"Referral {referral.pk}" in shown
    assert "Housing" not in page  # the reasons
    assert "allocated to a colleague" in page

    api = ApiClient(world.users["link_worker"], set())
    body = api.get(f"/referrals/{referral.pk}").json()
    assert body["person_name"] == f"Referral {referral.pk}"
    assert body["reasons"] is None
    assert body["what_matters"] is None
    assert body["status"] == "accepted"


def test_the_colleague_and_the_practice_still_see_the_details(client, world):
    referral = _allocated_to_colleague(world)
    for username in ("other_link_worker", "practice_staff", "team_lead"):
        client.force_login(world.users[username])
        page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
        assert "Housing" in page, username


def test_while_it_waits_every_worker_of_the_practice_sees_what_was_typed(client, world):
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:detail", args=[world.referral_x.pk])).content.decode()
    assert "Jim Referred" in page
    assert "Housing" in page


def test_the_worker_who_made_a_doubtful_referral_cannot_confirm_it_herself(
    client, world, colleagues_closed_case
):
    """The review's probe: a worker records a referral for someone else's patient under a
    made-up name and ticks 'same person' herself."""
    person = world.case_y.person  # registered at practice Y, the other worker's
    typed = details_of(person)
    typed.family_name = "Else"
    referral = services.create_referral(
        person=typed,
        details=practice_referral(world, route="phone"),
        by=world.users["link_worker"],
        confirm_open_case=True,
    )
    with pytest.raises(services.IdentityNeedsAColleague):
        services.accept_referral(
            referral=referral,
            by=world.users["link_worker"],
            link_worker=world.worker_a,
            confirm_identity=True,
        )
    api = ApiClient(world.users["link_worker"], set())
    body = {"link_worker_id": world.worker_a.pk, "version": referral.version}
    refused = api.post(f"/referrals/{referral.pk}/accept", body | {"confirm_identity": True})
    assert refused.status_code == 422
    assert "a colleague must check who it is" in refused.content.decode()
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "a colleague must check who it is" in page
    assert "this is the same person" not in page  # no tick for her
    referral.refresh_from_db()
    assert referral.case is None


def test_a_status_only_reader_gets_no_free_text_through_the_api(world):
    referral = world.referral_x
    services.decline_referral(
        referral=referral,
        by=world.users["team_lead"],
        reason="other",
        feedback="Jim told us he is moving to Paisley",
    )
    seen = ApiClient(world.users["link_worker"], set()).get(f"/referrals/{referral.pk}").json()
    assert seen["feedback_to_referrer"] is None
    assert seen["identity_differs"] is None
    assert seen["status"] == "declined"


def test_practice_staff_checking_a_self_referral_see_what_was_typed_through_the_api(world):
    type(world.referral_x).objects.filter(pk=world.referral_x.pk).update(
        status="awaiting_verification"
    )
    api = ApiClient(world.users["practice_staff"], set())
    body = api.get(f"/referrals/{world.referral_x.pk}").json()
    assert body["may_verify"] is True
    assert body["person"]["family_name"] == "Referred"
