"""The demo's outcomes look like a real programme's: about 60% of closed cases paired,
a mean SWEMWBS change of a few metric points with some people worse."""

from decimal import Decimal
from statistics import mean

from linkwork.casework.models import Case, CaseStatus
from linkwork.core import demo
from linkwork.outcomes.models import AppointmentCount, GoalRating, QuestionnaireResponse, Story
from linkwork.outcomes.service_use import compare_service_use


def paired_changes() -> tuple[int, list[Decimal]]:
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    changes = []
    for case in closed:
        scores = {
            r.timepoint: r.metric_score
            for r in QuestionnaireResponse.objects.filter(case=case, instrument="swemwbs")
        }
        if "baseline" in scores and "exit" in scores:
            changes.append(scores["exit"] - scores["baseline"])
    return closed.count(), changes


def test_about_sixty_percent_of_closed_cases_have_baseline_and_exit(db):
    demo.seed()
    closed, changes = paired_changes()
    assert 0.5 <= len(changes) / closed <= 0.7
    assert 2.5 <= mean(changes) <= 6
    assert any(change < 0 for change in changes)
    assert any(change >= 3 for change in changes)
    assert QuestionnaireResponse.objects.filter(timepoint="review").exists()
    assert QuestionnaireResponse.objects.filter(instrument="ons4").exists()
    assert GoalRating.objects.filter(timepoint="exit").exists()
    assert Story.objects.filter(for_reports=True).exists()
    assert Story.objects.filter(shareable=False).exists()
    assert AppointmentCount.objects.exists()
    assert compare_service_use().compared
