"""Supervision and debriefs: a team lead records one-to-one supervision with a worker of
theirs; a worker asks for a debrief about a case that weighed on them, which reaches
their team lead at once (email, and the team lead's home page) until it is held.

Every read and write of a supervision record is audited against each person whose case
was discussed (their HSCP's log, their subject access), or the worker's HSCP when none
was; the record is reached only as SCOPES["team.Supervision"] allows (decision 0094)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.authorisation import grounds
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import record
from linkwork.casework.lone_working import team_lead_addresses
from linkwork.casework.models import Case, CaseStatus
from linkwork.casework.services import audit_case, audit_people, refuse
from linkwork.core import clock
from linkwork.core.mail import send, site_url
from linkwork.core.recording import save_recorded
from linkwork.core.text import too_long
from linkwork.team.models import DebriefRequest, Supervision, SupervisionAction

# Cases closed this recently may still be talked through at supervision.
RECENTLY_CLOSED = timedelta(weeks=8)
ACTION_LIMIT = SupervisionAction._meta.get_field("description").max_length
NOTE_LIMIT = DebriefRequest._meta.get_field("note").max_length
# Supervision notes are a summary of the conversation, not a transcript.
NOTES_LIMIT = 5000
# Supervision is recorded soon after it is held: a date further back is a typing slip.
RECORDED_WITHIN = timedelta(days=365)
DUE_BEFORE_MEETING = "Action {n}: the due date must be on or after the supervision date"


@dataclass(frozen=True)
class AgreedAction:
    description: str
    due_on: date | None = None


def discussable_cases(worker):
    """The worker's cases a supervision may discuss: open, or closed in the last weeks."""
    since = clock.today() - RECENTLY_CLOSED
    return (
        Case.objects.filter(link_worker=worker)
        .filter(Q(status=CaseStatus.OPEN) | Q(closed_on__gte=since))
        .select_related("practice")
        .order_by("pk")
    )


def held_on_error(held_on: date) -> str:
    """What is wrong with the date supervision was held ("" if nothing): the form asks it
    with the other fields' errors, so a date in the future is not named only after them."""
    today = clock.today()
    if held_on > today:
        return "Enter the date supervision was held: it cannot be in the future"
    if held_on < today - RECORDED_WITHIN:
        earliest = today - RECORDED_WITHIN
        return (
            f"Enter a date of supervision from {earliest:%-d %B %Y} to today: "
            "supervision is recorded within a year of being held"
        )
    return ""


def supervision_errors(*, worker, held_on: date, cases, actions, notes: str = "") -> dict[str, str]:
    errors = {}
    if problem := held_on_error(held_on):
        errors["held_on"] = problem
    if len(notes) > NOTES_LIMIT:
        errors["notes"] = too_long("supervision notes", NOTES_LIMIT)
    theirs = set(discussable_cases(worker).values_list("pk", flat=True))
    if any(case.pk not in theirs for case in cases):
        errors["cases"] = f"Choose only cases of {worker}'s listed here"
    for n, action in enumerate(actions, start=1):
        if len(action.description) > ACTION_LIMIT:
            errors["actions"] = too_long(f"wording of action {n}", ACTION_LIMIT)
        if action.due_on and action.due_on < held_on:
            errors["actions"] = DUE_BEFORE_MEETING.format(n=n)
    return errors


def record_supervision(
    *, worker, by, held_on: date, notes: str = "", cases=(), actions=(), request=None
) -> Supervision:
    """Record supervision `by` (the worker's team lead) held with `worker`."""
    cases, actions = list(cases), [a for a in actions if a.description.strip()]
    refuse(
        supervision_errors(
            worker=worker, held_on=held_on, cases=cases, actions=actions, notes=notes.strip()
        )
    )
    with transaction.atomic():
        supervision = save_recorded(
            Supervision(worker=worker, held_on=held_on, notes=notes.strip(), recorded_by=by),
            by=by,
            audit=None,  # written below, once the cases discussed are on it
        )
        supervision.cases.set(cases)
        SupervisionAction.objects.bulk_create(
            SupervisionAction(
                supervision=supervision, description=a.description.strip(), due_on=a.due_on
            )
            for a in actions
        )
        audit_supervision(supervision, action=AuditAction.CREATE, actor=by, request=request)
    return supervision


def audit_supervision(supervision, *, action=AuditAction.VIEW, actor=None, request=None) -> None:
    """An event per person whose case the record discusses, or one for the record alone."""
    actor = actor or request.user
    cases = list(supervision.cases.select_related("person"))
    if cases:
        seen = [(case.person, supervision, supervision) for case in cases]
        audit_people(request=request, seen=seen, action=action, actor=actor)
        return
    allowed = grounds(actor, supervision)
    record(
        action=action,
        request=request,
        actor=actor,
        obj=supervision,
        hscp_id=supervision.worker.provider.hscp_id,
        detail={"role": allowed.role, "assignment": allowed.pk} if allowed else None,
    )


def last_supervised(worker) -> date | None:
    latest = worker.supervisions.order_by("-held_on").first()
    return latest.held_on if latest else None


def ask_for_debrief(*, case, by, note: str = "", request=None) -> DebriefRequest:
    """A worker asks their team lead for a debrief about `case`; the team lead is emailed
    once it is saved. A second request while one waits is refused, naming the first."""
    note = note.strip()
    errors = {}
    if len(note) > NOTE_LIMIT:
        errors["note"] = too_long("note", NOTE_LIMIT)
    if waiting_debriefs().filter(case=case, worker=case.link_worker).exists():
        errors["__all__"] = (
            "You have already asked for a debrief about this case: your team lead has it"
        )
    refuse(errors)
    with transaction.atomic():
        debrief = save_recorded(
            DebriefRequest(case=case, worker=case.link_worker, note=note),
            by=by,
            audit=lambda saved: audit_case(
                request=request, case=case, action=AuditAction.CREATE, actor=by, obj=saved
            ),
        )
        provider = case.link_worker.provider
        transaction.on_commit(lambda: _tell_team_leads(provider))
    return debrief


def waiting_debriefs():
    return DebriefRequest.objects.filter(held_on__isnull=True)


def mark_debrief_held(*, debrief, by, held_on: date, request=None) -> DebriefRequest:
    if held_on > clock.today():
        refuse({"held_on": "Enter the date the debrief was held: it cannot be in the future"})
    if held_on < timezone.localdate(debrief.asked_at):
        refuse({"held_on": "Enter a date on or after the day the debrief was asked for"})
    debrief.held_on, debrief.held_by = held_on, by
    return save_recorded(
        debrief,
        by=by,
        audit=lambda saved: audit_case(
            request=request, case=saved.case, action=AuditAction.CHANGE, actor=by, obj=saved
        ),
    )


def _tell_team_leads(provider) -> None:
    send(
        subject="linkwork: a debrief has been asked for",
        message=(
            f"A link worker in your team at {provider.name} has asked for a debrief about "
            "a case that weighed on them.\n\n"
            "Sign in to see who, and arrange it soon: "
            f"{site_url(reverse('home:team_lead'))}\n\n"
            "For privacy, this email does not say who or which case."
        ),
        recipients=team_lead_addresses(provider),
    )
