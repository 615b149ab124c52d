"""Every change of several rows is one transaction: a failure after its first write
leaves nothing of it behind, in any table (decision 0114)."""

from datetime import date
from unittest import mock

import pytest

from linkwork.casework import services as casework
from linkwork.casework.models import CaseStatus
from linkwork.core.backups import row_counts
from linkwork.referrals import services as referrals


class Injected(Exception):
    """The failure put in after the operation's first write."""


def test_accepting_a_referral_that_fails_after_opening_the_case_leaves_nothing(world):
    status = world.referral_x.status
    before = row_counts()
    with (
        mock.patch.object(referrals, "_first_appointment", side_effect=Injected) as late,
        pytest.raises(Injected),
    ):
        referrals.accept_referral(
            referral=world.referral_x, by=world.users["link_worker"], link_worker=world.worker_a
        )
    assert late.called  # the case, the person's details and the decision were written
    assert row_counts() == before
    world.referral_x.refresh_from_db()
    assert (world.referral_x.status, world.referral_x.case_id) == (status, None)


def test_closing_a_case_that_fails_after_saving_it_leaves_it_open(world):
    case = world.case_x
    version, before = case.version, row_counts()
    with (
        mock.patch.object(casework, "_cancel_for_closure", side_effect=Injected) as late,
        pytest.raises(Injected),
    ):
        casework.close_case(
            case=case, by=world.users["link_worker"], reason="goals_met", closed_on=date.today()
        )
    assert late.called  # the case was saved closed, with its history and audit event
    assert row_counts() == before
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.OPEN, version)
