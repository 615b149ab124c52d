"""Group activities: every write goes through here (views, demo, tests). Each is one
transaction with an audit event; what lands on a person's case is audited against them."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.casework import services as casework
from linkwork.casework.models import Case
from linkwork.core import clock
from linkwork.core.recording import save_recorded
from linkwork.core.text import counted
from linkwork.directory.models import Organisation
from linkwork.directory.services import LocationDetails, create_organisation, create_service
from linkwork.groups import rules
from linkwork.groups.models import Attendance, Group, Meeting, Member
from linkwork.organisations.models import LinkWorker


def _save(instance, action, *, by, request=None):
    """A group or meeting: about no one, audited by its own name."""
    return save_recorded(
        instance,
        by=by,
        audit=lambda saved: record(action=action, request=request, actor=by, obj=saved),
    )


def _save_on_person(instance, member: Member, action, *, by, request=None):
    """A membership or attendance: audited against the person, allowed through the group
    (a group's lead may record for people on colleagues' caseloads)."""
    return save_recorded(
        instance,
        by=by,
        audit=lambda saved: casework.audit_person(
            request=request,
            person=member.case.person,
            action=action,
            actor=by,
            obj=saved,
            via=member,
        ),
    )


def _co_worker_errors(lead: LinkWorker, co_worker: LinkWorker | None) -> dict[str, str]:
    if co_worker is None:
        return {}
    if co_worker.pk == lead.pk:
        return {"co_worker": rules.CO_WORKER_IS_LEAD}
    if co_worker.provider.hscp_id != lead.provider.hscp_id:
        return {"co_worker": rules.CO_WORKER_ELSEWHERE}
    return {}


@transaction.atomic
def create_group(
    *,
    lead: LinkWorker,
    name: str,
    capacity: int,
    by,
    description: str = "",
    venue: str = "",
    postcode: str = "",
    co_worker: LinkWorker | None = None,
    list_in_directory: bool = False,
    need: str = "",
    request=None,
) -> Group:
    """A group in the lead's HSCP; listed in the directory at once if asked."""
    casework.refuse(_co_worker_errors(lead, co_worker))
    if not rules.CAPACITY[0] <= capacity <= rules.CAPACITY[1]:
        casework.refuse({"capacity": rules.CAPACITY_WRONG})
    group = Group(
        name=name.strip(),
        description=description.strip(),
        venue=venue.strip(),
        postcode=postcode,
        capacity=capacity,
        hscp=lead.provider.hscp,
        lead=lead,
        co_worker=co_worker,
        created_by=by,
    )
    _save(group, Action.CREATE, by=by, request=request)
    if list_in_directory:
        list_group(group=group, by=by, need=need, request=request)
    return group


def _directory_organisation(group: Group, by) -> Organisation:
    """The directory's entry for the lead's team, in the group's HSCP: made on first use."""
    provider = group.lead.provider
    found = Organisation.objects.filter(name=provider.name, hscp=group.hscp).first()
    return found or create_organisation(name=provider.name, hscp=group.hscp, by=by)


@transaction.atomic
def list_group(*, group: Group, by, need: str = "", request=None):
    """List the group in the directory as a service of the lead's team, so anyone
    searching the directory finds it and refers to it (links), like any other service."""
    if group.service_id is not None:
        casework.refuse({"__all__": rules.ALREADY_LISTED})
    location = None
    if group.postcode:
        location = LocationDetails(
            address_1=group.venue or group.name, city="", postcode=group.postcode
        )
    group.service = create_service(
        organisation=_directory_organisation(group, by),
        name=group.name,
        description=group.description,
        needs=[need] if need else (),
        location=location,
        how_to_refer=["worker_portal"],
        by=by,
        request=request,
    )
    return _save(group, Action.CHANGE, by=by, request=request).service


@transaction.atomic
def add_meetings(
    *, group: Group, starts_at: datetime, duration_minutes: int, by, weeks: int = 1, request=None
) -> list[Meeting]:
    """One meeting, or a weekly series starting at `starts_at` (the same time each week)."""
    if not rules.WEEKS[0] <= weeks <= rules.WEEKS[1]:
        casework.refuse({"weeks": rules.WEEKS_WRONG})
    local = timezone.localtime(starts_at).replace(tzinfo=None)
    return [
        _save(
            Meeting(
                group=group,
                # Same wall-clock time each week, across a change of the clocks.
                starts_at=timezone.make_aware(local + timedelta(weeks=week)),
                duration_minutes=duration_minutes,
            ),
            Action.CREATE,
            by=by,
            request=request,
        )
        for week in range(weeks)
    ]


