"""The one place that decides who may see or change what.

A user holds role assignments; each role grants permissions (roles.py) and
each assignment covers a scope of records, written below once per kind of
record as a query filter. `visible()` turns those filters into a queryset and
`has_permission()` asks whether one object is in it, so the list a user sees
and the object they may open can never disagree. Views, the API, exports and
templates all call these two functions; nothing else decides access.
"""

import operator
from collections.abc import Callable
from functools import partial, reduce

from django.apps import apps
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import router
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from linkwork.accounts.roles import (
    NATIONAL_ROLES,
    ROLE_PERMISSIONS,
    ROLE_SCOPE_FIELD,
    Permission,
    Role,
)
from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.core.statements import statement

ScopeRule = Callable[["RoleAssignment"], Q]  # noqa: F821


def described(words: str, rule: ScopeRule) -> ScopeRule:
    """A rule with the words the access matrix (docs/access-matrix.md) shows for it."""
    rule.words = words
    return rule


ALL = described("all", lambda a: Q())


def _in_hscp(path: str) -> ScopeRule:
    """A rule for roles scoped to an HSCP, where an empty HSCP means every HSCP."""

    def rule(a) -> Q:
        return Q() if a.hscp_id is None else Q(**{path: a.hscp_id})

    return described("in their HSCP (every HSCP for a national role)", rule)


def _of_providers_hscp(*paths: str) -> ScopeRule:
    """A rule for a worker or team lead: records whose HSCP (at any of `paths`) is that of
    the assignment's provider."""

    def rule(a) -> Q:
        if a.provider_id is None:  # never a filter on "no provider", which matches too much
            return Q(pk=None)
        return _any(Q(**{f"{path}__providers": a.provider_id}) for path in paths)

    return described("in their team's HSCP", rule)


def _in_any_hscp(*paths: str) -> ScopeRule:
    """Like `_in_hscp`, for records that sit in an HSCP at any of `paths`."""

    def rule(a) -> Q:
        return Q() if a.hscp_id is None else _any(Q(**{path: a.hscp_id}) for path in paths)

    return described("in their HSCP (every HSCP for a national administrator)", rule)


def _any(qs) -> Q:
    return reduce(operator.or_, qs)


def _keepers(*hscp_paths: str) -> dict[Role, ScopeRule]:
    """Who keeps directory records sitting in the HSCP(s) at `hscp_paths`: that HSCP's
    workers, team leads and administrators, and national administrators. A record in no
    HSCP (an import nobody has claimed) only national administrators keep. Decision 13."""
    by_team = _of_providers_hscp(*hscp_paths)
    return {
        Role.LINK_WORKER: by_team,
        Role.TEAM_LEAD: by_team,
        Role.ADMINISTRATOR: _in_any_hscp(*hscp_paths),
    }


# A service is kept by its organisation's HSCP and the HSCPs that also list it.
SERVICE_KEEPERS = _keepers("organisation__hscp", "listed_by")
ORGANISATION_KEEPERS = _keepers("hscp")


def _covering(worker_path: str, user_id: int) -> Q:
    """Records whose link worker (at `worker_path`) is on leave today with the user named
    as their cover (decision 0096): the day is part of the rule, so the cover worker's
    reach ends with the leave."""
    today = clock.today()
    return Q(
        **{
            f"{worker_path}__leaves__cover__user_id": user_id,
            f"{worker_path}__leaves__starts_on__lte": today,
            f"{worker_path}__leaves__ends_on__gte": today,
        }
    )


def _covered_places(user_id: int) -> Q:
    """Referrals to the practices and host settings of the workers the user covers today."""
    return _covering("practice__attachments__link_worker", user_id) | _covering(
        "host_setting__attachments__link_worker", user_id
    )


WAITING_FOR_TRIAGE = ["new", "awaiting_verification"]


def _assignments_in_hscp(hscp_id: int) -> Q:
    """Role assignments that sit in the HSCP, through whichever organisation scopes them."""
    return (
        Q(hscp_id=hscp_id)
        | Q(practice__cluster__hscp_id=hscp_id)
        | Q(host_setting__hscp_id=hscp_id)
        | Q(provider__hscp_id=hscp_id)
        | Q(community_organisation__hscp_id=hscp_id)
    )


def _all_roles_within(user_id: int, own: Q) -> Q:
    """People holding at least one role, every one of them matching `own` (a filter on
    role assignments), never `user_id` themself (another manager does). A manager never
    disables, resets or changes someone whose rights reach beyond the manager's own."""
    assignments = apps.get_model("accounts", "RoleAssignment").objects
    outside = assignments.exclude(own).values("user_id")
    return Q(pk__in=assignments.filter(own).values("user_id")) & ~Q(pk__in=outside) & ~Q(pk=user_id)


@partial(
    described,
    "everyone whose roles are all in their HSCP (everyone if national), not themself",
)
def _people_of_hscp(a) -> Q:
    """An administrator's people: whoever holds roles only in their HSCP (everyone, for an
    administrator of every HSCP). A role elsewhere or of every HSCP puts the person out of
    reach of this HSCP's administrator: a national administrator manages them."""
    if a.hscp_id is None:
        return ~Q(pk=a.user_id)
    return _all_roles_within(a.user_id, _assignments_in_hscp(a.hscp_id))


