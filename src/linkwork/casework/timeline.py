"""One timeline of everything on a case, newest first."""

from dataclasses import dataclass
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from linkwork.casework.models import Case
from linkwork.core.codelists import codelist


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    href: str = ""
    by: str = ""
    all_day: bool = False  # known to the day, not the minute


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def referral_entries(case: Case):
    for referral in case.referrals.all():
        yield Entry(
            at=_start_of(referral.received_on),
            all_day=True,
            kind="referral",
            title=f"Referred by {referral.get_referrer_role_display()} "
            f"({referral.get_route_display()})",
            detail=", ".join(str(reason) for reason in referral.reasons.all()),
            href=reverse("referrals:detail", args=[referral.pk]),
        )


def session_entries(case: Case):
    for session in case.sessions.all():
        outcome = session.get_outcome_display() or "Planned"
        yield Entry(
            at=session.starts_at,
            kind="session",
            title=f"Session: {session.get_mode_display()} · {outcome}",
            detail=session.note,
            href=reverse("casework:session", args=[session.pk]),
            by=_name(session.created_by),
        )


def goal_entries(case: Case):
    for goal in case.goals.all():
        yield Entry(
            at=_start_of(goal.created_on),
            all_day=True,
            kind="goal",
            title=f"Goal: “{goal.wording}”",
            detail=goal.get_status_display(),
            by=_name(goal.created_by),
        )
        for action in goal.actions.all():
            if action.completed_on:
                yield Entry(
                    at=_start_of(action.completed_on),
                    all_day=True,
                    kind="action",
                    title=f"Action done: {action.description}",
                    detail=action.progress,
                )


def need_entries(case: Case):
    for need in case.identified_needs.all():
        yield Entry(
            at=_start_of(need.noted_on),
            all_day=True,
            kind="need",
            title=f"Need identified: {need.get_need_display()}",
            detail=need.detail,
            by=_name(need.noted_by),
        )


def note_entries(case: Case):
    for note in case.notes.all():
        yield Entry(
            at=note.created_at,
            kind="note",
            title="Note",
            detail=note.text,
            by=_name(note.created_by),
        )


def outcome_entries(case: Case):
    """Questionnaires and feedback, through outcomes' related names, so casework does
    not import outcomes (outcomes depends on casework, not the other way round)."""
    for response in case.questionnaire_responses.all():
        score = "incomplete, no score" if not response.is_complete else _score_text(response)
        yield Entry(
            at=_start_of(response.completed_on),
            all_day=True,
            kind="questionnaire",
            title=f"{response.definition.title}: {response.get_timepoint_display()}",
            detail=f"{response.get_method_display()}; {score}",
            href=reverse("outcomes:response", args=[response.pk]),
            by=_name(response.recorded_by),
        )
    for feedback in case.feedback.all():
        yield Entry(
            at=_start_of(feedback.completed_on),
            all_day=True,
            kind="feedback",
            title="End-of-support feedback",
            detail=feedback.get_how_helpful_display(),
        )


def _score_text(response) -> str:
    if response.metric_score is not None:
        return f"raw {response.raw_score}, metric {response.metric_score}"
    if response.raw_score is not None:
        return f"score {response.raw_score}"
    return "scored per question"


def link_entries(case: Case):
    """Onward links to directory services, through the reverse relation: casework never
    imports the directory's models."""
    for link in case.links.select_related("service", "created_by").prefetch_related("events"):
        steps = [event.at for event in link.events.all()]
        yield Entry(
            at=max(steps, default=link.updated_at),
            kind="link",
            title=f"Link to {link.service.name}: {link.get_status_display()}",
            detail=link.get_need_display(),
            href=reverse("directory:link", args=[link.pk]),
            by=_name(link.created_by),
        )


def change_entries(case: Case):
    """Complexity set, worker changed, closed and reopened: read from the case's history."""
    complexity = dict(codelist("complexity").choices())
    closure = dict(codelist("closure_reasons").choices())
    previous = None
    for version in case.history.order_by("history_date", "history_id"):
        if previous is not None:
            yield from _changes(previous, version, complexity, closure)
        previous = version


def _changes(before, after, complexity, closure):
    by = _name(after.history_user)
    if after.complexity != before.complexity and after.complexity:
        yield Entry(
            after.history_date, "change", f"Complexity set to {complexity[after.complexity]}", by=by
        )
    if after.link_worker_id != before.link_worker_id and after.link_worker_id:
        yield Entry(after.history_date, "change", f"Handed over to {after.link_worker}", by=by)
    if after.status != before.status:
        if after.status == "closed":
            reason = closure.get(after.closure_reason, "")
            # The closure date the worker gave, which may be before it was recorded.
            at = _start_of(after.closed_on) if after.closed_on else after.history_date
            yield Entry(at, "closure", f"Closed: {reason}", after.closure_note, by=by, all_day=True)
        else:
            yield Entry(after.history_date, "change", "Reopened", by=by)


def timeline(case: Case) -> list[Entry]:
    sources = [
        referral_entries,
        session_entries,
        goal_entries,
        need_entries,
        note_entries,
        link_entries,
        change_entries,
        outcome_entries,
    ]
    entries = [entry for source in sources for entry in source(case)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
