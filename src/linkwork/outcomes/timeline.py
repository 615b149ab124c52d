"""What outcomes adds to a case's timeline (listed in `casefile/timeline.py`)."""

from django.urls import reverse

from linkwork.casework.models import Case
from linkwork.casework.timeline import Entry, loaded, start_of
from linkwork.core.history import name
from linkwork.core.statements import statement
from linkwork.outcomes.models import Feedback, QuestionnaireResponse


@statement
def _responses(case_id):
    return QuestionnaireResponse.objects.filter(case=case_id).select_related("recorded_by")


@statement
def _feedback(case_id):
    return Feedback.objects.filter(case=case_id)


def questionnaire_entries(case: Case):
    for response in loaded(case, "questionnaire_responses", _responses):
        score = "incomplete, no score" if not response.is_complete else _score_text(response)
        yield Entry(
            at=start_of(response.completed_on),
            all_day=True,
            kind="questionnaire",
            title=f"{response.definition.title}: {response.get_timepoint_display()}",
            detail=f"{response.get_method_display()}; {score}",
            href=reverse("outcomes:response", args=[response.pk]),
            by=name(response.recorded_by),
        )


def _score_text(response) -> str:
    if response.metric_score is not None:
        return f"raw {response.raw_score}, metric {response.metric_score}"
    if response.raw_score is not None:
        return f"score {response.raw_score}"
    return "scored per question"


def feedback_entries(case: Case):
    for feedback in loaded(case, "feedback", _feedback):
        yield Entry(
            at=start_of(feedback.completed_on),
            all_day=True,
            kind="feedback",
            title="End-of-support feedback",
            detail=feedback.get_how_helpful_display(),
        )
