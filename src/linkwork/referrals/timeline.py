"""What referrals add to a case's timeline (listed in `casefile/timeline.py`)."""

from django.urls import reverse

from linkwork.casework.models import Case
from linkwork.casework.timeline import Entry, loaded, on_day
from linkwork.core.history import Histories
from linkwork.core.statements import statement
from linkwork.referrals.models import Referral, ReferralReason


@statement
def _referrals(case_id):
    return Referral.objects.filter(case=case_id)


@statement
def _reasons(referral_ids):
    return ReferralReason.objects.filter(referral__in=referral_ids)


def referral_entries(case: Case):
    referrals = loaded(case, "referrals", _referrals, ("reasons", _reasons))
    histories = Histories(referrals)
    for referral in referrals:
        at, all_day = on_day(referral.received_on, histories.first_saved(referral))
        yield Entry(
            at=at,
            all_day=all_day,
            kind="referral",
            title=f"Referred by {referral.get_referrer_role_display()} "
            f"({referral.get_route_display()})",
            detail=", ".join(str(reason) for reason in referral.reasons.all()),
            href=reverse("referrals:detail", args=[referral.pk]),
        )
