"""What each role's home page shows, built from the records the user may see."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import QueryDict
from django.utils import timezone

from linkwork.accounts.authorisation import reach, role_assignments, visible, within
from linkwork.accounts.roles import Permission, Role
from linkwork.casework.agencies import holding_cases
from linkwork.casework.forms import CaseloadFilterForm
from linkwork.casework.listings import caseload_listing
from linkwork.casework.lone_working import overdue_visit_line
from linkwork.casework.models import Action, ActionStatus, Case, CaseStatus, Session
from linkwork.casework.presenters import back_by, safety_markers
from linkwork.casework.rules import (
    ATTENDED_OUTCOMES,
    LONE_VISIT_MODES,
    day_of,
    days_after,
    sessions_between,
    upcoming_sessions,
)
from linkwork.casework.services import audit_cases, overdue_check_ins
from linkwork.core import clock
from linkwork.core.paging import StatementPages, counted, number, paged
from linkwork.core.statements import keep_related, statement
from linkwork.directory.selectors import suggestions_waiting
from linkwork.links import follow_up
from linkwork.links.models import Link
from linkwork.links.selectors import partner_links_for
from linkwork.links.services import awaiting, chase_among
from linkwork.organisations import leave as leaves
from linkwork.organisations.caseload import caseload_of
from linkwork.organisations.models import (
    HostSetting,
    HostSettingAttachment,
    Leave,
    LinkWorker,
    Practice,
    PracticeAttachment,
)
from linkwork.placements.concerns import waiting_count as concerns_waiting
from linkwork.referrals import services as referrals
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import progress, waited, with_names
from linkwork.reporting import suppression
from linkwork.reporting.definitions import holding_q
from linkwork.reporting.services import practice_figures
from linkwork.team.summary import team_lead_panel


def _scopes(user, role: Role) -> list:
    return [a.scope for a in role_assignments(user) if a.role == role]


def with_last_contact(cases):
    return cases.annotate(
        last_contact=Max("sessions__starts_at", filter=Q(sessions__outcome__in=ATTENDED_OUTCOMES))
    )


def caseload_filters(form: CaseloadFilterForm) -> dict:
    """The caseload filters asked for (status, complexity, practice, days since last
    contact), by name in a fixed order, each with its value. A filter in error is left out
    and the others still apply, so the list matches what the form shows (the error names
    the one left out)."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})  # the fields that validated; none if unbound
    filters = {}
    status = data.get("status") or "open"
    if status != "all":
        filters["status"] = status
    if data.get("complexity"):
        filters["complexity"] = data["complexity"]
    if data.get("practice"):
        filters["practice"] = data["practice"]
    if data.get("no_contact_days"):
        filters["contact_before"] = timezone.now() - timedelta(days=data["no_contact_days"])
    return filters


CASELOAD_FILTERS = {
    "status": lambda cases, status: cases.filter(status=status),
    "complexity": lambda cases, complexity: cases.filter(complexity=complexity),
    "practice": lambda cases, practice: cases.filter(practice=practice),
    "contact_before": lambda cases, cutoff: cases.filter(
        Q(last_contact__lt=cutoff) | Q(last_contact__isnull=True)
    ),
}


def filter_caseload(cases, filters: dict):
    """`cases` (annotated `with_last_contact`) under `caseload_filters`, in caseload order.
    Holding cases are open but shown apart, by review date (decision 0072)."""
    for name, value in filters.items():
        cases = CASELOAD_FILTERS[name](cases, value)
    cases = cases.exclude(status=CaseStatus.OPEN, holding_since__isnull=False)
    return cases.order_by("person__family_name", "person__given_name", "pk")


def link_worker_home(user, params=None) -> dict:
    worker = _worker_of(user)
    # The open caseload once, by number: the panels below then ask by a short list rather
    # than repeating the authorisation subquery (a page's cost is mostly building queries).
    open_ids = _open_case_ids(user.pk, reached=reach(user, Permission.VIEW_CASE, Case))
    attachments = _attachments(worker)
    waiting = _waiting_referrals(reached=reach(user, Permission.TRIAGE_REFERRAL, Referral))
    new_referrals = [(r, waited(r), name) for r, name in with_names(waiting, user)]
    holding = _holding(open_ids)
    today = timezone.localdate()
    own_leave, covered = leaves.own_and_covered(worker, today) if worker else (None, [])
    todays_sessions, coming_up = _marked(
        _sessions_between(open_ids, *day_of(today)),
        _sessions_coming(open_ids, *days_after(today, UPCOMING_DAYS)),
    )
    return {
        "worker": worker,
        "open_count": len(open_ids),
        "own_caseload": caseload_of(worker, len(open_ids)) if worker else "",
        **link_worker_caseload(user, params, attachments),
        "todays_sessions": todays_sessions,
        "coming_up": coming_up,
        "upcoming_days": UPCOMING_DAYS,
        "overdue_actions": _actions_overdue(open_ids, today),
        "urgent_referrals": [row for row in new_referrals if row[0].urgency == "urgent"],
        "new_referrals": [row for row in new_referrals if row[0].urgency != "urgent"],
        "holding": holding,
        "reviews_due": [case for case in holding if case.holding_review_on <= today],
        "today": today,
        "attachments": attachments,
        "response_working_days": settings.LINK_RESPONSE_WORKING_DAYS,
        "links_to_chase": chase_among(
            _links_awaiting(open_ids, reached=reach(user, Permission.VIEW_LINK, Link)), today
        )[:10],
        "own_leave": own_leave,
        "covering": covering(user, covered) if covered else [],
        "links_to_follow_up": _follow_ups(
            open_ids, follow_up.cutoff(), reached=reach(user, Permission.CHANGE_LINK, Link)
        ),
        "follow_up_weeks": follow_up.weeks(),
    }


