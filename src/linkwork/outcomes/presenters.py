"""Display logic for outcomes: each measure's history on a case, with its change judged
against the meaningful-change threshold, and each goal's ratings."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import prefetch_related_objects
from markupsafe import Markup

from linkwork.core import history
from linkwork.core.charts import Chart, Point, line_chart
from linkwork.outcomes import scoring
from linkwork.outcomes.instruments import INSTRUMENTS
from linkwork.outcomes.models import Timepoint

DIRECTION_TEXT = {
    "improvement": "a meaningful improvement",
    "deterioration": "a meaningful deterioration",
    "no_reliable_change": "no reliable change",
}


@dataclass
class Series:
    """One line: a score over time, and its change from baseline to the latest."""

    title: str
    low: int
    high: int
    rows: list = field(default_factory=list)  # (response, value)
    change: scoring.Change | None = None
    lower_is_better: bool = False
    band_key: str | None = None  # ONS4: the item whose band each score is shown with
    key: str = ""  # the instrument, and its item where it has a series an item
    drawn: Markup | None = None  # its chart as inline SVG, once outcomes/charts.py drew it

    def band(self, response) -> str:
        """The ONS band of this series' score in `response` ("very high"), or ""."""
        if self.band_key is None:
            return ""
        return (response.scores.get(self.band_key, {}).get("band") or "").replace("_", " ")

    @property
    def first(self):
        return self.rows[0][1] if self.rows else None

    @property
    def difference(self):
        if len(self.rows) < 2:
            return None
        return Decimal(str(self.rows[-1][1])) - Decimal(str(self.rows[0][1]))

    @property
    def summary(self) -> str:
        if self.change is not None:
            sign = "+" if self.change.difference > 0 else ""
            return (
                f"Change from baseline {sign}{self.change.difference}: "
                f"{DIRECTION_TEXT[self.change.direction]} "
                f"(threshold {self.change.threshold})"
            )
        if self.difference is None:
            return "One score so far: the change shows once there is a follow-up."
        sign = "+" if self.difference > 0 else ""
        better = (self.difference < 0) if self.lower_is_better else (self.difference > 0)
        verdict = "better" if better else ("the same" if not self.difference else "worse")
        return f"Change from first to latest {sign}{self.difference} ({verdict})"

    def chart(self) -> Chart:
        points = [Point(f"{r.completed_on:%d %b}", value, r.completed_on) for r, value in self.rows]
        threshold = None
        if self.change is not None and self.first is not None:
            threshold = Decimal(str(self.first)) + self.change.threshold
        return line_chart(
            points,
            low=self.low,
            high=self.high,
            title=self.title,
            description=self.summary,
            threshold=threshold,
        )


@dataclass
class MeasureHistory:
    instrument: object
    responses: list
    series: list[Series]

    @property
    def incomplete(self) -> list:
        return [r for r in self.responses if not r.is_complete]


def _value(instrument, response):
    return (
        response.metric_score if instrument.change_measured_on == "metric" else response.raw_score
    )


def _judged(instrument, rows) -> scoring.Change | None:
    """Baseline against the latest follow-up (exit if there is one, else a review)."""
    baseline = next((r for r in rows if r[0].timepoint == Timepoint.BASELINE), None)
    later = [r for r in rows if r[0].timepoint != Timepoint.BASELINE and r is not baseline]
    exits = [r for r in later if r[0].timepoint == Timepoint.EXIT]
    follow_up = (exits or later or [None])[-1]
    if baseline is None or follow_up is None:
        return None
    return scoring.change(instrument, baseline[1], follow_up[1])


def _scaled_series(instrument, responses) -> Series:
    complete = [r for r in responses if r.is_complete]
    rows = [(r, _value(instrument, r)) for r in complete]
    metric = instrument.change_measured_on == "metric"
    items = len(instrument.items)
    low, high = items * instrument.min_value, items * instrument.max_value
    label = "metric score" if metric else "score"
    return Series(
        title=f"{instrument.name.upper()} {label}",
        low=low,
        high=high,
        rows=rows,
        change=_judged(instrument, rows),
        key=instrument.name,
    )


def _question_series(instrument, responses) -> list[Series]:
    series = []
    for item in instrument.items:
        rows = [
            (r, r.scores[item.key]["score"])
            for r in responses
            if r.scores.get(item.key, {}).get("score") is not None
        ]
        series.append(
            Series(
                title=item.text,
                low=instrument.min_value,
                high=instrument.max_value,
                rows=rows,
                lower_is_better=item.key == "anxiety",
                band_key=item.key,
                key=f"{instrument.name}.{item.key}",
            )
        )
    return series


def measure_histories(case) -> list[MeasureHistory]:
    """Each instrument taken on the case, oldest first, with its series."""
    responses = list(case.questionnaire_responses.all())  # oldest first (Meta.ordering)
    histories = []
    for name, instrument in INSTRUMENTS.items():
        taken = [r for r in responses if r.instrument == name]
        if not taken:
            continue
        if instrument.change_setting:
            series = [_scaled_series(instrument, taken)]
        else:
            series = _question_series(instrument, taken)
        histories.append(MeasureHistory(instrument, taken, series))
    return histories


@dataclass
class GoalProgress:
    goal: object
    ratings: list

    @property
    def change(self) -> int | None:
        if len(self.ratings) < 2:
            return None
        return self.ratings[-1].rating - self.ratings[0].rating


def goal_progress(case) -> list[GoalProgress]:
    """Each goal's 0-10 ratings and the change from the first to the latest."""
    goals = list(case.goals.all())  # in the order they were set (Meta.ordering)
    prefetch_related_objects(goals, "ratings")
    return [GoalProgress(goal, list(goal.ratings.all())) for goal in goals]


@dataclass(frozen=True)
class EarlierVersion:
    """A measure as it read before a correction, and who corrected it, when and why."""

    timepoint: str
    completed_on: object
    answers: list
    raw_score: int | None
    metric_score: Decimal | None
    entered_by: str
    corrected_by: str
    corrected_at: object
    reason: str

    @property
    def answers_text(self) -> str:
        return ", ".join("–" if answer is None else str(answer) for answer in self.answers)


def earlier_versions(response) -> list[EarlierVersion]:
    """Each version a correction replaced, newest first (from the response's history)."""
    rows = list(
        response.history.select_related("history_user").order_by("history_date", "history_id")
    )
    versions = []
    for before, after in zip(rows, rows[1:], strict=False):
        if after.version == before.version:
            continue  # a save that changed nothing a person entered
        versions.append(
            EarlierVersion(
                timepoint=Timepoint(before.timepoint).label,
                completed_on=before.completed_on,
                answers=before.answers,
                raw_score=before.raw_score,
                metric_score=before.metric_score,
                entered_by=history.name(before.history_user),
                corrected_by=history.name(after.history_user),
                corrected_at=after.history_date,
                reason=after.history_change_reason or "",
            )
        )
    return versions[::-1]
