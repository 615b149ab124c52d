"""JSON for the outcomes records on a case: responses, goal ratings, stories, feedback."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import WithJsonSchema

from linkwork.core.api import In, Version, required_text
from linkwork.outcomes.instruments import INSTRUMENTS
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.outcomes.schemas import Answer

_HISTORY = QuestionnaireResponse.history.model._meta
TimepointCode = Literal["baseline", "review", "exit"]
InstrumentName = Annotated[str, WithJsonSchema({"type": "string", "enum": sorted(INSTRUMENTS)})]


class ResponseIn(In):
    instrument: InstrumentName
    timepoint: TimepointCode
    # Through the API: entered by the worker, on their tablet, or from paper. A single-use
    # link records its own responses.
    method: Literal["worker", "tablet", "paper"] = "worker"
    completed_on: date = Field(description="For paper, the date written on the form.")
    items: list[Answer] = Field(description="One answer per item in order; null if missing.")


class ResponseCorrectionIn(In):
    """The whole response again, put right; the earlier version stays in its history."""

    version: Version = Field(description="The response's version when you read it.")
    timepoint: TimepointCode
    completed_on: date
    items: list[Answer] = Field(description="One answer per item in order; null if missing.")
    reason: str = Field(
        min_length=1,
        max_length=_HISTORY.get_field("history_change_reason").max_length,
        description="Why it is being corrected, for the history.",
    )


class ResponseOut(Schema):
    id: int
    case_id: int
    version: int = Field(description="Send it back with PUT /responses/{id} to correct it.")
    instrument: str
    timepoint: str
    completed_on: date
    method: str
    status: str = Field(description="complete, or incomplete (kept, with no score)")
    answers: list[int | None]
    raw_score: int | None
    metric_score: float | None = Field(description="SWEMWBS only: Warwick's metric score.")
    scores: dict = Field(description="The full result of scoring, as `linkwork score` gives.")

    @staticmethod
    def resolve_metric_score(response) -> float | None:
        return float(response.metric_score) if response.metric_score is not None else None


class ChangeOut(Schema):
    instrument: str
    measured_on: str
    baseline: float
    follow_up: float
    difference: float
    threshold: float
    direction: str = Field(description="improvement, deterioration or no_reliable_change")


class GoalRatingIn(In):
    timepoint: TimepointCode
    rating: int = Field(ge=0, le=10, description="The person's rating, 0 (nowhere near) to 10.")
    rated_on: date


class GoalRatingOut(Schema):
    id: int
    goal_id: int
    timepoint: str
    rating: int
    rated_on: date


class StoryIn(In):
    text: required_text("Write the story or quote", max_length=2000)
    consent: bool = Field(False, description="The person agrees to anonymised use in reports.")
    shareable: bool = False
    acknowledged: str = Field(
        "",
        description="With shareable: the code from the scanner's warning (422 on this field), "
        "sent once the worker has read what it found and nothing identifies anyone. The "
        "current words are scanned on every save, so changed words need a new code.",
    )


class StoryChangeIn(StoryIn):
    version: Version


class StoryChooseIn(In):
    for_reports: bool


class StoryOut(Schema):
    id: int
    case_id: int
    version: int
    text: str
    consent_to_share: bool
    shareable: bool
    flagged_kinds: list[str]
    for_reports: bool
    recorded_on: date


class FeedbackIn(In):
    how_helpful: Literal["very", "quite", "not_very", "not_at_all", ""] = ""
    what_changed: str = Field("", max_length=2000)
    would_recommend: Literal["yes", "not_sure", "no", ""] = ""
    method: Literal["worker", "tablet", "paper"] = "worker"
    completed_on: date


class FeedbackOut(Schema):
    id: int
    case_id: int
    how_helpful: str
    what_changed: str
    would_recommend: str
    method: str
    completed_on: date
