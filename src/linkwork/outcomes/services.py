"""Outcome writes: questionnaires, goal ratings, feedback, stories and the exit prompt.

Views, the API, commands, the demo and tests all come through here. Each write is one
transaction with history (who) and an audit event through `casework.services.audit_case`.
Scores come from `scoring.py` and nowhere else. Single-use links are in `links.py`.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import record
from linkwork.casework.models import Case
from linkwork.casework.services import save_on_case
from linkwork.core import clock
from linkwork.core.recording import save_recorded
from linkwork.outcomes import measure_rules, scoring
from linkwork.outcomes.instruments import get_instrument
from linkwork.outcomes.models import (
    ExitMeasureNotTaken,
    Feedback,
    GoalRating,
    Method,
    PracticeQuote,
    QuestionnaireResponse,
    Story,
    Timepoint,
)
from linkwork.outcomes.models.responses import Status
from linkwork.outcomes.scanner import Finding, acknowledgement, scan


def _save(instance, *, by, case, request=None, action=AuditAction.CREATE, **recorded):
    return save_on_case(case, instance, by=by, request=request, action=action, **recorded)


def _scored(result) -> dict:
    """A response's fields that follow from scoring its answers."""
    return {
        "status": Status.COMPLETE if result.complete else Status.INCOMPLETE,
        "raw_score": getattr(result, "raw", None),
        "metric_score": getattr(result, "metric", None),
        "scores": _jsonable(result.as_dict()),
    }