# My day's queries, each built once a process (decision 0151) and given the ids, days and
# reaches (what the user may see, accounts/authorisation.py: reach) it asks about.


def _worker_of(user) -> LinkWorker | None:
    found = _worker(user.pk)
    return found[0] if found else None


@statement
def _worker(user_id):
    return LinkWorker.objects.filter(user=user_id).select_related("provider")[:1]


@statement
def _open_case_ids(user_id, *, reached):
    cases = Case.objects.filter(link_worker__user=user_id, status=CaseStatus.OPEN)
    return within(reached, cases).values_list("pk", flat=True)


@statement
def _placements(worker_ids):
    placed = PracticeAttachment.objects.filter(link_worker__in=worker_ids)
    return placed.select_related("practice").order_by("practice__name")


@statement
def _waiting_referrals(*, reached):
    waiting = referrals.waiting_list(within(reached, Referral.objects.all()))
    return waiting.prefetch_related(None)[:10]  # reasons and flags are on the queue, not here


@statement
def _holding(case_ids):
    held = holding_cases(Case.objects.filter(pk__in=case_ids))
    return held.select_related("person", "practice")


@statement
def _sessions_between(case_ids, start, end):
    sessions = sessions_between(Case.objects.filter(pk__in=case_ids), start, end)
    return sessions.select_related("case__person").order_by("starts_at")


@statement
def _sessions_coming(case_ids, start, end):
    sessions = upcoming_sessions(Case.objects.filter(pk__in=case_ids), start, end)
    return sessions.select_related("case__person").order_by("starts_at")[:10]


@statement
def _actions_overdue(case_ids, today):
    actions = Action.objects.filter(goal__case__in=case_ids, due_on__lt=today).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.STOPPED]
    )
    return actions.select_related("goal__case__person").order_by("due_on")[:8]


@statement
def _links_awaiting(case_ids, *, reached):
    return awaiting(within(reached, Link.objects.filter(case__in=case_ids)))


@statement
def _follow_ups(case_ids, latest, *, reached):
    links = within(reached, Link.objects.filter(case__in=case_ids))
    return follow_up.accepted_by(links, latest).select_related("service", "case__person")[:10]


def link_worker_caseload(user, params=None, attachments=None) -> dict:
    """My day's caseload panel: its filters and a page of cases. Built alone when the panel
    is filtered or paged in place (decision 0134): a filter should not recompute the day.
    Counted and paged in the database by statements keyed by the filters asked for."""
    form = _caseload_form(user, params, attachments)
    filters = caseload_filters(form)
    reached = reach(user, Permission.VIEW_CASE, Case)
    listed = StatementPages(
        _caseload_count,
        _caseload_page,
        user.pk,
        *filters.values(),
        reached=reached,
        filtered=tuple(filters),
    )
    page = paged(listed, params or QueryDict())
    return {
        "caseload": page,
        "caseload_listing": caseload_listing(page.object_list),
        "filter_form": form,
    }


def _caseload(user_id, values, reached, filtered):
    cases = within(reached, Case.objects.filter(link_worker__user=user_id))
    return filter_caseload(with_last_contact(cases), dict(zip(filtered, values, strict=True)))


@statement
def _caseload_count(user_id, *values, reached, filtered):
    return counted(_caseload(user_id, values, reached, filtered))


@statement
def _caseload_page(user_id, *values, reached, filtered, start, stop):
    cases = _caseload(user_id, values, reached, filtered).select_related("person", "practice")
    return cases[start:stop]


COVERED_ACTIONS = 20  # per colleague covered: the soonest due


