"""What a survey round's results page shows, under the one suppression threshold
(reporting/suppression.py): nothing of a round, a question or a staff group with fewer
respondents than the threshold, and free text only where at least that many wrote some.

The threshold applies to groups of respondents, as staff surveys do: once 5 or more
answered a question, its answers are shown as counted (no respondent can be told apart
among them, since nothing is broken down by practice). A breakdown by staff group is a
count of smaller groups, so the responses by staff group go through the rule's
`with_total`, and a question's shares by staff group are shown only when every group
answering it is large enough."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from linkwork.core import charts
from linkwork.reporting import suppression
from linkwork.reporting.suppression import SUPPRESS_BELOW, Suppressed
from linkwork.surveys import questions
from linkwork.surveys.models import Delivery, Survey
from linkwork.surveys.questions import Question

RULE = Suppressed()
AGREE = {"agree", "strongly_agree"}
TOO_FEW = f"Fewer than {SUPPRESS_BELOW} people have answered"
# What is held back, and where: the answer tables show small counts on purpose
# (decision 0100), so the reporting pages' "counts of 1 to 4 are shown as <5" would mislead.
EXPLANATION = (
    f"So that no one can be identified: until {SUPPRESS_BELOW} or more people have "
    f"answered, only the number of links and of responses is shown (under {SUPPRESS_BELOW} "
    f"as {suppression.SMALL}). After that, a question's answers are shown only if "
    f"{SUPPRESS_BELOW} or more answered it, and then as counted, 1 to {SUPPRESS_BELOW - 1} "
    f"included; written answers only if {SUPPRESS_BELOW} or more wrote one; shares by staff "
    f"group only if every group answering has {SUPPRESS_BELOW} or more. In the table of "
    f"responses by staff group, a group of 1 to {SUPPRESS_BELOW - 1} is shown as "
    f"{suppression.SMALL} and the next smallest as {suppression.HIDDEN}."
)


def enough(count: int) -> bool:
    return count >= SUPPRESS_BELOW


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "None"


def share_agreeing(values: list[str]) -> str:
    """The share answering agree or strongly agree, of a group large enough to show."""
    if not enough(len(values)):
        return suppression.SMALL if values else "None"
    return percent(sum(value in AGREE for value in values), len(values))


@dataclass
class Round:
    """One round's answers to one agreement question."""

    year: int
    answered: int
    cells: list[str]  # per point of the scale, as shown
    agreeing: str

    @property
    def shown(self) -> bool:
        return enough(self.answered)


def _round(survey: Survey, values: list[str]) -> Round:
    counts = Counter(values)
    cells = [str(counts[code]) for code, _ in questions.scale()]
    return Round(survey.year, len(values), cells, share_agreeing(values))


@dataclass
class AgreementResult:
    question: Question
    now: Round
    before: Round | None
    by_group: list[tuple[str, str]]  # (staff group, share agreeing); empty when not shown
    chart: charts.Chart | None = None

    def table_params(self) -> dict:
        """The NHS table beside the chart: the same cells, this round and the one before."""
        rounds = [self.now] if self.before is None else [self.now, self.before]
        columns = [r.cells if r.shown else ["Not shown"] * len(r.cells) for r in rounds]
        labels = [label for _, label in questions.scale()]
        return {
            "caption": "How many gave each answer",
            "captionSize": "s",
            "firstCellIsHeader": True,
            "head": [
                {"text": "Answer"},
                *({"text": str(r.year), "format": "numeric"} for r in rounds),
            ],
            "rows": [
                [{"text": label}, *({"text": c[i], "format": "numeric"} for c in columns)]
                for i, label in enumerate(labels)
            ],
        }


@dataclass
class FreeTextResult:
    question: Question
    answers: list[str]  # empty when fewer than the threshold wrote something
    count: int

    @property
    def shown(self) -> bool:
        return enough(self.count)


def sent_state(sent_at, emailed: int, printed: int) -> str:
    """How a survey's links went out: "Emailed on 3 March 2026 to 40 people; 17 printed links"."""
    if sent_at is None and not printed:
        return "Not sent yet: no links emailed or printed"
    said = [
        f"Emailed on {timezone.localtime(sent_at):%-d %B %Y} to {_people(emailed)}"
        if sent_at
        else "Not emailed"
    ]
    if printed:
        said.append(f"{printed} printed {'link' if printed == 1 else 'links'}")
    return "; ".join(said)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def with_sent_counts(surveys):
    """Surveys with the number of links emailed and printed, for `sent_state`."""
    return surveys.annotate(
        emailed=Count("links", filter=Q(links__delivery=Delivery.EMAIL)),
        printed=Count("links", filter=Q(links__delivery=Delivery.PRINTED)),
    )


