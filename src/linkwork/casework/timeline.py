"""What casework adds to a case's timeline, and the entry every source gives.

The whole timeline is put together in `casefile/timeline.py`, which lists every source;
referrals, the directory and outcomes each give theirs from their own `timeline.py`."""

from dataclasses import dataclass
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.authorisation import load_role_assignments, roles_of
from linkwork.accounts.roles import Role
from linkwork.casework.models import (
    Action,
    Case,
    CaseAgency,
    CaseNote,
    Goal,
    IdentifiedNeed,
    Session,
    SocialOutcome,
)
from linkwork.core.codelists import codelist
from linkwork.core.history import Correction, Histories, history_model, name
from linkwork.core.statements import Statement, keep_related, statement


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    href: str = ""
    by: str = ""
    all_day: bool = False  # known to the day, not the minute
    corrected: Correction | None = None  # reworded since first written
    correct_href: str = ""


def loaded(case: Case, relation: str, rows: Statement, *children) -> list:
    """A case's records of one kind (`rows`: a statement of the case's id), read afresh and
    kept on the case as a prefetch would keep them, with what the timeline reads of them, so
    the case page shows them without reading again. `children`: (relation, statement of the
    records' ids) for records of theirs kept on each the same way (a prefetch inside a
    statement would be built afresh each time)."""
    records = rows(case.pk)
    keep_related([case], relation, records)
    ids = [record.pk for record in records]
    for child, child_rows in children if ids else ():
        keep_related(records, child, child_rows(ids))
    return records


def start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def on_day(day, written: datetime | None) -> tuple[datetime, bool]:
    """Where a record known by its date sits: at the moment it was written (from its
    history) if that was on its day, else at the start of the day. Returns (at, all_day)."""
    if day is None or (written is not None and timezone.localdate(written) == day):
        return written, False
    return start_of(day), True


def _from_practice(user, known: dict) -> bool:
    """Practice staff book into a worker's diary; they never run a session."""
    if user.pk not in known:
        roles = roles_of(user)
        known[user.pk] = Role.PRACTICE_STAFF in roles and Role.LINK_WORKER not in roles
    return known[user.pk]


def _creators_roles(sessions) -> None:
    """The roles of everyone who made one of the sessions, read at once (not once each)."""
    load_role_assignments(s.created_by for s in sessions if s.created_by is not None)


def _session_by(session, histories: Histories, known: dict) -> str:
    creator = session.created_by
    if creator is None or not _from_practice(creator, known):
        return name(creator)
    booked = f"Booked by {name(creator)} (practice)"
    recorded = histories.set_by(session, "outcome") if session.outcome else None
    if recorded and recorded[0] != name(creator):
        return f"Recorded by {recorded[0]}; {booked[0].lower()}{booked[1:]}"
    return booked


@statement
def _sessions(case_id):
    return Session.objects.filter(case=case_id).select_related("created_by", "joint_agency")


def session_entries(case: Case):
    sessions = loaded(case, "sessions", _sessions)
    histories, known = Histories(sessions, "outcome", "note"), {}
    _creators_roles(sessions)
    for session in sessions:
        outcome = session.get_outcome_display() or "Planned"
        joint = f" · joint with {session.joint_agency.name}" if session.joint_agency else ""
        yield Entry(
            at=session.starts_at,
            kind="session",
            title=f"Session: {session.get_mode_display()} · {outcome}{joint}",
            detail=session.note,
            href=reverse("casework:session", args=[session.pk]),
            by=_session_by(session, histories, known),
            corrected=histories.correction(session, "note"),
        )


@statement
def _goals(case_id):
    return Goal.objects.filter(case=case_id).select_related("created_by")


@statement
def _actions(goal_ids):
    return Action.objects.filter(goal__in=goal_ids)


def goal_entries(case: Case):
    goals = loaded(case, "goals", _goals, ("actions", _actions))
    histories = Histories(goals, "wording")
    done = Histories(
        (a for goal in goals for a in goal.actions.all() if a.completed_on), "completed_on"
    )
    for goal in goals:
        at, all_day = on_day(goal.created_on, histories.first_saved(goal))
        yield Entry(
            at=at,
            all_day=all_day,
            kind="goal",
            title=f"Goal: “{goal.wording}”",
            detail=goal.get_status_display(),
            by=name(goal.created_by),
            corrected=histories.correction(goal, "wording"),
        )
        for action in goal.actions.all():
            if action.completed_on:
                completed = done.set_by(action, "completed_on")
                at, all_day = on_day(action.completed_on, completed and completed[1])
                yield Entry(
                    at=at,
                    all_day=all_day,
                    kind="action",
                    title=f"Action done: {action.description}",
                    detail=" · ".join(filter(None, [support_given(action), action.progress])),
                )


def support_given(record) -> str:
    """An action's or a link's support type, in words: 'Support: advocacy'."""
    label = codelist("support_types").label(record.support_type) if record.support_type else ""
    return f"Support: {label[:1].lower()}{label[1:]}" if label else ""


def outcome_text(outcome: SocialOutcome) -> str:
    """An outcome in words: 'Income gained: £85.50 weekly (£4,446.00 a year)'."""
    label = outcome.get_kind_display()
    if outcome.is_income and outcome.amount is not None:
        return f"{label}: {money(outcome.amount)} {outcome.get_period_display().lower()}"
    if outcome.service_name:
        return f"{label}: {outcome.service_name}"
    return label