def covering(user, covered: list) -> list[dict]:
    """Per colleague the worker covers today (`covered`: their leave): the leave, their
    actions due by its end (or overdue) and their visits checked in and not out. The cases
    are read through VIEW_COVERED_WORK, which reaches them only during the leave; each shown
    is audited (`audit_covering`)."""
    cases = visible(user, Permission.VIEW_COVERED_WORK, Case.objects.filter(status=CaseStatus.OPEN))
    actions = (
        Action.objects.filter(goal__case__in=cases)
        .exclude(status__in=[ActionStatus.DONE, ActionStatus.STOPPED])
        .select_related("goal__case__person")
        .order_by("due_on", "pk")
    )
    visits = (
        Session.objects.filter(
            case__in=cases, checked_in_at__isnull=False, checked_out_at__isnull=True
        )
        .select_related("case__person")
        .order_by("expected_back_at")
    )
    now = timezone.now()
    return [
        {
            "leave": leave,
            "actions": list(
                actions.filter(
                    goal__case__link_worker=leave.link_worker_id, due_on__lte=leave.ends_on
                )[:COVERED_ACTIONS]
            ),
            "visits": [
                (visit, visit.expected_back_at is not None and visit.expected_back_at < now)
                for visit in visits.filter(case__link_worker=leave.link_worker_id)
            ],
        }
        for leave in covered
    ]


def audit_overdue_visits(request, context: dict) -> None:
    """One audit event per overdue lone visit the team lead's home shows, each time it
    shows it (the page and its poll): the line names the person and their address."""
    shown = [(session.case, session) for session, _ in context.get("overdue_visits", [])]
    if shown:
        audit_cases(request=request, shown=shown)


def audit_covering(request, context: dict) -> None:
    """One audit event per record of a covered colleague's case shown on My day."""
    shown = [
        *(
            (action.goal.case, action)
            for part in context.get("covering", [])
            for action in part["actions"]
        ),
        *(
            (visit.case, visit)
            for part in context.get("covering", [])
            for visit, _ in part["visits"]
        ),
    ]
    if shown:
        audit_cases(request=request, shown=shown)


UPCOMING_DAYS = 7


def my_caseload(user, params):
    """My day's caseload under its filters (the download's), and the form."""
    form = _caseload_form(user, params)
    cases = with_last_contact(_my_cases(user)).select_related("person", "practice")
    return filter_caseload(cases, caseload_filters(form)), form


def _caseload_form(user, params, attachments=None) -> CaseloadFilterForm:
    if attachments is None:
        attachments = _attachments(_worker_of(user))
    return CaseloadFilterForm(
        params or None,
        practices=[a.practice for a in attachments],
    )


def _my_cases(user):
    return visible(user, Permission.VIEW_CASE, Case.objects.filter(link_worker__user=user))


def _attachments(worker) -> list:
    return _placements([worker.pk]) if worker else []


def _marked(*session_lists) -> list[list[tuple]]:
    """Each list of sessions (read with their case's person), each session with its
    person's safety markers, whether it is a lone visit, and when the worker checked in to
    it and is not yet out, the time they said they would be back (else ""): the markers of
    everyone in every list read in one query."""
    markers = safety_markers({s.case.person_id for sessions in session_lists for s in sessions})
    return [
        [
            (s, markers[s.case.person_id], s.mode in LONE_VISIT_MODES, _checked_in(s))
            for s in sessions
        ]
        for sessions in session_lists
    ]


def _checked_in(session: Session) -> str:
    if session.checked_in_at and not session.checked_out_at and session.expected_back_at:
        return back_by(session.expected_back_at)
    return ""


def practice_home(user, params=None) -> dict:
    practices = _scopes(user, Role.PRACTICE_STAFF)
    ids = [practice.pk for practice in practices]
    referred = reach(user, Permission.VIEW_REFERRAL, Referral)
    recent = _recent_referrals(reached=referred)
    return {
        "practices": practices,
        "intakes": referrals.intakes_of(practices),
        "attachments": _workers_placed(ids),
        "recent": [(r, progress(r), name) for r, name in with_names(recent, user)],
        "to_verify": number(_to_verify(ReferralStatus.AWAITING_VERIFICATION, reached=referred)),
        "away": who_covers(user),
        "concerns_waiting": concerns_waiting(user),  # as a practice's lead GP
    }


# The practice's home page: statements (decision 0151).


@statement
def _workers_placed(practice_ids):
    placed = PracticeAttachment.objects.filter(practice__in=practice_ids)
    return placed.select_related("link_worker__user", "practice").order_by("practice__name")


@statement
def _recent_referrals(*, reached):
    mine = within(reached, Referral.objects.all())
    related = mine.select_related("person", "practice", "case__link_worker__user")
    return related.order_by("-received_on", "-pk")[:10]


@statement
def _to_verify(status, *, reached):
    return counted(within(reached, Referral.objects.filter(status=status)))