@dataclass
class Results:
    survey: Survey
    links_made: int
    emailed: int
    printed: int
    responses: int
    practices_surveyed: int
    practices_responding: int
    by_group: list[tuple[str, str]]
    agreement: list[AgreementResult] = field(default_factory=list)
    free_text: list[FreeTextResult] = field(default_factory=list)
    explanation: str = EXPLANATION
    too_few: str = TOO_FEW

    @property
    def shown(self) -> bool:
        return enough(self.responses)

    @property
    def sent(self) -> str:
        return sent_state(self.survey.sent_at, self.emailed, self.printed)

    @property
    def responses_shown(self) -> str:
        return suppression.suppressed(self.responses)

    @property
    def response_rate(self) -> str:
        return suppression.derived(percent(self.responses, self.links_made), self.responses)

    @property
    def engagement_rate(self) -> str:
        return percent(self.practices_responding, self.practices_surveyed)


def _answers(survey: Survey | None) -> list[tuple[str, dict]]:
    if survey is None:
        return []
    return list(survey.responses.values_list("staff_group", "answers"))


def build(survey: Survey) -> Results:
    answers = _answers(survey)
    links = survey.links.all()
    groups = survey.groups
    per_group = Counter(group for group, _ in answers)
    table = RULE.with_total([per_group[g] for g in groups], total_known=True)
    made = Counter(links.values_list("delivery", flat=True))
    results = Results(
        survey=survey,
        links_made=made.total(),
        emailed=made[Delivery.EMAIL],
        printed=made[Delivery.PRINTED],
        responses=len(answers),
        practices_surveyed=links.exclude(practice=None).values("practice").distinct().count(),
        practices_responding=(
            survey.responses.exclude(practice=None).values("practice").distinct().count()
        ),
        by_group=list(zip(map(questions.group_label, groups), table.cells, strict=True)),
    )
    if not results.shown:
        return results
    before = _answers(survey.previous)
    for question in questions.asked_of(survey.question_set, groups):
        if question.is_agreement:
            results.agreement.append(_agreement(survey, question, answers, before))
        else:
            texts = sorted(a[question.code] for _, a in answers if question.code in a)
            shown = texts if enough(len(texts)) else []
            results.free_text.append(FreeTextResult(question, shown, len(texts)))
    return results


def _values(answers, code: str, group: str | None = None) -> list[str]:
    return [a[code] for g, a in answers if code in a and group in (None, g)]


def _agreement(survey, question, answers, before) -> AgreementResult:
    now = _round(survey, _values(answers, question.code))
    earlier = None
    if survey.previous is not None:
        earlier = _round(survey.previous, _values(before, question.code))
    result = AgreementResult(question, now, earlier, _by_group(survey, question, answers))
    if now.shown:
        result.chart = _chart(question, now, earlier)
    return result


def _by_group(survey, question, answers) -> list[tuple[str, str]]:
    """Each group's share agreeing, shown only when every group asked has none or enough
    answers: otherwise the others' shares and the whole would give a small group's away."""
    groups = [g for g in survey.groups if g in question.groups]
    values = {g: _values(answers, question.code, g) for g in groups}
    answering = [g for g in groups if values[g]]
    if len(answering) < 2 or not all(enough(len(values[g])) for g in answering):
        return []
    return [(questions.group_label(g), share_agreeing(values[g])) for g in answering]


def _chart(question: Question, now: Round, before: Round | None) -> charts.Chart:
    labels = [label for _, label in questions.scale()]
    title = question.text
    if before is None or not before.shown:
        rows = [(label, int(cell)) for label, cell in zip(labels, now.cells, strict=True)]
        description = f"How many answered each point of the scale in {now.year}."
        return charts.bars(rows, title=title, description=description, category="Answer")
    rows = [
        (label, str(r.year), int(cell))
        for r in (before, now)
        for label, cell in zip(labels, r.cells, strict=True)
    ]
    description = f"How many answered each point of the scale, {before.year} beside {now.year}."
    return charts.grouped_bars(
        rows, title=title, description=description, x="Answer", colour="Round"
    )