def money(amount) -> str:
    return f"£{amount:,.2f}"


@statement
def _social_outcomes(case_id):
    return SocialOutcome.objects.filter(case=case_id).select_related("created_by", "link__service")


def outcome_entries(case: Case):
    outcomes = loaded(case, "social_outcomes", _social_outcomes)
    histories = Histories(outcomes, "kind", "amount")
    for outcome in outcomes:
        at, all_day = on_day(outcome.achieved_on, histories.first_saved(outcome))
        led = f"Through the link to {outcome.link.service.name}" if outcome.link_id else ""
        yield Entry(
            at=at,
            all_day=all_day,
            kind="social_outcome",
            title=f"Outcome: {outcome_text(outcome)}",
            detail=" · ".join(filter(None, [outcome.evidence, led])),
            by=name(outcome.created_by),
            corrected=histories.correction(outcome, "kind")
            or histories.correction(outcome, "amount"),
            correct_href=reverse("casework:social_outcome", args=[outcome.pk]),
        )


@statement
def _needs(case_id):
    return IdentifiedNeed.objects.filter(case=case_id).select_related("noted_by")


def need_entries(case: Case):
    needs = loaded(case, "identified_needs", _needs)
    histories = Histories(needs)
    for need in needs:
        at, all_day = on_day(need.noted_on, histories.first_saved(need))
        yield Entry(
            at=at,
            all_day=all_day,
            kind="need",
            title=f"Need identified: {need.get_need_display()}",
            detail=need.detail,
            by=name(need.noted_by),
        )


@statement
def _notes(case_id):
    return CaseNote.objects.filter(case=case_id).select_related("created_by")


def note_entries(case: Case):
    notes = loaded(case, "notes", _notes)
    histories = Histories(notes, "text")
    for note in notes:
        yield Entry(
            at=histories.first_saved(note) or note.created_at,
            kind="note",
            title="Note",
            detail=note.text,
            by=name(note.created_by),
            corrected=histories.correction(note, "text"),
            correct_href=reverse("casework:correct_note", args=[note.pk]),
        )


@statement
def _case_versions(case_id):
    """Who saved each version, and the worker a handover named: read with the versions."""
    versions = history_model(Case)._default_manager.filter(id=case_id)
    return versions.select_related("history_user", "link_worker__user").order_by(
        "history_date", "history_id"
    )


def change_entries(case: Case):
    """Complexity set, worker changed, closed and reopened: read from the case's history."""
    complexity = dict(codelist("complexity").choices())
    closure = dict(codelist("closure_reasons").choices())
    previous = None
    for version in _case_versions(case.pk):
        if previous is not None:
            yield from _changes(previous, version, complexity, closure)
        previous = version


def _changes(before, after, complexity, closure):
    by = name(after.history_user)
    if after.complexity != before.complexity and after.complexity:
        yield Entry(
            after.history_date, "change", f"Complexity set to {complexity[after.complexity]}", by=by
        )
    if after.link_worker_id != before.link_worker_id and after.link_worker_id:
        title = f"Handed over to {after.link_worker}{_why(after.history_change_reason)}"
        yield Entry(after.history_date, "change", title, by=by)
    if after.status != before.status:
        if after.status == "closed":
            reason = closure.get(after.closure_reason, "")
            if after.not_engaged_reason:
                why = codelist("not_engaged_reasons").label(after.not_engaged_reason)
                reason = f"{reason} ({why.lower()})"
            # The closure date the worker gave, which may be before it was recorded.
            at, all_day = on_day(after.closed_on, after.history_date)
            yield Entry(
                at, "closure", f"Closed: {reason}", after.closure_note, by=by, all_day=all_day
            )
        else:
            yield Entry(after.history_date, "change", "Reopened", by=by)
    if after.holding_since and not before.holding_since:
        waiting = f" for {after.holding_with}" if after.holding_with else ""
        title = f"Holding{waiting}: review by {after.holding_review_on:%-d %b %Y}"
        yield Entry(after.history_date, "holding", title, after.holding_reason, by=by)
    elif before.holding_since and not after.holding_since and after.status == "open":
        yield Entry(after.history_date, "holding", "No longer holding", by=by)


def _why(reason: str | None) -> str:
    """A handover's coded reason, as words in brackets: ' (annual leave)'."""
    code = codelist("handover_reasons").lookup(reason or "")
    return f" ({code.label.lower()})" if code else ""


@statement
def _agencies(case_id):
    return CaseAgency.objects.filter(case=case_id).select_related("created_by")


def agency_entries(case: Case):
    """Another agency joining the person's support, and leaving it."""
    agencies = loaded(case, "agencies", _agencies)
    histories = Histories(agencies)
    for agency in agencies:
        at, all_day = on_day(agency.started_on, histories.first_saved(agency))
        contact = ", ".join(filter(None, [agency.contact_name, agency.contact_role]))
        yield Entry(
            at=at,
            all_day=all_day,
            kind="agency",
            title=f"Agency involved: {agency}",
            detail=contact,
            by=name(agency.created_by),
        )
        if agency.ended_on:
            yield Entry(
                at=start_of(agency.ended_on),
                all_day=True,
                kind="agency",
                title=f"Agency no longer involved: {agency.name}",
            )