def who_covers(user) -> list:
    """The leave today of the workers placed at the user's practices or settings, each
    naming its cover (which leave they see: SCOPES["organisations.Leave"])."""
    return _away(clock.today(), reached=reach(user, Permission.VIEW_LINK_WORKER, Leave))


@statement
def _away(day, *, reached):
    away = within(reached, leaves.current(day)).select_related("link_worker__user", "cover__user")
    return away.order_by("ends_on", "pk")


def host_setting_home(user, params=None) -> dict:
    """A host setting's staff: their referrals' status and the workers it hosts, as a
    practice's staff see theirs (decision 0074)."""
    settings = _scopes(user, Role.HOST_SETTING_STAFF)
    hosted = (
        HostSettingAttachment.objects.filter(host_setting__in=settings)
        .select_related("link_worker__user", "host_setting")
        .order_by("host_setting__name")
    )
    mine = visible(user, Permission.VIEW_REFERRAL, Referral.objects.all()).select_related(
        "person", "host_setting", "case__link_worker__user"
    )
    recent = mine.order_by("-received_on", "-pk")[:10]
    return {
        "settings": settings,
        "hosted": hosted,
        "recent": [(r, progress(r), name) for r, name in with_names(recent, user)],
        "away": who_covers(user),
    }


def team_lead_home(user, params=None) -> dict:
    workers = _team_workers(reached=reach(user, Permission.ALLOCATE_CASES, LinkWorker))
    keep_related(workers, "attachments", _placements([worker.pk for worker in workers]))
    practice_list = _practices_waiting(reached=reach(user, Permission.SET_INTAKE, Practice))
    overdue = _overdue_visits(timezone.now(), reached=reach(user, Permission.VIEW_CASE, Case))
    return {
        # Host settings of the team's HSCP, whose referrals the team triages (decision 0074).
        "host_settings": _settings_waiting(
            reached=reach(user, Permission.TRIAGE_REFERRAL, HostSetting)
        ),
        "providers": _scopes(user, Role.TEAM_LEAD),
        "workers": workers,
        "caseloads": {worker.pk: caseload_of(worker, worker.open_cases) for worker in workers},
        "practices": list(zip(practice_list, referrals.intakes_of(practice_list), strict=True)),
        "practice_count": len(practice_list),
        "overdue_visits": [(session, overdue_visit_line(session)) for session in overdue],
        "suggestions_waiting": suggestions_waiting(user),
        "team": team_lead_panel(user),
        "concerns_waiting": concerns_waiting(user),
    }


# The team lead's home: statements (decision 0151).

WAITING = Q(referrals__status=ReferralStatus.NEW)


@statement
def _team_workers(*, reached):
    workers = within(reached, LinkWorker.objects.all()).select_related("user", "provider")
    return workers.annotate(
        open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)),
        high_complexity=Count(
            "cases", filter=Q(cases__status=CaseStatus.OPEN, cases__complexity="high")
        ),
        holding=Count("cases", filter=holding_q("cases__")),
    )


@statement
def _practices_waiting(*, reached):
    practices = within(reached, Practice.objects.all())
    return practices.annotate(waiting=Count("referrals", filter=WAITING)).order_by("name")


@statement
def _settings_waiting(*, reached):
    settings = within(reached, HostSetting.objects.all())
    return settings.annotate(waiting=Count("referrals", filter=WAITING)).order_by("name")


@statement
def _overdue_visits(now, *, reached):
    sessions = Session.objects.filter(case__in=within(reached, Case.objects.all()))
    return (
        overdue_check_ins(sessions, now)
        .select_related("case__person", "case__link_worker__user")
        .order_by("expected_back_at")
    )


def commissioner_home(user, params=None) -> dict:
    return {
        "hscps": _scopes(user, Role.COMMISSIONER),
        "figures": practice_figures(user),
        "suppression": suppression.TOTAL_EXPLANATION,
    }


def partner_home(user, params=None) -> dict:
    links = partner_links_for(user)
    return {
        "organisations": _scopes(user, Role.COMMUNITY_PARTNER),
        "waiting": suppression.of_own_records(
            links.filter(status__in=["sent", "acknowledged"]).count()
        ),
        "open_links": suppression.of_own_records(
            links.filter(status__in=["accepted", "first_attended"]).count()
        ),
        "to_follow_up": suppression.of_own_records(follow_up.due(links).count()),
    }


def administrator_home(user, params=None) -> dict:
    return {
        "hscps": _scopes(user, Role.ADMINISTRATOR),
        "practice_count": visible(user, Permission.VIEW_PRACTICE, Practice.objects.all()).count(),
        "worker_count": visible(
            user, Permission.VIEW_LINK_WORKER, LinkWorker.objects.all()
        ).count(),
    }
