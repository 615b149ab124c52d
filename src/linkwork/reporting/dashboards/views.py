"""The dashboards: a commissioner's programme (HSCP, cluster, practice; every count
suppressed) and a team lead's team (caseloads and the waiting list, as recorded: they open
each of these people anyway). Each page answers four ways from the same filters: the page,
one chart as a file (?chart=KEY&format=svg|png), one table as a file
(?export=csv|xlsx&table=KEY) and every table in one workbook (?export=workbook)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import (
    exports_minimum_core_dataset,
    granting,
    require,
    visible,
)
from linkwork.accounts.roles import Permission
from linkwork.organisations.models import LinkWorker
from linkwork.referrals.models import Referral
from linkwork.reporting.dashboards import areas, exports, reach, tables
from linkwork.reporting.dashboards.forms import PeriodForm
from linkwork.reporting.definitions import Area
from linkwork.reporting.suppression import AsRecorded, Suppressed

CHART_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


@require_GET
def programme(request):
    require(request.user, Permission.VIEW_AGGREGATE_REPORTS)
    place = areas.chosen(request.user, request.GET)
    policy = Suppressed()  # a commissioner may not see named people: every count

    def drill_down(period):
        return tables.by_area(
            period,
            place.area,
            place.children,
            areas.child_area,
            lambda child: _href(areas.child_query(child), period),
            policy,
            place.kind,
        )

    builders = _programme_builders(place.area, policy)
    if place.children:
        builders = {"areas": drill_down, **builders}
    builders |= reach.builders(place.area, _rows(place), policy)
    context = {
        "place": place,
        "page_title": f"Programme dashboard: {place.name}",
        "exports_dataset": exports_minimum_core_dataset(request.user),
    }
    return _answer(request, "reporting/programme.jinja", context, builders, place, policy)


@require_GET
def team(request):
    require(request.user, Permission.VIEW_TEAM_REPORTS)
    provider = granting(request.user, Permission.VIEW_TEAM_REPORTS)[0].provider
    workers = list(
        visible(request.user, Permission.VIEW_TEAM_REPORTS, LinkWorker.objects.all())
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    referrals = visible(request.user, Permission.VIEW_TEAM_REPORTS, Referral.objects.all())
    policy = AsRecorded()  # their own team's people, each of whom they may open
    builders = {
        "caseloads": lambda period: tables.caseloads(workers, policy),
        "waiting-list": lambda period: tables.waiting(period, referrals, policy),
        **_programme_builders(Area(provider=provider), policy),
    }
    place = areas.Place(str(provider), Area(provider=provider), {})
    context = {"place": place, "page_title": f"Team dashboard: {provider}"}
    return _answer(request, "reporting/team.jinja", context, builders, place, policy)


def _rows(place: areas.Place) -> reach.Rows:
    """The rows of the reach and who-refers tables: the areas one level down, or the
    practice alone on its own page."""
    if place.area.practice is not None:
        return reach.Rows([place.area.practice], "practice", "practice", single=True)
    level = {"HSCP": "hscp"}.get(place.kind, place.kind)
    return reach.Rows(place.children, level, place.kind)


def _programme_builders(area: Area, policy) -> dict[str, Callable]:
    return {
        "referrals-by-month": lambda period: tables.referrals_by_month(period, area, policy),
        "reasons": lambda period: tables.reasons(period, area, policy),
        "engagement": lambda period: tables.funnel(period, area, policy),
        "wellbeing": lambda period: tables.wellbeing(period, area, policy),
        "unmet-needs": lambda period: tables.unmet_needs(period, area, policy),
        "support-given": lambda period: tables.support_given(period, area, policy),
        "social-outcomes": lambda period: tables.social_outcomes(period, area, policy),
        "not-engaged": lambda period: tables.not_engaged(period, area, policy),
    }


def _href(query: dict, period) -> str:
    dates = {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
    return "?" + urlencode({**query, **dates})


def _answer(request, template, context, builders, place, policy):
    form = PeriodForm(
        request.GET or None, today=timezone.localdate(), whole_months=policy.suppresses
    )
    if form.is_bound and not form.is_valid():
        context |= {"form": form, "figures": []}
        return render(request, template, context, status=400)
    period = form.period()
    if "chart" in request.GET:
        return _chart(_one(builders, request.GET["chart"])(period), request.GET.get("format"))
    if request.GET.get("export") == "workbook":
        tables = [build(period) for build in builders.values()]
        return exports.workbook(tables, place.name, period, policy.in_files)
    if "export" in request.GET:
        table = _one(builders, request.GET.get("table", ""))(period)
        return _export(table, request.GET["export"], place, period, policy)
    query = urlencode({**place.query, **form.query()})
    context |= {
        "form": form,
        "period": period,
        "query": query,
        "figures": [build(period) for build in builders.values()],
        "explanation": policy.explanation,
        "href": lambda q: _href(q, period),
    }
    return render(request, template, context)


def _one(builders: dict, key: str) -> Callable:
    if key not in builders:
        raise Http404
    return builders[key]


def _chart(table, kind: str | None) -> HttpResponse:
    if table.chart is None or kind not in CHART_TYPES:
        raise Http404
    body = table.chart.svg_file() if kind == "svg" else table.chart.png()
    response = HttpResponse(body, content_type=CHART_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{table.key}.{kind}"'
    return response


def _export(table, kind: str, place, period, policy) -> HttpResponse:
    if kind == "csv":
        return exports.as_csv(table, exports.filename(table, place.name, period, "csv"))
    if kind == "xlsx":
        about = exports.about(table, place.name, period, policy.in_files)
        return exports.as_xlsx(table, exports.filename(table, place.name, period, "xlsx"), about)
    raise Http404