@partial(described, "their team's link workers who hold no other role")
def _team_link_workers(a) -> Q:
    """A team lead's people: their team's link workers who hold no other role, so a team
    lead never disables or resets an administrator who also carries a caseload."""
    return _all_roles_within(a.user_id, Q(role=Role.LINK_WORKER, provider_id=a.provider_id))


def _worker_and_team_lead(path: str) -> dict[Role, ScopeRule]:
    """A worker's own records (the worker at `path`) and their team lead's reach."""
    return {
        Role.LINK_WORKER: described("their own", lambda a: Q(**{f"{path}user_id": a.user_id})),
        Role.TEAM_LEAD: described(
            "their team's", lambda a: Q(**{f"{path}provider_id": a.provider_id})
        ),
    }


_WITH_PRACTICE_TEAM = [
    c.code for c in codelist("activity_kinds").codes if c.extra["with_practice_team"] == "yes"
]

# For each kind of record, which records each role's assignment covers.
SCOPES: dict[str, dict[Role, ScopeRule]] = {
    "casework.Case": {
        Role.LINK_WORKER: described(
            "allocated to them", lambda a: Q(link_worker__user_id=a.user_id)
        ),
        # Their workers' cases, and unallocated ones at practices their workers cover.
        Role.TEAM_LEAD: described(
            "their team's, and unallocated ones at their team's practices or at host "
            "settings of their team's HSCP",
            lambda a: (
                Q(link_worker__provider_id=a.provider_id)
                | Q(
                    link_worker__isnull=True,
                    practice__attachments__link_worker__provider_id=a.provider_id,
                )
                | Q(link_worker__isnull=True, host_setting__hscp__providers=a.provider_id)
            ),
        ),
    },
    "casework.Person": {
        Role.LINK_WORKER: described(
            "with a case of theirs", lambda a: Q(cases__link_worker__user_id=a.user_id)
        ),
        Role.TEAM_LEAD: described(
            "with a case of their team's",
            lambda a: Q(cases__link_worker__provider_id=a.provider_id),
        ),
        # Only with REFER_PATIENT: a referral may fill in blanks of their own patient's record.
        Role.PRACTICE_STAFF: described(
            "registered at their practice (to refer; never shown)",
            lambda a: Q(practice_id=a.practice_id),
        ),
        # Only with REFER_PATIENT, as for practice staff: a record their setting made (not
        # one they referred to once: a CHI number typed would make anyone's theirs).
        Role.HOST_SETTING_STAFF: described(
            "made by their host setting's referral (to refer; never shown)",
            lambda a: Q(host_setting_id=a.host_setting_id),
        ),
    },
    "referrals.Referral": {
        Role.LINK_WORKER: described(
            "to their practices or host settings (and those of a colleague they cover, "
            "during the leave), or on their cases",
            lambda a: (
                Q(practice__attachments__link_worker__user_id=a.user_id)
                | Q(host_setting__attachments__link_worker__user_id=a.user_id)
                | Q(case__link_worker__user_id=a.user_id)
                | _covered_places(a.user_id)
            ),
        ),
        Role.TEAM_LEAD: described(
            "to their team's practices or host settings of their team's HSCP, or on their "
            "team's cases",
            lambda a: (
                Q(practice__attachments__link_worker__provider_id=a.provider_id)
                | Q(host_setting__hscp__providers=a.provider_id)
                | Q(case__link_worker__provider_id=a.provider_id)
            ),
        ),
        Role.PRACTICE_STAFF: described("to their practice", lambda a: Q(practice_id=a.practice_id)),
        Role.HOST_SETTING_STAFF: described(
            "from their host setting", lambda a: Q(host_setting_id=a.host_setting_id)
        ),
    },
    "organisations.Practice": {
        Role.LINK_WORKER: described(
            "where they are placed", lambda a: Q(attachments__link_worker__user_id=a.user_id)
        ),
        Role.PRACTICE_STAFF: described("their own", lambda a: Q(pk=a.practice_id)),
        Role.TEAM_LEAD: described(
            "where their team is placed",
            lambda a: Q(attachments__link_worker__provider_id=a.provider_id),
        ),
        Role.COMMISSIONER: _in_hscp("cluster__hscp_id"),
        Role.ADMINISTRATOR: _in_hscp("cluster__hscp_id"),
    },
    # A host setting, as a practice: its staff and hosted workers, and the HSCP's team
    # leads (who triage its referrals), commissioners and administrators.
    "organisations.HostSetting": {
        Role.LINK_WORKER: described(
            "where they are hosted", lambda a: Q(attachments__link_worker__user_id=a.user_id)
        ),
        Role.HOST_SETTING_STAFF: described("their own", lambda a: Q(pk=a.host_setting_id)),
        Role.TEAM_LEAD: described(
            "in their team's HSCP",
            lambda a: Q(hscp__providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
        Role.COMMISSIONER: _in_hscp("hscp_id"),
        Role.ADMINISTRATOR: _in_hscp("hscp_id"),
    },
    "organisations.LinkWorker": {
        Role.LINK_WORKER: described("themself", lambda a: Q(user_id=a.user_id)),
        Role.PRACTICE_STAFF: described(
            "placed at their practice", lambda a: Q(attachments__practice_id=a.practice_id)
        ),
        Role.HOST_SETTING_STAFF: described(
            "hosted by their setting",
            lambda a: Q(host_attachments__host_setting_id=a.host_setting_id),
        ),
        Role.TEAM_LEAD: described("their team", lambda a: Q(provider_id=a.provider_id)),
        Role.ADMINISTRATOR: _in_hscp("provider__hscp_id"),
    },
    # Leave and who covers it: the worker, their cover, their team lead, and the staff of
    # the practices and host settings where the worker is placed (who see who covers).
    "organisations.Leave": {
        Role.LINK_WORKER: described(
            "their own, and leave they cover",
            lambda a: Q(link_worker__user_id=a.user_id) | Q(cover__user_id=a.user_id),
        ),
        Role.TEAM_LEAD: described(
            "their team's, and leave their team covers",
            lambda a: (
                Q(link_worker__provider_id=a.provider_id) | Q(cover__provider_id=a.provider_id)
            ),
        ),
        Role.PRACTICE_STAFF: described(
            "of link workers placed at their practice",
            lambda a: Q(link_worker__attachments__practice_id=a.practice_id),
        ),
        Role.HOST_SETTING_STAFF: described(
            "of link workers hosted by their setting",
            lambda a: Q(link_worker__host_attachments__host_setting_id=a.host_setting_id),
        ),
        Role.ADMINISTRATOR: _in_hscp("link_worker__provider__hscp_id"),
    },
    "organisations.Cluster": {
        Role.COMMISSIONER: _in_hscp("hscp_id"),
    },
    "organisations.HSCP": {
        Role.COMMISSIONER: _in_hscp("pk"),
        Role.ADMINISTRATOR: _in_hscp("pk"),
    },
    "directory.Organisation": {
        Role.COMMUNITY_PARTNER: described("their own", lambda a: Q(pk=a.community_organisation_id)),
        # The directory is shared public information: workers read all of it (and keep their
        # HSCP's part, PERMISSION_SCOPES below); practice and host setting staff read it
        # (SEARCH_DIRECTORY only: reads_directory_only below).
        Role.LINK_WORKER: ALL,
        Role.TEAM_LEAD: ALL,
        Role.ADMINISTRATOR: ALL,
        Role.PRACTICE_STAFF: ALL,
        Role.HOST_SETTING_STAFF: ALL,
    },
    "directory.Service": {
        Role.COMMUNITY_PARTNER: described(
            "their organisation's", lambda a: Q(organisation_id=a.community_organisation_id)
        ),
        Role.LINK_WORKER: ALL,
        Role.TEAM_LEAD: ALL,
        Role.ADMINISTRATOR: ALL,
        Role.PRACTICE_STAFF: ALL,
        Role.HOST_SETTING_STAFF: ALL,
    },
    # Suggested changes: each suggester reads their own (the keepers' are below).
    "directory.ServiceSuggestion": {
        role: described("their own", lambda a: Q(suggested_by_id=a.user_id))
        for role in (Role.LINK_WORKER, Role.TEAM_LEAD, Role.ADMINISTRATOR)
    },
    "links.Link": {
        Role.LINK_WORKER: described(
            "on their cases", lambda a: Q(case__link_worker__user_id=a.user_id)
        ),
        Role.TEAM_LEAD: described(
            "on their team's cases", lambda a: Q(case__link_worker__provider_id=a.provider_id)
        ),
        # Only links sent to their organisation: never a draft (even one withdrawn unsent)
        # or a signpost.
        Role.COMMUNITY_PARTNER: described(
            "sent to their organisation",
            lambda a: (
                Q(organisation_id=a.community_organisation_id)
                & Q(sent_at__isnull=False)
                & ~Q(status__in=["draft", "signposted"])
            ),
        ),
    },
    "directory.UnmetNeed": {
        Role.LINK_WORKER: described("recorded by them", lambda a: Q(recorded_by_id=a.user_id)),
        Role.TEAM_LEAD: described("their team's", lambda a: Q(provider_id=a.provider_id)),
        Role.COMMISSIONER: _in_hscp("hscp_id"),
    },
    # The coded messages queued for a practice: its own referrals' status events, and a
    # wellbeing score only while the person agrees to share the outcome with the practice
    # (as VIEW_REFERRAL_OUTCOME; interop/messages.py, decision 0082).
    "interop.GpMessage": {
        Role.PRACTICE_STAFF: described(
            "their practice's (a wellbeing score only where the person agreed to share it)",
            lambda a: (
                Q(practice_id=a.practice_id)
                & (~Q(event="score") | Q(case__shares_with_practice=True))
            ),
        ),
    },
    # Group activities: every worker and team lead of the HSCP sees its groups (to invite
    # their own people into a colleague's group); who runs one is LEAD_GROUP below.
    "groups.Group": {
        Role.LINK_WORKER: _of_providers_hscp("hscp"),
        Role.TEAM_LEAD: _of_providers_hscp("hscp"),
    },
    # A group's roster, person by person: those who run the group (and their team lead)
    # see every member's name; any other worker only the people on their own caseload.
    "groups.Member": {
        Role.LINK_WORKER: described(
            "of groups they run, or on their cases",
            lambda a: (
                Q(group__lead__user_id=a.user_id)
                | Q(group__co_worker__user_id=a.user_id)
                | Q(case__link_worker__user_id=a.user_id)
            ),
        ),
        Role.TEAM_LEAD: described(
            "of groups their team runs, or on their team's cases",
            lambda a: (
                Q(group__lead__provider_id=a.provider_id)
                | Q(case__link_worker__provider_id=a.provider_id)
            ),
        ),
    },
    # A concern about a practice relationship or a case (placements, decision 0098): its
    # raiser, the team leads of its HSCP, and the lead GP of the practice it names; practice
    # staff never another practice's.
    "placements.Concern": {
        Role.LINK_WORKER: described("raised by them", lambda a: Q(raised_by_id=a.user_id)),
        Role.PRACTICE_STAFF: described(
            "at their practice, raised by them or for them as its lead GP",
            lambda a: (
                Q(practice_id=a.practice_id)
                & (Q(raised_by_id=a.user_id) | Q(practice__relationship__lead_gp_id=a.user_id))
            ),
        ),
        Role.TEAM_LEAD: described(
            "in their team's HSCP",
            lambda a: Q(hscp__providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
    },
    # Surveys of the people around the service (decision 0100): the HSCP's commissioners
    # and the team leads of its providers make them and read their suppressed results.
    "surveys.Survey": {
        Role.COMMISSIONER: _in_hscp("hscp_id"),
        Role.TEAM_LEAD: described(
            "of their team's HSCP",
            lambda a: Q(hscp__providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
    },
    "audit.AuditEvent": {
        Role.ADMINISTRATOR: _in_hscp("hscp_id"),
    },
    # Supervision is between a worker and their team lead: nobody else reads it, not
    # another worker, a practice, a commissioner or an administrator (decision 0094).
    "team.Supervision": _worker_and_team_lead("worker__"),
    "team.DebriefRequest": _worker_and_team_lead("worker__"),
    "team.TrainingRecord": _worker_and_team_lead("worker__"),
    "team.DevelopmentRequest": _worker_and_team_lead("worker__"),
    # A worker's time (decision 0092): their own to log and correct, their team lead's to
    # see as a split; a practice reads only the time its team spent with a worker there
    # (activity_kinds.csv's `with_practice_team`), as totals. Commissioners: none of it.
    "activity.Activity": {
        **_worker_and_team_lead("link_worker__"),
        Role.PRACTICE_STAFF: described(
            "with their practice's team (as totals)",
            lambda a: Q(practice_id=a.practice_id, kind__in=_WITH_PRACTICE_TEAM),
        ),
    },
    # A meeting names the cases discussed: only the worker who recorded it reads it.
    "activity.Meeting": {
        Role.LINK_WORKER: described(
            "their own", lambda a: Q(activity__link_worker__user_id=a.user_id)
        ),
    },
    # Only with MANAGE_PEOPLE: whose account, roles, tokens and sign-in a user manages.
    "accounts.User": {
        Role.ADMINISTRATOR: _people_of_hscp,
        Role.TEAM_LEAD: _team_link_workers,
    },
}


# Where one permission reaches fewer records of a kind than the role's others do: every
# worker reads the whole directory, but keeps only its own HSCP's part of it and invites
# partners only for their own HSCP's organisations (a partner reads every referral to its
# organisation). Others suggest changes, which the keepers decide.
PERMISSION_SCOPES: dict[tuple[str, Permission], dict[Role, ScopeRule]] = {
    # A link worker follows every referral at their practices, but reads who was referred
    # and why only while it waits for triage or once it is theirs (their case, or one they
    # made or decided); a colleague's allocated referral shows its status only.
    ("referrals.Referral", Permission.VIEW_REFERRAL_DETAILS): {
        Role.LINK_WORKER: described(
            "waiting at their practices or host settings (or a covered colleague's, during "
            "the leave), or theirs (their case, made or decided by them)",
            lambda a: (
                Q(
                    practice__attachments__link_worker__user_id=a.user_id,
                    status__in=WAITING_FOR_TRIAGE,
                )
                | Q(
                    host_setting__attachments__link_worker__user_id=a.user_id,
                    status__in=WAITING_FOR_TRIAGE,
                )
                | Q(_covered_places(a.user_id), status__in=WAITING_FOR_TRIAGE)
                | Q(case__link_worker__user_id=a.user_id)
                | Q(referred_by_id=a.user_id)
                | Q(decided_by_id=a.user_id)
            ),
        ),
        Role.TEAM_LEAD: SCOPES["referrals.Referral"][Role.TEAM_LEAD],
        Role.PRACTICE_STAFF: SCOPES["referrals.Referral"][Role.PRACTICE_STAFF],
        Role.HOST_SETTING_STAFF: SCOPES["referrals.Referral"][Role.HOST_SETTING_STAFF],
    },
    # The referring practice reads what came of an accepted referral only where the person
    # agreed to share it (Case.shares_with_practice); otherwise its status only.
    ("referrals.Referral", Permission.VIEW_REFERRAL_OUTCOME): {
        Role.PRACTICE_STAFF: described(
            "accepted, to their practice, where the person agreed to share the outcome",
            lambda a: Q(
                practice_id=a.practice_id, status="accepted", case__shares_with_practice=True
            ),
        ),
    },
    # The programme summary: a commissioner's HSCP (every HSCP for a national analyst), a
    # team lead's team's HSCP (its figures suppressed all the same: programme_summary.py).
    ("organisations.HSCP", Permission.VIEW_PROGRAMME_SUMMARY): {
        Role.COMMISSIONER: _in_hscp("pk"),
        Role.TEAM_LEAD: described(
            "their team's HSCP",
            lambda a: Q(providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
    },
    # Leave is recorded and changed by the worker themself or their team lead (not by the
    # cover worker, who reads it).
    ("organisations.Leave", Permission.RECORD_LEAVE): _worker_and_team_lead("link_worker__"),
    # The cover worker reads the open cases of the colleague they cover, on the days of the
    # leave only, for My day's due actions and lone visits (each read audited: home/pages.py).
    ("casework.Case", Permission.VIEW_COVERED_WORK): {
        Role.LINK_WORKER: described(
            "of a colleague they cover, on the days of the leave",
            lambda a: _covering("link_worker", a.user_id),
        ),
    },
    # Meetings, attendance and the directory listing of a group: its lead and co-worker,
    # and the team lead of the lead's team.
    ("groups.Group", Permission.LEAD_GROUP): {
        Role.LINK_WORKER: described(
            "they lead or co-lead",
            lambda a: Q(lead__user_id=a.user_id) | Q(co_worker__user_id=a.user_id),
        ),
        Role.TEAM_LEAD: described(
            "led by their team", lambda a: Q(lead__provider_id=a.provider_id)
        ),
    },
    # A team lead supervises their team's workers, never themself.
    ("organisations.LinkWorker", Permission.RECORD_SUPERVISION): {
        Role.TEAM_LEAD: described(
            "their team, not themself",
            lambda a: Q(provider_id=a.provider_id) & ~Q(user_id=a.user_id),
        ),
    },
    # A commissioner counts their HSCP's development requests (every HSCP's for a national
    # analyst), never reading one (decision 0094).
    ("team.DevelopmentRequest", Permission.VIEW_AGGREGATE_REPORTS): {
        Role.COMMISSIONER: _in_hscp("worker__provider__hscp_id"),
    },
    # The case a concern names: a worker's own, practice staff their practice's referrals'
    # (whose details they read), never a case found any other way.
    ("casework.Case", Permission.RAISE_CONCERN): {
        Role.LINK_WORKER: described("their own", lambda a: Q(link_worker__user_id=a.user_id)),
        Role.PRACTICE_STAFF: described(
            "referred by their practice", lambda a: Q(referrals__practice_id=a.practice_id)
        ),
    },
    # A concern is answered by its HSCP's team leads, or by the lead GP of its practice.
    ("placements.Concern", Permission.ANSWER_CONCERN): {
        Role.TEAM_LEAD: described(
            "in their team's HSCP",
            lambda a: Q(hscp__providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
        Role.PRACTICE_STAFF: described(
            "at their practice, where they are its lead GP",
            lambda a: Q(practice_id=a.practice_id, practice__relationship__lead_gp_id=a.user_id),
        ),
    },
    # The HSCPs a survey may be made for: as the surveys each may open.
    ("organisations.HSCP", Permission.RUN_STAFF_SURVEYS): {
        Role.COMMISSIONER: _in_hscp("pk"),
        Role.TEAM_LEAD: described(
            "their team's HSCP",
            lambda a: Q(providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
    },
    # The directory digest (what changed this month) of their team's HSCP.
    ("organisations.HSCP", Permission.VIEW_DIRECTORY_DIGEST): {
        role: described(
            "their team's HSCP",
            lambda a: Q(providers=a.provider_id) if a.provider_id else Q(pk=None),
        )
        for role in (Role.LINK_WORKER, Role.TEAM_LEAD)
    },
    # A subject access request: the team leads of the HSCP that holds the record produce
    # it for the data protection officer, whatever team's case the person had; an
    # administrator runs the service and reads no one's record (decision 0106).
    ("casework.Person", Permission.EXPORT_SUBJECT_ACCESS): {
        Role.TEAM_LEAD: described(
            "held by their team's HSCP",
            lambda a: Q(hscp__providers=a.provider_id) if a.provider_id else Q(pk=None),
        ),
    },
    ("directory.Organisation", Permission.INVITE_PARTNER): ORGANISATION_KEEPERS,
    ("directory.Organisation", Permission.MANAGE_DIRECTORY): ORGANISATION_KEEPERS,
    ("directory.Service", Permission.MANAGE_DIRECTORY): SERVICE_KEEPERS,
    ("directory.ServiceSuggestion", Permission.MANAGE_DIRECTORY): _keepers(
        "service__organisation__hscp", "service__listed_by"
    ),
}


def role_assignments(user) -> list:
    """The user's role assignments, loaded once per request with the organisation each is
    scoped to (the header names it on every page)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_linkwork_role_assignments", None)
    if cached is None:
        load_role_assignments([user])
        cached = user._linkwork_role_assignments
    return cached


@statement
def _assignments_of(user_ids):
    assignments = apps.get_model("accounts", "RoleAssignment").objects.filter(user__in=user_ids)
    return assignments.select_related(
        "hscp", "practice", "host_setting", "provider", "community_organisation"
    )


def load_role_assignments(users) -> None:
    """`role_assignments` for several users at once (those named on a page), one query in
    all: each user keeps theirs as if read alone."""
    waiting: dict[int, list] = {}  # the same person may come as several objects
    for user in users:
        if (
            getattr(user, "is_authenticated", False)
            and user.is_active
            and getattr(user, "_linkwork_role_assignments", None) is None
        ):
            waiting.setdefault(user.pk, []).append(user)
    if not waiting:
        return
    found = {pk: [] for pk in waiting}
    for assignment in _assignments_of(list(waiting)):
        found[assignment.user_id].append(assignment)
    for pk, same in waiting.items():
        for user in same:
            user._linkwork_role_assignments = found[pk]
            for assignment in found[pk]:  # assignment.user without a query, as user's own
                type(assignment).user.field.set_cached_value(assignment, user)


def roles_of(user) -> set[Role]:
    return {Role(a.role) for a in role_assignments(user)}


def granting(user, permission: Permission) -> list:
    """The user's role assignments that grant `permission`."""
    return [a for a in role_assignments(user) if permission in ROLE_PERMISSIONS[Role(a.role)]]


def _union(assignments, rules: dict[Role, ScopeRule]) -> Q | None:
    """The union of the scopes `assignments` cover under `rules`: None for nothing, an
    empty Q for everything. A user holding several roles gets each role's rights: an
    "everything" scope is not narrowed by a narrower one (Q() | Q(x) is Q(x) in Django,
    so it must be caught before combining)."""
    combined = None
    for assignment in assignments:
        rule = rules.get(Role(assignment.role))
        if rule is None:
            continue
        q = rule(assignment)
        if not q:
            return Q()
        combined = q if combined is None else combined | q
    return combined


def _within(queryset: QuerySet, scope: Q | None) -> QuerySet:
    if scope is None:
        return queryset.none()
    if not scope:  # an empty Q: a national role covering every record
        return queryset
    matching = queryset.model._default_manager.filter(scope).values("pk")
    return queryset.filter(pk__in=matching)


def visible(user, permission: Permission, queryset: QuerySet) -> QuerySet:
    """The records in `queryset` that `user` may reach with `permission`."""
    return within(reach(user, permission, queryset.model, queryset.db), queryset)


class Reach:
    """The `model` records a user reaches with a permission, as the SQL `_matching` built
    for them; equal to another exactly when built from the same key (what the rules read).
    A statement (core/statements.py) takes one as its shape, so it keeps one SQL text for
    each such key: `within(reach, queryset)` in it is `visible` in a plain queryset."""

    __slots__ = ("key", "matching")

    def __init__(self, key: tuple, matching):
        self.key, self.matching = key, matching

    def __eq__(self, other):
        return isinstance(other, Reach) and other.key == self.key

    def __hash__(self):
        return hash(self.key)


def reach(user, permission: Permission, model: type[Model], using: str | None = None) -> Reach:
    using = using or router.db_for_read(model)
    return Reach(*_matching(user, permission, model, using))


def reached_ids(user, permission: Permission, model: type[Model], ids) -> set[int]:
    """Which of `ids` (of `model` records) `user` reaches with `permission`."""
    return set(_reached_ids(list(ids), model=model, reached=reach(user, permission, model)))


@statement
def _reached_ids(ids, *, model, reached):
    records = model._default_manager.filter(pk__in=ids)
    return within(reached, records).values_list("pk", flat=True)


def within(reached: Reach, queryset: QuerySet) -> QuerySet:
    """The records in `queryset` within `reached`."""
    if reached.matching is None:
        return queryset.none()
    if reached.matching is ALL_RECORDS:
        return queryset
    return queryset.filter(pk__in=reached.matching)


ALL_RECORDS = object()  # `_matching`'s answer for a national role covering every record


def _matching(user, permission: Permission, model: type[Model], using: str):
    """The key and SQL subquery of the `model` records `user` reaches with `permission`
    (None for none, ALL_RECORDS for all). The subquery is SQL, not a list: the database answers it
    each time it is used, so nothing read is kept and a record made a moment ago is reached
    as any other. Its text is a function of what a rule reads (the assignments' scopes and
    the day: the rules read nothing else, `test_scope_rules_read_only_the_assignment`), so
    it is compiled once a process for each such key (`_COMPILED_SCOPES`): a scope's joins
    cost a page more to build and compile than the query it filters."""
    label = model._meta.label
    rules = PERMISSION_SCOPES.get((label, permission)) or SCOPES.get(label, {})
    assignments = granting(user, permission)
    key = (
        label,
        id(rules),
        using,
        clock.today(),
        tuple(tuple(a.__dict__.get(field) for field in _SCOPE_FIELDS) for a in assignments),
    )
    compiled = _COMPILED_SCOPES.get(key, _NOT_YET)
    if compiled is _NOT_YET:
        if len(_COMPILED_SCOPES) >= SCOPES_KEPT:
            _COMPILED_SCOPES.clear()  # a new day's keys: yesterday's are never asked again
        compiled = _COMPILED_SCOPES[key] = _compiled(model, _union(assignments, rules), using)
    return key, compiled


SCOPES_KEPT = 4096  # a process's people, each with ~10 scopes a day
_COMPILED_SCOPES: dict[tuple, object] = {}
_NOT_YET = object()


def _compiled(model: type[Model], scope: Q | None, using: str):
    if scope is None:
        return None
    if not scope:  # an empty Q: a national role covering every record
        return ALL_RECORDS
    # Each alternative of the scope (a rule's "or", or another role's) as its own SELECT,
    # the UNION of them the records reached: the same records as one SELECT of them all,
    # which joins every path at once (outer joins) and so reads every record of the kind to
    # test it; alone, each alternative joins inwards from the user's own rows, on indexes.
    parts, params = [], []
    for alternative in _alternatives(scope):
        query = model._default_manager.filter(alternative).values("pk").query
        query.clear_ordering(force=True, clear_default=True)
        try:
            sql, values = query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # an alternative that can match nothing (no ids given)
            continue
        parts.append(sql)
        params.extend(values)
    if not parts:
        return None
    # Django compiled each from the scope, its values kept apart as parameters.
    return RawSQL(" UNION ".join(parts), params, output_field=model._meta.pk)  # noqa: S611


def _alternatives(scope: Q) -> list[Q]:
    """A scope's top-level alternatives ("a or b or c"), each a filter of its own."""
    if scope.connector != Q.OR or scope.negated or len(scope.children) < 2:
        return [scope]
    return [
        alternative
        for child in scope.children
        for alternative in _alternatives(child if isinstance(child, Q) else Q(child))
    ]


# What a scope rule may read of a role assignment.
_SCOPE_FIELDS = (
    "id",
    "role",
    "user_id",
    "hscp_id",
    "practice_id",
    "host_setting_id",
    "provider_id",
    "community_organisation_id",
    "job_title",
)


def has_permission(user, permission: Permission, obj: Model | None = None) -> bool:
    """May `user` do `permission`, on `obj` if given?"""
    if obj is None:
        return bool(granting(user, permission))
    if obj.pk is None:
        return False  # not saved: nothing reaches it
    return bool(reached_ids(user, permission, type(obj), [obj.pk]))


def on_visible_cases(
    user, permission: Permission, queryset: QuerySet, case_path: str = "case"
) -> QuerySet:
    """Records that hang off a case (its letters and forms), reached exactly where the case
    is reached with `permission`: who may see the case may see them, and nobody else.
    Practice and host setting staff, commissioners and community partners never open a case
    (roles.py), so never reach them, whatever the person agreed to share; nor does a worker
    covering a colleague's leave, whose VIEW_COVERED_WORK is not VIEW_CASE."""
    cases = visible(user, permission, apps.get_model("casework", "Case").objects.all())
    return queryset.filter(**{f"{case_path}__in": cases})


def reached_or_404(user, permission: Permission, model: type[Model], pk, related=()) -> Model:
    """`get_visible_or_404` by primary key, with `related` (select_related paths) loaded:
    by a statement (decision 0151), for the pages asked for most."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = _reached_one(pk, model=model, related=related, reached=reach(user, permission, model))
    if not found:
        raise Http404
    return found[0]


@statement
def _reached_one(pk, *, model, related, reached):
    return within(reached, model._default_manager.filter(pk=pk).select_related(*related))


def get_visible_or_404(user, permission: Permission, queryset: QuerySet, **lookup) -> Model:
    """Load one record the user may reach; anything else is a 404 that reveals nothing."""
    try:
        return visible(user, permission, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


def has_scope(obj: Model) -> bool:
    """Whether access to this kind of record is decided here directly (not through the
    case it hangs off)."""
    return obj._meta.label in SCOPES


def grounds(user, obj: Model):
    """Which of the user's role assignments reaches `obj`: the audit log's "why it was
    allowed". None when no role of theirs covers it."""
    return grounds_many(user, [obj]).get(obj)


def grounds_many(user, objs: list[Model]) -> dict:
    """`grounds` for several records at once (an API list), one query per role assignment
    and kind of record rather than per record: {record: assignment} for those reached."""
    found = {}
    assignments = role_assignments(user)
    for model in {type(obj) for obj in objs}:
        rules = SCOPES.get(model._meta.label, {})
        candidates = [a for a in assignments if Role(a.role) in rules]
        waiting = {obj.pk: obj for obj in objs if type(obj) is model}
        for assignment in candidates:
            if not waiting:
                break
            scope = rules[Role(assignment.role)](assignment)
            reached = set(waiting)
            if scope and len(candidates) > 1:
                reached &= set(
                    model._default_manager.filter(scope, pk__in=waiting).values_list(
                        "pk", flat=True
                    )
                )
            found.update({waiting.pop(pk): assignment for pk in reached})
    return found


# What acting on the directory takes, beyond reading it: linking someone from a case,
# recording an unmet need, suggesting a change or keeping a service.
DIRECTORY_ACTIONS = (
    Permission.CHANGE_LINK,
    Permission.RECORD_UNMET_NEED,
    Permission.SUGGEST_SERVICE_CHANGE,
    Permission.MANAGE_DIRECTORY,
)


def reads_directory_only(user) -> bool:
    """Whether the user reads the directory and does nothing else with it (practice and host
    setting staff): their pages name no one, not even the worker who set a capacity, and
    offer no action (decision 0102)."""
    held = any(granting(user, permission) for permission in DIRECTORY_ACTIONS)
    return has_permission(user, Permission.SEARCH_DIRECTORY) and not held


# Permissions a role grants only where it covers every HSCP (a national analyst). The
# minimum core dataset's rows carry no name, yet there is one per person referred: they go
# to the programme's analysts under its data sharing agreement, not to one HSCP's
# commissioner, who has the suppressed dashboards (decision 0065).
NATIONAL_ONLY = frozenset({Permission.EXPORT_MINIMUM_CORE_DATASET})


def holds_nationally(user, permission: Permission) -> bool:
    """Whether one of the user's roles grants `permission` over every HSCP."""
    return any(a.hscp_id is None for a in granting(user, permission))


def exports_minimum_core_dataset(user) -> bool:
    return holds_nationally(user, Permission.EXPORT_MINIMUM_CORE_DATASET)


def may_close_concern(user, concern) -> bool:
    """A concern is closed by whoever raised it or may answer it, once, while it reaches
    them."""
    if concern.status == "closed" or not has_permission(user, Permission.VIEW_CONCERN, concern):
        return False
    return concern.raised_by_id == user.pk or has_permission(
        user, Permission.ANSWER_CONCERN, concern
    )


# Who names (or changes) a practice's lead GP, and so who reads and answers its concerns
# (decision 0098): the current lead GP, the practice's manager (practice staff whose job
# title is practice manager) and the team leads of the workers placed there. Other staff
# change the rest of the relationship, never this.
LEAD_GP_NAMERS: dict[Role, ScopeRule] = {
    Role.PRACTICE_STAFF: described(
        "their own, as its lead GP or practice manager",
        lambda a: (
            Q(pk=a.practice_id)
            & (Q() if a.job_title == "practice_manager" else Q(relationship__lead_gp_id=a.user_id))
        ),
    ),
    Role.TEAM_LEAD: SCOPES["organisations.Practice"][Role.TEAM_LEAD],
}


def may_name_lead_gp(user, practice) -> bool:
    """May `user` name or change `practice`'s lead GP?"""
    namers = _union(granting(user, Permission.CHANGE_PRACTICE_RELATIONSHIP), LEAD_GP_NAMERS)
    return _within(type(practice).objects.filter(pk=practice.pk), namers).exists()


def require(user, permission: Permission) -> None:
    """Refuse (403) a user whose roles do not grant `permission` at all."""
    if not has_permission(user, permission):
        raise PermissionDenied


# Which roles a manager may give and take away (MANAGE_PEOPLE), and at which organisations,
# per kind of organisation that scopes a role (ROLE_SCOPE_FIELD). A role of every HSCP
# (no organisation: a national commissioner or administrator) only a national
# administrator gives.
# A team lead also invites community partners, for their HSCP's organisations (the same
# organisations whose partners they may invite: INVITE_PARTNER above).
GRANTABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.ADMINISTRATOR: frozenset(Role),
    Role.TEAM_LEAD: frozenset({Role.LINK_WORKER, Role.COMMUNITY_PARTNER}),
}
GRANT_SCOPES: dict[str, dict[Role, ScopeRule]] = {
    "organisations.HSCP": {Role.ADMINISTRATOR: _in_hscp("pk")},
    "organisations.Provider": {
        Role.ADMINISTRATOR: _in_hscp("hscp_id"),
        Role.TEAM_LEAD: described("their own", lambda a: Q(pk=a.provider_id)),
    },
    "organisations.Practice": {Role.ADMINISTRATOR: _in_hscp("cluster__hscp_id")},
    "organisations.HostSetting": {Role.ADMINISTRATOR: _in_hscp("hscp_id")},
    "directory.Organisation": {
        Role.ADMINISTRATOR: _in_hscp("hscp_id"),
        Role.TEAM_LEAD: ORGANISATION_KEEPERS[Role.TEAM_LEAD],
    },
}


def scope_model(role: Role) -> type[Model]:
    """The kind of organisation that scopes `role`."""
    field = ROLE_SCOPE_FIELD[role]
    return apps.get_model("accounts", "RoleAssignment")._meta.get_field(field).related_model


def grant_scopes(user, role: Role) -> QuerySet:
    """The organisations at which `user` may give (or take away) `role`."""
    model = scope_model(role)
    giving = [
        a for a in granting(user, Permission.MANAGE_PEOPLE) if role in GRANTABLE_ROLES[Role(a.role)]
    ]
    scope = _union(giving, GRANT_SCOPES[model._meta.label])
    return _within(model._default_manager.all(), scope)


def grants_national_roles(user) -> bool:
    """Only an administrator of every HSCP makes another person one (or a national analyst)."""
    return any(
        a.role == Role.ADMINISTRATOR and a.hscp_id is None
        for a in granting(user, Permission.MANAGE_PEOPLE)
    )


# Separation of duties: an administrator manages accounts and reads no one's record. Only
# an administrator of every HSCP puts administration and a role that reads people's records
# on one account, so two administrators of an HSCP cannot give each other that access.
READS_PEOPLE = frozenset(Role) - {Role.ADMINISTRATOR, Role.COMMISSIONER}


def may_combine_with_administration(user, person, role: Role) -> bool:
    """May `user` give `person` the role `role`, given the roles they already hold? Not an
    HSCP administrator adding a people-reading role to an administrator, or the reverse."""
    held = {Role(a.role) for a in person.role_assignments.all()} if person.pk else set()
    combines = (role in READS_PEOPLE and Role.ADMINISTRATOR in held) or (
        role == Role.ADMINISTRATOR and held & READS_PEOPLE
    )
    return not combines or grants_national_roles(user)


def told_to_other_administrators(user, role: Role) -> bool:
    """Is `user` an HSCP administrator giving a role that reads people's records? They may
    not hold one themselves, so one given to an account they control would read what they
    cannot: the HSCP's other administrators are told (decision 0145)."""
    return (
        role in READS_PEOPLE
        and not grants_national_roles(user)
        and any(a.role == Role.ADMINISTRATOR for a in granting(user, Permission.MANAGE_PEOPLE))
    )


def may_change_role(user, assignment) -> bool:
    """May `user` give `assignment` (unsaved) or take it away (saved)? The person it is for
    must be one they manage, or new (an invitation); the role and its organisation one
    they may give."""
    person = assignment.user
    if person.pk and not has_permission(user, Permission.MANAGE_PEOPLE, person):
        return False
    role, scope = Role(assignment.role), assignment.scope
    if scope is None:
        return role in NATIONAL_ROLES and grants_national_roles(user)
    return grant_scopes(user, role).filter(pk=scope.pk).exists()
