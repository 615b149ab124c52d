"""The reports API: the programme summary's figures, what came of a practice's referrals
and a partner's referrals received. Each answers as its page does, through the same
authorisation, suppression and functions; every report taken away through it is audited
as an export (services.audit_report), and opening a referral's outcome as a read of the
person's record, as the page is."""

from django.utils import timezone
from ninja import Query, Router
from ninja.errors import ValidationError

from linkwork.accounts.api_auth import require
from linkwork.accounts.authorisation import (
    get_visible_or_404,
    granting,
    holds_nationally,
    visible,
)
from linkwork.accounts.roles import Permission
from linkwork.core.api import READ, REFUSED, invalid
from linkwork.links.selectors import partner_links_for
from linkwork.organisations.models import HSCP, Practice
from linkwork.referrals.presenters import person_as_seen, progress, shown_name
from linkwork.referrals.services import audit_referral_view
from linkwork.reporting import (
    feedback,
    partner_report,
    partner_views,
    programme_summary,
    replica,
)
from linkwork.reporting.dashboards.areas import PERMISSION as AREA_PERMISSION
from linkwork.reporting.dashboards.forms import PeriodForm
from linkwork.reporting.definitions import EVERYWHERE, Area
from linkwork.reporting.practice_views import period_form
from linkwork.reporting.schemas import (
    PartnerReportOut,
    PeriodParams,
    PracticeOutcomesOut,
    ReferralOutcomeOut,
    SummaryOut,
    SummaryParams,
)
from linkwork.reporting.services import audit_report
from linkwork.reporting.suppression import Suppressed

router = Router(tags=["reports"])
SUMMARY = Permission.VIEW_PROGRAMME_SUMMARY
# The query string's names for the pages' period fields.
PARAMETERS = {"date_from": "from", "date_to": "to"}
QUERY = ("query",)


def _valid(form: PeriodForm) -> PeriodForm:
    """The period form once its dates are good (or none were given); otherwise a 422
    naming each parameter with the page's words."""
    if not form.is_bound or form.is_valid():
        return form
    raise ValidationError(
        [
            {"type": "invalid", "loc": ["query", PARAMETERS[field]], "msg": message}
            for field, messages in form.errors.items()
            for message in messages
        ]
    )


def _form_data(params: PeriodParams) -> dict:
    return {"date_from": params.date_from, "date_to": params.date_to}


def _area(request, params: SummaryParams) -> tuple[Area, int | None, dict]:
    """Where the figures are for (the area, its HSCP's id for the audit log, and its codes),
    reached as the pages reach it: an HSCP as the programme summary does, a practice as
    the programme dashboard's drill-down does; neither is everywhere for a national
    analyst, or the caller's one HSCP."""
    if params.hscp and params.practice:
        raise invalid(
            "practice", message="Give hscp or practice, not both: leave one out", within=QUERY
        )
    if params.practice:
        require(request, AREA_PERMISSION, "Your roles do not include a practice's figures.")
        practices = Practice.objects.select_related("cluster")
        practice = get_visible_or_404(
            request.user, AREA_PERMISSION, practices, code=params.practice
        )
        return Area(practice=practice), practice.cluster.hscp_id, {"practice": practice.code}
    require(request, SUMMARY, "Your roles do not include the programme summary.")
    hscps = visible(request.user, SUMMARY, HSCP.objects.order_by("code"))
    if params.hscp:
        hscp = get_visible_or_404(request.user, SUMMARY, HSCP.objects.all(), code=params.hscp)
    elif holds_nationally(request.user, SUMMARY):
        return EVERYWHERE, None, {}
    elif hscps.count() == 1:
        hscp = hscps.get()
    else:
        codes = ", ".join(hscps.values_list("code", flat=True))
        raise invalid(
            "hscp", message=f"You may see several HSCPs: give hscp, one of {codes}", within=QUERY
        )
    return Area(hscp=hscp), hscp.pk, {"hscp": hscp.code}