@transaction.atomic
def invite(*, group: Group, cases, by, request=None) -> list[Member]:
    """Invite people through their open cases, within the group's capacity. Those already
    invited are left as they are."""
    group = Group.objects.select_for_update().get(pk=group.pk)  # two invitations at once
    invited = set(group.members.values_list("case_id", flat=True))
    new = [case for case in cases if case.pk not in invited]
    if not new and not cases:
        casework.refuse({"cases": rules.NOBODY_CHOSEN})
    errors = [_invite_error(group, case) for case in new]
    casework.refuse({"cases": [e for e in errors if e]} if any(errors) else {})
    if len(invited) + len(new) > group.capacity:
        full = rules.GROUP_FULL.format(
            capacity=counted(group.capacity, "person", "people"),
            members=len(invited),
            room=group.capacity - len(invited),
        )
        casework.refuse({"cases": full})
    members = []
    for case in new:
        member = Member(group=group, case=case, invited_by=by, invited_on=clock.today())
        members.append(_save_on_person(member, member, Action.CREATE, by=by, request=request))
    return members


def _invite_error(group: Group, case: Case) -> str:
    name = case.person.full_name
    if case.person.hscp_id != group.hscp_id:
        return rules.OTHER_HSCP.format(name=name)
    if not case.is_open:
        return rules.CLOSED_CASE_INVITE.format(name=name)
    return ""


@transaction.atomic
def record_attendance(*, meeting: Meeting, outcomes: dict, by, request=None) -> list[Attendance]:
    """Who came to a meeting, from one screen: {member: outcome code}, a blank outcome left
    unrecorded. Each becomes a group session on the person's case, and recording again
    corrects that session rather than adding another. All or nothing: a refusal names the
    person it is about, under their field."""
    if meeting.starts_at > timezone.now() + timedelta(minutes=15):
        starts = f"{timezone.localtime(meeting.starts_at):%-d %B %Y, %H:%M}"
        casework.refuse({"__all__": rules.NOT_YET_MET.format(starts=starts)})
    errors, saved = {}, []
    recorded = {a.member_id: a for a in meeting.attendances.select_related("session")}
    for member, outcome in outcomes.items():
        if not outcome:
            continue
        name, earlier = member.case.person.full_name, recorded.get(member.pk)
        if earlier is None and not member.case.is_open:
            errors[f"member_{member.pk}"] = [rules.CLOSED_CASE_ATTENDANCE.format(name=name)]
            continue
        try:
            saved.append(_attend(meeting, member, outcome, earlier, by=by, request=request))
        except ValidationError as refused:
            errors[f"member_{member.pk}"] = [f"{name}: {message}" for message in refused.messages]
    if errors:
        raise ValidationError(errors)
    return saved


def _attend(meeting, member, outcome: str, earlier: Attendance | None, *, by, request):
    if outcome not in rules.ATTENDANCE_OUTCOMES:
        raise ValidationError(rules.OUTCOME_WRONG)
    if earlier is not None:
        if earlier.outcome == outcome:
            return earlier
        casework.update_session(
            session=earlier.session,
            by=by,
            outcome=outcome,
            duration_minutes=meeting.duration_minutes,
            request=request,
        )
        earlier.outcome, earlier.recorded_by = outcome, by
        return _save_on_person(earlier, member, Action.CHANGE, by=by, request=request)
    session = casework.record_session(
        case=member.case,
        by=by,
        starts_at=meeting.starts_at,
        mode=rules.GROUP_MODE,
        duration_minutes=meeting.duration_minutes,
        outcome=outcome,
        note=f"Group: {meeting.group.name}",
        request=request,
    )
    attendance = Attendance(
        meeting=meeting, member=member, outcome=outcome, session=session, recorded_by=by
    )
    return _save_on_person(attendance, member, Action.CREATE, by=by, request=request)
