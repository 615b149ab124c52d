"""A referral in the PRSB Social Prescribing Information Standard shape
(POST /fhir/$prsb-referral), recorded as a FHIR one is."""

import pytest

from linkwork.interop.tests.bundles import a_chi, prsb_referral, with_bad_check_digit
from linkwork.interop.tests.fhirclient import client_for, parsed, problems
from linkwork.referrals.models import Referral

pytestmark = pytest.mark.django_db
URL = "/fhir/$prsb-referral"


@pytest.fixture
def gp_system(world):
    return client_for(practice=world.practice_x)


def test_a_prsb_referral_is_recorded_like_a_fhir_one(world, gp_system):
    response = gp_system.post(URL, prsb_referral(world.practice_x.code, a_chi(2)))
    assert response.status_code == 201, response.content
    made = parsed(response)
    referral = Referral.objects.get(pk=made.id)
    assert referral.route == "fhir_api"
    assert referral.what_matters == "Getting back to the choir"
    assert sorted(r.need for r in referral.reasons.all()) == ["money_benefits", "other"]
    assert "washing machine" in referral.reason_detail
    again = gp_system.post(URL, prsb_referral(world.practice_x.code, a_chi(2)))
    assert again.status_code == 200
    assert parsed(again).id == made.id


@pytest.mark.parametrize(
    ("chi", "heading"),
    [
        (None, "Person demographics.Other identifier"),
        ("bad", "Person demographics.Other identifier"),
    ],
)
def test_problems_are_named_by_their_prsb_heading(world, gp_system, chi, heading):
    chi = with_bad_check_digit(a_chi(2)) if chi == "bad" else chi
    count = Referral.objects.count()
    response = gp_system.post(URL, prsb_referral(world.practice_x.code, chi))
    assert response.status_code == 422
    assert heading in [e for issue in problems(response) for e in issue.get("expression", [])]
    assert Referral.objects.count() == count


def test_a_missing_section_is_named(world, gp_system):
    body = prsb_referral(world.practice_x.code, a_chi(2))
    del body["Referral details"]
    response = gp_system.post(URL, body)
    assert response.status_code == 422
    assert problems(response)[0]["expression"] == ["Referral details"]


def test_another_practice_is_a_403(world, gp_system):
    response = gp_system.post(URL, prsb_referral(world.practice_y.code, a_chi(2)))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("written", "received"),
    [
        ("2026-01-05", "2026-01-05"),
        # Half past midnight on 1 July in Scotland (BST) is still 30 June in UTC.
        ("2026-06-30T23:30:00Z", "2026-07-01"),
        ("2026-07-01T00:30:00+01:00", "2026-07-01"),
        ("2026-07-01T09:00:00", "2026-07-01"),
    ],
)
def test_the_referral_date_is_the_day_in_scotland(world, gp_system, written, received):
    body = prsb_referral(world.practice_x.code, a_chi(3))
    body["Referral details"]["Referral date"] = written
    response = gp_system.post(URL, body)
    assert response.status_code == 201, response.content
    assert Referral.objects.get(pk=parsed(response).id).received_on.isoformat() == received
