"""What came of a practice's referrals, for its staff: each person's outcome where they
agreed to share it, and the practice's totals beside its HSCP's (feedback.py)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.listings import download_or_page
from linkwork.core.paging import paged
from linkwork.referrals.models import Referral
from linkwork.referrals.presenters import (
    audit_shown,
    exported,
    person_as_seen,
    progress,
    shown_name,
)
from linkwork.referrals.services import audit_referral_view
from linkwork.reporting import feedback
from linkwork.reporting.dashboards.forms import PeriodForm
from linkwork.reporting.suppression import BESIDE_OWN_EXPLANATION, HIDDEN


@require_GET
def referral_outcome(request, pk: int):
    """One referral's outcome; without the person's agreement, its status and why no more.
    Opening it is an audited read of the person's record, as the referral page is."""
    require(request.user, Permission.VIEW_REFERRAL_OUTCOME)
    referral = feedback.referral_for(request.user, pk)
    audit_referral_view(referral=referral, request=request)
    outcome, not_shared_because = feedback.as_shared(referral, request.user)
    context = {
        "page_title": shown_name(person_as_seen(referral, request.user), referral),
        "referral": referral,
        "progress": progress(referral),
        "outcome": outcome,
        "not_shared_because": not_shared_because,
        "back_link": {
            "href": reverse("reporting:practice_outcomes"),
            "text": "What came of our referrals",
        },
    }
    return render(request, "reporting/referral_outcome.jinja", context)


def period_form(params) -> PeriodForm:
    """The dashboards' period fields; by default the 365 days to today."""
    today = timezone.localdate()
    return PeriodForm(
        params or None,
        today=today,
        default=feedback.last_twelve_months(today),
        whole_months=True,  # the HSCP's figures beside the practice's are suppressed
    )


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
    shared = visible(
        request.user,
        Permission.VIEW_REFERRAL_OUTCOME,
        Referral.objects.filter(received_on__gte=period.start, received_on__lte=period.end),
    )
    shared = feedback.with_outcome(shared.select_related(*feedback.RELATED)).order_by(
        "-received_on", "-pk"
    )
    file = download_or_page(
        request,
        f"what-came-of-our-referrals-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}",
        sheet="What came of them",
        build=lambda: feedback.outcomes_listing(shared, request.user),
        exported=exported,
    )
    if file is not None:
        return file
    page = paged(shared, request.GET)
    audit_shown(request, page.object_list)
    context |= {
        "period": period,
        "totals": feedback.totals_for(request.user, period),
        "page": page,
        "listing": feedback.outcomes_listing(page.object_list, request.user),
        "hidden": HIDDEN,
        "explanation": BESIDE_OWN_EXPLANATION,
    }
    return render(request, "reporting/practice_outcomes.jinja", context)
