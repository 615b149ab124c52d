"""What outcomes keeps about a case: questionnaire answers and their scores, goal ratings,
stories, end-of-support feedback, single-use links and GP appointment counts."""

from linkwork.outcomes.models.charts import CaseChart
from linkwork.outcomes.models.links import QuestionnaireLink
from linkwork.outcomes.models.responses import (
    ExitMeasureNotTaken,
    Feedback,
    GoalRating,
    Method,
    QuestionnaireResponse,
    Timepoint,
)
from linkwork.outcomes.models.service_use import AppointmentCount
from linkwork.outcomes.models.stories import PracticeQuote, Story

__all__ = [
    "AppointmentCount",
    "CaseChart",
    "ExitMeasureNotTaken",
    "Feedback",
    "GoalRating",
    "Method",
    "PracticeQuote",
    "QuestionnaireLink",
    "QuestionnaireResponse",
    "Story",
    "Timepoint",
]
