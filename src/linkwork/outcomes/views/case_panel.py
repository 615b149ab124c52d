"""What outcomes adds to the case page: each measure's chart and change, goal ratings,
stories and feedback."""

from linkwork.core.statements import statement
from linkwork.outcomes.charts import draw
from linkwork.outcomes.models import Story
from linkwork.outcomes.presenters import goal_progress, measure_histories


@statement
def _stories(case_id):
    return Story.objects.filter(case=case_id)


def case_panel(request, case) -> dict:
    histories = measure_histories(case)
    draw(case, histories)
    return {
        "template": "outcomes/_case_panel.jinja",
        "histories": histories,
        "goal_progress": [g for g in goal_progress(case) if g.ratings],
        "stories": _stories(case.pk),
        "feedback": list(case.feedback.all()),
    }
