from datetime import date

import pytest
import time_machine

from linkwork.casework import services as casework
from linkwork.casework.tests.helpers import at
from linkwork.interop.tests.bundles import a_chi
from linkwork.outcomes.tests.factories import response_on
from linkwork.referrals import services as referrals

CHI = a_chi(7, born=date(1971, 3, 14), sex="female")


def _refer(world):
    """Practice X refers Ann Coded, CHI number given, the practice's way."""
    return referrals.create_referral(
        person=referrals.PersonDetails(
            given_name="Ann",
            family_name="Coded",
            date_of_birth=date(1971, 3, 14),
            sex="female",
            chi=CHI,
        ),
        details=referrals.ReferralDetails(
            practice=world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["money_benefits"],
            consent_to_referral=True,
        ),
        by=world.users["practice_staff"],
    )


@pytest.fixture
def wednesday_morning():
    """Wednesday 25 November 2026, 10:00 in Glasgow: the world is built at this time."""
    with time_machine.travel(at(10)):
        yield


@pytest.fixture
def steps(world, django_capture_on_commit_callbacks):
    """`steps(name)`: a step of Ann Coded's referral by practice X, done by the services and
    committed (so the after-commit announcements run); `steps.referral` is the referral."""
    worker = world.users["link_worker"]
    done = {}

    def step(name):
        with django_capture_on_commit_callbacks(execute=True):
            if name == "accept":
                done["case"] = referrals.accept_referral(
                    referral=step.referral, by=worker, link_worker=world.worker_a
                )
            case = done["case"]
            if name == "session":
                casework.record_session(
                    case=case, by=worker, starts_at=at(9), mode="home_visit", outcome="attended"
                )
            if name == "baseline":
                response_on(case, (2, 3, 2, 3, 2, 3, 2), by=worker, completed_on=at(9).date())
            if name == "share":
                casework.set_practice_sharing(
                    case=case, by=worker, shares_with_practice=True, practice_summary="Walking"
                )
            if name == "exit":
                response_on(case, timepoint="exit", by=worker, completed_on=at(9).date())
            if name == "close":
                casework.close_case(
                    case=case, by=worker, reason="goals_met", closed_on=at(9).date()
                )
            case.refresh_from_db()
            return case

    with django_capture_on_commit_callbacks(execute=True):
        step.referral = _refer(world)
    return step
