"""The GP summary: what the practice's record is told when support ends (and on request),
as one content builder read by both the PDF letter for DOCMAN and the FHIR Composition, so
the two never say different things (decision 0082).

Its headings follow the PRSB Social Prescribing Information Standard v1.1 "Message back to
GP and referrer" as far as the decision could establish them (see its confidence note).
What it says of the support follows the person's agreement, as everything the practice
reads of an outcome does (reporting/feedback.py): without it, the referral's status events
and why there is no more.
"""

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404
from django.template.loader import render_to_string

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case, Person
from linkwork.core import clock, pdf
from linkwork.interop import codes
from linkwork.interop.messages import due_for, score_of, scored_responses
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import person_as_seen
from linkwork.reporting import definitions, feedback
from linkwork.reporting.feedback import Outcome

LETTER = "interop/gp_summary_letter.jinja"


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class CodedEvent:
    code: codes.Code
    on: date
    text: str = ""


@dataclass(frozen=True)
class Score:
    response: QuestionnaireResponse
    code: codes.Code
    value: object
    raw: int | None


@dataclass
class GpSummary:
    case: Case
    referral: Referral
    person: Person | None  # as the reader may see them (None: status only)
    shared: bool
    written_on: date
    sections: list[Section] = field(default_factory=list)
    events: list[CodedEvent] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    wellbeing: str = ""

    @property
    def title(self) -> str:
        return "Social prescribing: message back to GP and referrer"


def practice_referral(case: Case) -> Referral | None:
    """The practice's referral a case answers: its first accepted one from its practice."""
    if case.practice_id is None:
        return None
    referrals = Referral.objects.filter(
        case=case, practice_id=case.practice_id, status=ReferralStatus.ACCEPTED
    )
    found = definitions.with_first_contact(referrals).order_by("received_on", "pk")
    return found.select_related(
        "person", "practice", "case__link_worker__user__link_worker__provider"
    ).first()


def case_for(user, pk: int) -> Case:
    """A case whose GP summary the user may have: their (or their team's) case, or the
    practice's own referral's where the person agreed to share the outcome; 404 otherwise,
    or where no practice referred it."""
    case = Case.objects.select_related("person", "link_worker__user").filter(pk=pk).first()
    referral = practice_referral(case) if case else None
    if referral is None:
        raise Http404
    if has_permission(user, Permission.VIEW_CASE, case):
        return case
    if has_permission(user, Permission.VIEW_REFERRAL_OUTCOME, referral):
        return case
    raise Http404


def summary_of(case: Case, reader) -> GpSummary:
    """The GP summary of a case referred by a practice (the PDF's and the Composition's),
    naming the person as `reader` may see them on the practice's referral: the record for
    its workers, what the practice itself sent for the practice (people_as_seen)."""
    referral = practice_referral(case)
    if referral is None:
        raise ValueError("Only a case a practice referred has a GP summary.")
    shared = case.shares_with_practice
    outcome = feedback.outcome_of(referral) if shared else None
    person = person_as_seen(referral, reader)
    summary = GpSummary(case, referral, person, shared, clock.today())
    summary.events = [CodedEvent(d.code, d.occurred_on, d.text) for d in due_for(referral)]
    summary.events = [e for e in summary.events if e.code not in codes.SCORE_CODES.values()]
    if shared:
        responses = list(scored_responses(case))
        summary.scores = [
            Score(r, codes.SCORE_CODES[r.instrument], score_of(r), r.raw_score) for r in responses
        ]
        summary.wellbeing = _wellbeing([s for s in summary.scores if s.code == codes.SWEMWBS])
    summary.sections = _sections(summary, outcome)
    return summary


def letter_pdf(summary: GpSummary) -> bytes:
    """The summary as its one-page PDF letter (for DOCMAN, the web page and FHIR Binary)."""
    return pdf.pdf(render_to_string(LETTER, {"summary": summary}))


def _wellbeing(swemwbs: list[Score]) -> str:
    """First and last SWEMWBS and the change, in outcomes' words and threshold."""
    if not swemwbs:
        return feedback.wellbeing_text(None, None)
    last = swemwbs[-1].value if len(swemwbs) > 1 else None
    return feedback.wellbeing_text(swemwbs[0].value, last)


def _sections(summary: GpSummary, outcome: Outcome | None) -> list[Section]:
    referral, case, person = summary.referral, summary.case, summary.person
    worker = case.link_worker
    sections = [
        Section(
            "Person demographics",
            [
                Row("Name", person.full_name if person else f"Referral {referral.pk}"),
                Row("Date of birth", _day(person.date_of_birth) if _born(person) else "Not given"),
                Row("CHI number", (person.chi if person else "") or "Not given"),
            ],
        ),
        Section(
            "GP practice",
            [
                Row("Practice", referral.practice.name),
                Row("Practice code", referral.practice.code or ""),
            ],
        ),
        Section(
            "Referral details",
            [
                Row("Referred on", _day(referral.received_on)),
                Row("Referred by", referral.get_referrer_role_display()),
                Row(
                    "Reasons for referral",
                    ", ".join(r.get_need_display() for r in referral.reasons.all())
                    or "Not recorded",
                ),
            ],
        ),
        Section(
            "What matters to me", [Row("In the referral", referral.what_matters or "Not given")]
        ),
        Section(
            "Social prescribing events",
            [
                Row(
                    e.code.display,
                    f"{_day(e.on)}. Code {e.code.code} ({e.code.system_name})",
                )
                for e in summary.events
            ],
        ),
    ]
    if outcome is None:
        sections.append(
            Section(
                "Outcome of social prescribing",
                [Row("Shared", feedback.not_shared_because(referral))],
            )
        )
    else:
        sections += _outcome_sections(summary, outcome)
    sections.append(
        Section(
            "Person completing record",
            [
                Row("Link worker", worker.user.get_full_name() if worker else "Not allocated"),
                Row("Organisation", worker.provider.name if worker else ""),
                Row("Date", _day(summary.written_on)),
            ],
        )
    )
    return sections


def _born(person) -> bool:
    return person is not None and person.date_of_birth is not None


def _score_row(score: Score) -> Row:
    response = score.response
    when = f"{response.definition.title}, {response.get_timepoint_display().lower()}"
    said = f"{score.value} on {_day(response.completed_on)}. Code {score.code.code} (SNOMED CT)"
    return Row(when, said)


def _day(day: date) -> str:
    return day.strftime("%-d %B %Y")


def _outcome_sections(summary: GpSummary, outcome: Outcome) -> list[Section]:
    closed = _day(outcome.closed_on) if outcome.closed_on else "Support continues"
    return [
        Section(
            "Social prescribing support provided",
            [
                Row("Sessions attended", str(outcome.sessions_attended)),
                Row("Needs identified", ", ".join(outcome.needs) or "None recorded"),
                *[
                    Row(f"Referred to {link.service}", f"{link.need}: {link.status}")
                    for link in outcome.links
                ],
            ],
        ),
        Section(
            "Outcome of social prescribing",
            [
                Row("Support ended", closed),
                Row("Reason", outcome.closure_reason or "Not closed"),
                *[Row(s.label, _day(s.achieved_on)) for s in outcome.social_outcomes],
                Row("Summary agreed with the person", outcome.summary or "None written"),
            ],
        ),
        Section(
            "Wellbeing measures",
            [
                *[_score_row(score) for score in summary.scores],
                Row("Change", summary.wellbeing),
            ],
        ),
    ]
