"""Logging time and meetings (a worker's own), the team's split (a team lead's), and the
time with the practice team (a practice's). Decision 0092."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.activity import presenters, services, time_split
from linkwork.activity.forms import MeetingForm, TimeForm
from linkwork.activity.models import Activity, Meeting
from linkwork.casework.services import audit_cases
from linkwork.casework.views.common import edit_conflicts, saved
from linkwork.core import clock
from linkwork.core.api import YEARS
from linkwork.core.listings import download_or_page
from linkwork.organisations.models import LinkWorker


def _own_worker(request) -> LinkWorker:
    require(request.user, Permission.LOG_TIME)
    worker = visible(request.user, Permission.VIEW_LINK_WORKER, LinkWorker.objects.all())
    worker = worker.filter(user=request.user).first()
    if worker is None:
        raise Http404
    return worker


def _practices(worker):
    return worker.practices.order_by("name")


def _week_asked(request) -> date:
    """The week `?week=` names (any day of it), this week if none or one out of reach."""
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = None
    if day is None or not YEARS[0] <= day.year <= YEARS[1]:
        day = clock.today()
    return time_split.week_of(day)


def _week_href(week: date) -> str:
    return f"{reverse('activity:log')}?week={week.isoformat()}"


@require_http_methods(["GET", "POST"])
def log_time(request):
    """The one short form, with the week's entries below it."""
    worker = _own_worker(request)
    week = _week_asked(request)
    form = TimeForm(request.POST or None, practices=_practices(worker))
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            entry = services.log_activity(
                worker=worker, by=request.user, request=request, **form.time_fields()
            )
            week = time_split.week_of(entry.on)
        if done := saved(request, form, "Time logged.", _week_href(week)):
            return done
    entries = (
        visible(request.user, Permission.LOG_TIME, Activity.objects.current())
        .filter(on__gte=week, on__lt=week + timedelta(days=7))
        .select_related("practice", "meeting")
    )
    split = time_split.weekly_splits([worker], [week])[worker.pk][week]
    this_week = time_split.week_of(clock.today())
    context = {
        "page_title": "Log time",
        "form": form,
        "week": week,
        "entries": entries,
        "shares": presenters.shares(split),
        "split": split,
        "previous_href": _week_href(week - timedelta(days=7)),
        "next_href": _week_href(week + timedelta(days=7)) if week < this_week else "",
    }
    return render(request, "activity/log.jinja", context, status=400 if form.is_bound else 200)


def _own_entry(request, pk: int) -> Activity:
    _own_worker(request)
    return get_visible_or_404(
        request.user,
        Permission.LOG_TIME,
        Activity.objects.current().select_related("practice"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def change_time(request, pk: int):
    entry = _own_entry(request, pk)
    form = TimeForm(
        request.POST or None,
        practices=_practices(entry.link_worker),
        initial=TimeForm.initial_of(entry),
    )
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.change_activity(
                activity=entry,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                request=request,
                **form.time_fields(),
            )
        changed = "Entry changed. The earlier version is kept."
        if done := saved(request, form, changed, _week_href(time_split.week_of(entry.on))):
            return done
    context = {
        "page_title": "Change an entry of time",
        "form": form,
        "submit_text": "Save change",
        "cancel_href": _week_href(time_split.week_of(entry.on)),
    }
    return render(request, "form_page.jinja", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def remove_time(request, pk: int):
    entry = _own_entry(request, pk)
    back = _week_href(time_split.week_of(entry.on))
    if request.method == "POST":
        services.remove_activity(activity=entry, by=request.user, request=request)
        messages.success(request, "Entry removed. It is kept in the history.")
        return redirect(back)
    context = {"page_title": "Remove this entry?", "entry": entry, "back": back}
    return render(request, "activity/remove.jinja", context)


@require_http_methods(["GET", "POST"])
def new_meeting(request):
    worker = _own_worker(request)
    form = MeetingForm(
        request.POST or None,
        practices=_practices(worker),
        cases=services.discussable_cases(worker).select_related("person"),
        initial={"kind": "mdt"},
    )
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            meeting = services.record_meeting(
                worker=worker, by=request.user, request=request, **form.meeting_fields()
            )
        if not form.errors:
            messages.success(request, "Meeting recorded, and your time at it logged.")
            return redirect("activity:meeting", pk=meeting.pk)
    context = {
        "page_title": "Record an MDT or practice meeting",
        "form": form,
        "submit_text": "Record meeting",
        "cancel_href": reverse("activity:log"),
    }
    return render(request, "form_page.jinja", context, status=400 if form.is_bound else 200)


@require_GET
def meeting(request, pk: int):
    """The meeting and the cases it discussed: a read of each of those records, audited."""
    _own_worker(request)
    found = get_visible_or_404(
        request.user,
        Permission.LOG_TIME,
        Meeting.objects.select_related("activity__practice"),
        pk=pk,
    )
    cases = list(found.cases.select_related("person"))
    audit_cases(request=request, shown=[(case, found) for case in cases])
    context = {"page_title": str(found), "meeting": found, "cases": cases}
    return render(request, "activity/meeting.jinja", context)


@require_GET
def team_time(request):
    """Each worker of the team, week by week, beside the service's intended balance."""
    require(request.user, Permission.VIEW_TEAM_TIME)
    workers = visible(
        request.user, Permission.VIEW_TEAM_TIME, LinkWorker.objects.select_related("user")
    ).order_by("user__first_name", "user__last_name", "pk")
    weeks = time_split.recent_weeks()
    team = presenters.team_time(list(workers), weeks)
    file = download_or_page(
        request, "team-time", sheet="Time", build=lambda: presenters.team_listing(team)
    )
    if file is not None:
        return file
    context = {
        "page_title": "Time across the three domains",
        "team": team,
        "weeks": weeks,
        "intended": presenters.shares(time_split.Split()),
        "gap_points": time_split.GAP_POINTS,
        "chart": presenters.team_chart(team, weeks) if team else None,
    }
    return render(request, "activity/team.jinja", context)


@require_GET
def practice_time(request):
    """The time link workers spent with the practice's team: totals, no people."""
    require(request.user, Permission.VIEW_PRACTICE_TEAM_TIME)
    weeks = time_split.recent_weeks()
    shown = visible(request.user, Permission.VIEW_PRACTICE_TEAM_TIME, Activity.objects.all())
    tables = {
        practice: presenters.practice_table(by_week)
        for practice, by_week in time_split.practice_team_time(shown, weeks).items()
    }
    context = {"page_title": "Time with your practice team", "tables": tables, "weeks": weeks}
    return render(request, "activity/practice.jinja", context)
