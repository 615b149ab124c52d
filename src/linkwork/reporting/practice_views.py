"""What came of a practice's referrals, for its staff: each person's outcome where they
agreed to share it, and the practice's totals beside its HSCP's (feedback.py)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import get_visible_or_404, has_permission, require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.paging import paged
from linkwork.organisations.models import Practice
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import (
    audit_shown,
    person_as_seen,
    progress,
    shown_name,
    with_names,
)
from linkwork.referrals.services import audit_referral_view
from linkwork.reporting import feedback
from linkwork.reporting.dashboards.forms import PeriodForm
from linkwork.reporting.suppression import BESIDE_OWN_EXPLANATION, HIDDEN

RELATED = ("person", "practice", "case__link_worker__user")


@require_GET
def referral_outcome(request, pk: int):
    """One referral's outcome; without the person's agreement, its status and why no more.
    Opening it is an audited read of the person's record, as the referral page is."""
    require(request.user, Permission.VIEW_REFERRAL_OUTCOME)
    referral = get_visible_or_404(
        request.user, Permission.VIEW_REFERRAL, Referral.objects.select_related(*RELATED), pk=pk
    )
    audit_referral_view(referral=referral, request=request)
    shared = has_permission(request.user, Permission.VIEW_REFERRAL_OUTCOME, referral)
    context = {
        "page_title": shown_name(person_as_seen(referral, request.user), referral),
        "referral": referral,
        "progress": progress(referral),
        "outcome": feedback.outcome_of(referral) if shared else None,
        "not_shared_because": None if shared else _not_shared_because(referral),
        "back_link": {
            "href": reverse("reporting:practice_outcomes"),
            "text": "What came of our referrals",
        },
    }
    return render(request, "reporting/referral_outcome.jinja", context)


NOTHING_TO_REPORT = {
    ReferralStatus.DECLINED: "The referral was declined, so there is no support to report.",
    ReferralStatus.DUPLICATE: (
        "The referral was joined to support already under way: what came of it shows on the "
        "referral that began it."
    ),
}


def _not_shared_because(referral: Referral) -> str:
    if referral.status != ReferralStatus.ACCEPTED:
        return NOTHING_TO_REPORT.get(
            referral.status, "The link worker has not taken this referral on yet."
        )
    return (
        "The person has not agreed to share what came of their support with the practice, "
        "so only the referral's status is shown."
    )


def period_form(params) -> PeriodForm:
    """The dashboards' period fields; by default the 365 days to today."""
    today = timezone.localdate()
    return PeriodForm(params or None, today=today, default=feedback.last_twelve_months(today))


@require_GET
def practice_outcomes(request):
    """The practice's totals for a period (the last 12 months unless chosen) beside its
    HSCP's, and the people whose outcome is shared, each shown by name (audited)."""
    require(request.user, Permission.VIEW_REFERRAL_OUTCOME)
    form = period_form(request.GET)
    context = {"page_title": "What came of our referrals", "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "reporting/practice_outcomes.jinja", context, status=400)
    period = form.period()
    practices = visible(request.user, Permission.VIEW_REFERRAL_OUTCOME, Practice.objects.all())
    shared = visible(
        request.user,
        Permission.VIEW_REFERRAL_OUTCOME,
        Referral.objects.filter(received_on__gte=period.start, received_on__lte=period.end),
    )
    page = paged(
        feedback.with_outcome(shared.select_related(*RELATED)).order_by("-received_on", "-pk"),
        request.GET,
    )
    audit_shown(request, page.object_list)
    context |= {
        "period": period,
        "totals": [
            (practice, feedback.practice_totals(practice, period))
            for practice in practices.select_related("cluster__hscp").order_by("name")
        ],
        "page": page,
        "rows": [
            (r, name, feedback.closure_label(r.closure_reason))
            for r, name in with_names(page.object_list, request.user)
        ],
        "hidden": HIDDEN,
        "explanation": BESIDE_OWN_EXPLANATION,
    }
    return render(request, "reporting/practice_outcomes.jinja", context)