@router.get(
    "/reports/summary",
    response={200: SummaryOut, **REFUSED, **READ},
    url_name="report_summary",
    summary="The programme summary's figures (as `linkwork report summary`), suppressed",
)
def report_summary(request, params: Query[SummaryParams]):
    """Suppressed whoever asks, as the programme summary and dashboard are: no role that
    may ask for an area's figures may see every person in it."""
    form = PeriodForm(_form_data(params), today=timezone.localdate(), whole_months=True)
    period = _valid(form).period()
    area, hscp_id, where = _area(request, params)
    # A reporting copy lost mid-report is passed over, as on the page (decision 116).
    figures, _ = replica.read(programme_summary.as_shown, period, area, Suppressed())
    audit_report(request, "summary", period, hscp_id, **where)
    return figures


@router.get(
    "/referrals/{referral_id}/outcome",
    response={200: ReferralOutcomeOut, **REFUSED, **READ},
    url_name="referral_outcome",
    summary="What came of a referral, for the referring practice, with the person's agreement",
)
def referral_outcome(request, referral_id: int):
    require(request, Permission.VIEW_REFERRAL_OUTCOME, "Your roles do not include outcomes.")
    referral = feedback.referral_for(request.user, referral_id)
    audit_referral_view(referral=referral, request=request)
    outcome, not_shared_because = feedback.as_shared(referral, request.user)
    shown = progress(referral)
    return {
        "referral_id": referral.pk,
        "name": shown_name(person_as_seen(referral, request.user), referral),
        "progress": {"key": shown.key, "label": shown.label, "detail": shown.detail},
        "outcome": outcome,
        "not_shared_because": not_shared_because,
    }


@router.get(
    "/reports/practice-outcomes",
    response={200: PracticeOutcomesOut, **REFUSED},
    url_name="practice_outcomes",
    by_alias=True,
    summary="The practice's totals beside its HSCP's (the last 12 months unless chosen)",
)
def practice_outcomes(request, params: Query[PeriodParams]):
    require(request, Permission.VIEW_REFERRAL_OUTCOME, "Your roles do not include outcomes.")
    period = _valid(period_form(_form_data(params))).period()
    totals = feedback.totals_for(request.user, period)
    for practice, _ in totals:
        hscp = practice.cluster.hscp
        audit_report(request, "practice_outcomes", period, hscp.pk, practice=practice.code)
    return {
        "from": period.start,
        "to": period.end,
        "practices": [
            {
                "practice_code": practice.code,
                "practice_name": practice.name,
                "hscp_code": practice.cluster.hscp.code,
                "hscp_name": practice.cluster.hscp.name,
                "totals": [
                    {
                        "key": row.key,
                        "label": row.label,
                        "practice": row.own,
                        "hscp": row.hscp,
                        "how_counted": row.how_counted,
                    }
                    for row in rows
                ],
            }
            for practice, rows in totals
        ],
    }


@router.get(
    "/partner/reports/referrals",
    response={200: PartnerReportOut, **REFUSED},
    url_name="partner_referrals",
    by_alias=True,
    summary="Referrals your organisation received, by quarter and need (every quarter "
    "unless from or to is given), suppressed",
)
def partner_referrals(request, params: Query[PeriodParams]):
    require(request, Permission.RESPOND_TO_LINK, "Your roles do not include partner reports.")
    period = partner_views.period_of(_valid(partner_views.period_form(_form_data(params))))
    table = partner_report.report(partner_links_for(request.user), period)
    organisation = granting(request.user, Permission.RESPOND_TO_LINK)[0].community_organisation
    audit_report(
        request, "partner_referrals", period, organisation.hscp_id, organisation=organisation.pk
    )
    return {
        "from": period and period.start,
        "to": period and period.end,
        "rows": [_received(row) for row in table.rows],
        "total": _received(table.total) if table.rows else None,
        "how_counted": partner_report.HOW_COUNTED,
    }


def _received(row: tuple[str, ...]) -> dict:
    quarter, need, *cells = row
    counts = dict(zip(partner_report.MEASURES, cells, strict=True))
    return {
        "quarter": quarter,
        "need": need,
        **{k: programme_summary.as_value(v) for k, v in counts.items()},
    }