def _jsonable(value):
    """The scoring result as JSON: Decimals as their exact text ("22.30")."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


@transaction.atomic
def record_response(
    *,
    case,
    instrument: str,
    timepoint: str,
    answers: list,
    method: str,
    completed_on: date,
    by=None,
    session=None,
    request=None,
) -> QuestionnaireResponse:
    """Keep the answers as given and the scores computed from them; a response with a
    missing item the instrument cannot score is kept as incomplete, with no score."""
    definition = get_instrument(instrument)
    result = definition.score(answers)  # ScoringError: the answers are refused
    if all(answer is None for answer in answers):
        raise ValidationError({"items": measure_rules.NOTHING_ANSWERED})
    _lock(case)
    measure_rules.check_measure(case, definition.name, timepoint, completed_on)
    response = QuestionnaireResponse(
        case=case,
        session=session,
        instrument=definition.name,
        timepoint=timepoint,
        completed_on=completed_on,
        method=method,
        answers=list(answers),
        recorded_by=by,
        **_scored(result),
    )
    return _save(response, by=by, case=case, request=request)


@transaction.atomic
def record_swemwbs_total(
    *, case, timepoint: str, raw: int, completed_on: date, by=None, request=None
) -> QuestionnaireResponse:
    """A SWEMWBS known only by its raw total (a programme's earlier spreadsheets): the
    items are kept as not known and the total is converted by `scoring.swemwbs_total`, so
    reports read it as any complete response (decision 0061)."""
    definition = get_instrument("swemwbs")
    result = scoring.swemwbs_total(raw)
    _lock(case)
    measure_rules.check_measure(case, definition.name, timepoint, completed_on)
    response = QuestionnaireResponse(
        case=case,
        instrument=definition.name,
        timepoint=timepoint,
        completed_on=completed_on,
        method=Method.IMPORTED,
        answers=[None] * len(definition.items),
        recorded_by=by,
        **_scored(result),
    )
    return _save(response, by=by, case=case, request=request)


def _lock(case) -> None:
    """One write of a case's measures at a time, so two baselines cannot both pass."""
    Case.objects.select_for_update().filter(pk=case.pk).exists()


@transaction.atomic
def correct_response(
    *,
    response: QuestionnaireResponse,
    answers: list,
    timepoint: str,
    completed_on: date,
    reason: str,
    by,
    expected_version: int | None = None,
    request=None,
) -> QuestionnaireResponse:
    """Put right a wrongly entered measure: new answers, timepoint or date, scored again
    and checked by the same rules. The earlier version stays in the response's history
    with who corrected it, when and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the answers are being corrected"})
    _lock(response.case)
    current = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    current.check_version(expected_version, "questionnaire")
    result = current.definition.score(answers)
    measure_rules.check_measure(
        current.case, current.instrument, timepoint, completed_on, replacing=current
    )
    current.answers = list(answers)
    current.timepoint, current.completed_on = timepoint, completed_on
    for field, value in _scored(result).items():
        setattr(current, field, value)
    return _save(
        current,
        by=by,
        case=current.case,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="questionnaire",
        reason=reason.strip(),
    )


def session_on(case, day: date):
    """The session the questionnaire was taken in: the case's latest one that day."""
    return case.sessions.filter(starts_at__date=day).order_by("-starts_at").first()


def suggested_timepoint(case, instrument: str) -> str:
    """Baseline until there is one; exit on a closed case; otherwise a review."""
    taken = case.questionnaire_responses.filter(instrument=instrument)
    if not taken.filter(timepoint=Timepoint.BASELINE).exists():
        return Timepoint.BASELINE
    return Timepoint.REVIEW if case.is_open else Timepoint.EXIT


@transaction.atomic
def rate_goals(
    *, case, ratings: dict, timepoint: str, rated_on: date, by, request=None
) -> list[GoalRating]:
    """The person's 0-10 rating of each goal; goals left unrated are skipped."""
    measure_rules.check_date(case, "rated_on", rated_on)
    saved = []
    for goal, rating in ratings.items():
        if rating is None:
            continue
        if goal.case_id != case.pk:
            raise ValidationError({"goal": "That goal belongs to another case"})
        row = GoalRating(
            goal=goal, timepoint=timepoint, rating=rating, rated_on=rated_on, recorded_by=by
        )
        saved.append(_save(row, by=by, case=case, request=request))
    return saved


@transaction.atomic
def record_feedback(
    *,
    case,
    how_helpful: str,
    what_changed: str,
    would_recommend: str,
    method: str,
    completed_on: date,
    by=None,
    request=None,
) -> Feedback:
    measure_rules.check_date(case, "completed_on", completed_on)
    feedback = Feedback(
        case=case,
        how_helpful=how_helpful,
        what_changed=what_changed,
        would_recommend=would_recommend,
        method=method,
        completed_on=completed_on,
        recorded_by=by,
    )
    return _save(feedback, by=by, case=case, request=request)


# Closing a case without an exit measure


def exit_measure_needed(case) -> bool:
    """Ask once: not when an exit measure is in, a link for one is out, or the worker
    has already answered."""
    if case.questionnaire_responses.filter(timepoint=Timepoint.EXIT).exists():
        return False
    if case.exit_measure_not_taken.exists():
        return False
    links = case.questionnaire_links.filter(timepoint=Timepoint.EXIT, used_at__isnull=True)
    return not links.filter(expires_at__gt=timezone.now()).exists()


@transaction.atomic
def record_exit_not_taken(*, case, reason: str, by, request=None) -> ExitMeasureNotTaken:
    answer = ExitMeasureNotTaken(case=case, reason=reason, recorded_by=by)
    return _save(answer, by=by, case=case, request=request)


# Stories


class StoryNeedsCheck(Exception):
    """The scanner found something that may identify someone: the worker must look."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        self.code = acknowledgement(findings)  # what confirming these findings takes
        super().__init__("; ".join(str(finding) for finding in findings))


def known_names(case) -> list[str]:
    """Names the case itself knows: the person's and their link worker's."""
    names = [case.person.given_name, case.person.family_name]
    if case.link_worker:
        names += [case.link_worker.user.first_name, case.link_worker.user.last_name]
    return [part for name in names for part in name.split()]


def story_findings(case, text: str) -> list[Finding]:
    return scan(text, known_names=known_names(case))


def check_shareable(
    *, case, text: str, consent: bool, shareable: bool, acknowledged: str = ""
) -> list:
    """Refuse sharing without consent. Every time a story is marked shareable its current
    words are scanned again; anything found refuses it (StoryNeedsCheck) unless
    `acknowledged` is the code of exactly those findings, which the worker only gets by
    being shown them. Returns the kinds found, for the record."""
    if not shareable:
        return []
    if not consent:
        raise ValidationError(
            {"shareable": "Only a story the person agreed to share can be marked shareable"}
        )
    findings = story_findings(case, text)
    if findings and acknowledged != acknowledgement(findings):
        raise StoryNeedsCheck(findings)
    return sorted({finding.kind for finding in findings})


@transaction.atomic
def add_story(
    *,
    case,
    text: str,
    consent: bool,
    shareable: bool = False,
    acknowledged: str = "",
    by,
    on: date | None = None,
    request=None,
) -> Story:
    kinds = check_shareable(
        case=case, text=text, consent=consent, shareable=shareable, acknowledged=acknowledged
    )
    story = Story(
        case=case,
        text=text,
        consent_to_share=consent,
        shareable=shareable,
        flagged_kinds=kinds,
        recorded_on=on or clock.today(),
        recorded_by=by,
    )
    return _save(story, by=by, case=case, request=request)


@transaction.atomic
def update_story(
    *,
    story: Story,
    text: str,
    consent: bool,
    shareable: bool,
    acknowledged: str = "",
    by,
    expected_version: int | None = None,
    request=None,
) -> Story:
    """A change to the words or the consent takes the story back out of reports."""
    current = Story.objects.select_for_update().get(pk=story.pk)
    story.version = current.version
    story.check_version(expected_version, "story")
    kinds = check_shareable(
        case=story.case,
        text=text,
        consent=consent,
        shareable=shareable,
        acknowledged=acknowledged,
    )
    changed = text != story.text or not (consent and shareable)
    story.text, story.consent_to_share, story.shareable = text, consent, shareable
    story.flagged_kinds = kinds
    if changed:
        story.for_reports = False
    return _save(
        story,
        by=by,
        case=story.case,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="story",
    )


@transaction.atomic
def choose_for_reports(*, story: Story, chosen: bool, by, request=None) -> Story:
    """A team lead's choice; only shareable stories may go into reports."""
    if chosen and not (story.shareable and story.consent_to_share):
        raise ValidationError({"for_reports": "Only a shareable story can go into reports"})
    story.for_reports = chosen
    story.chosen_by = by if chosen else None
    return _save(story, by=by, case=story.case, request=request, action=AuditAction.CHANGE)


def visible_response_or_404(user, pk: int, permission=Permission.VIEW_CASE):
    """A response on a case the user may reach with `permission`, or 404."""
    cases = visible(user, permission, Case.objects.all())
    responses = QuestionnaireResponse.objects.select_related(
        "case__person", "case__link_worker__user", "case__link_worker__provider"
    )
    return get_object_or_404(responses, pk=pk, case__in=cases)


def add_practice_quote(*, practice, text: str, said_on: date, by, request=None) -> PracticeQuote:
    """A team lead adds a practice's quote about the service for the programme summary.
    Refused while the scanner finds anything that may identify someone: a practice's words
    about the service need no one's name, and nobody in them agreed to be named."""
    text = text.strip()
    findings = scan(text)
    if findings:
        kinds = ", ".join(sorted({finding.kind for finding in findings}))
        raise ValidationError(
            {"text": f"Take out what may identify someone ({kinds}), then add the quote again"}
        )
    quote = PracticeQuote(practice=practice, text=text, said_on=said_on, added_by=by)
    return _record_quote(quote, by, request, AuditAction.CREATE)


def remove_practice_quote(*, quote: PracticeQuote, by, request=None) -> PracticeQuote:
    """Out of the programme summary (kept, with its history)."""
    quote.for_reports = False
    return _record_quote(quote, by, request, AuditAction.CHANGE)


def _record_quote(quote, by, request, action) -> PracticeQuote:
    hscp_id = quote.practice.cluster.hscp_id
    return save_recorded(
        quote,
        by=by,
        audit=lambda saved: record(action=action, request=request, obj=saved, hscp_id=hscp_id),
    )
