"""What outcomes adds to the case page: each measure's chart and change, goal ratings,
stories and feedback."""

from linkwork.outcomes.presenters import goal_progress, measure_histories


def case_panel(request, case) -> dict:
    return {
        "template": "outcomes/_case_panel.jinja",
        "histories": measure_histories(case),
        "goal_progress": [g for g in goal_progress(case) if g.ratings],
        "stories": list(case.stories.all()),
        "feedback": list(case.feedback.all()),
    }
