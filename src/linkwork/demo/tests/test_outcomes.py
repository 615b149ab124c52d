"""The demo's outcomes look like a real programme's: about 60% of closed cases paired,
a mean SWEMWBS change of a few metric points with some people worse."""

from decimal import Decimal
from statistics import mean

import pytest
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.casework.models import Case, CaseStatus
from linkwork.casework.rules import is_engaged
from linkwork.outcomes.models import AppointmentCount, GoalRating, QuestionnaireResponse, Story
from linkwork.outcomes.service_use import compare_service_use

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


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


def test_about_sixty_percent_of_closed_cases_have_baseline_and_exit(seeded_demo):
    closed, changes = paired_changes()
    assert 0.5 <= len(changes) / closed <= 0.7
    assert 3 <= mean(changes) <= 5  # Argyll and Bute reported +5.08
    assert 0.03 <= sum(change < 0 for change in changes) / len(changes) <= 0.3  # some decline
    assert any(change >= 3 for change in changes)
    closed_cases = Case.objects.filter(status=CaseStatus.CLOSED)
    on_closed = QuestionnaireResponse.objects.filter(case__in=closed_cases)
    with_reviews = on_closed.filter(timepoint="review").values("case").distinct().count()
    with_ons4 = on_closed.filter(instrument="ons4").values("case").distinct().count()
    assert 0.1 * closed <= with_reviews <= 0.5 * closed  # reviews on some
    assert 0.1 * closed <= with_ons4 <= 0.5 * closed  # ONS4 on some
    assert 3 <= Story.objects.count() <= 0.2 * closed  # stories on a few
    assert GoalRating.objects.filter(timepoint="exit").exists()
    assert Story.objects.filter(for_reports=True).exists()
    assert Story.objects.filter(shareable=False).exists()
    assert AppointmentCount.objects.exists()
    assert compare_service_use().compared


def test_some_people_agreed_their_practice_may_see_what_came_of_it(seeded_demo, client):
    sharing = Case.objects.filter(shares_with_practice=True)
    engaged_closed = [
        case for case in Case.objects.filter(status=CaseStatus.CLOSED) if is_engaged(case)
    ]
    agreed = sum(case.shares_with_practice for case in engaged_closed)
    assert 0.3 <= agreed / len(engaged_closed) <= 0.6  # a plausible share, at closure
    assert sharing.filter(status=CaseStatus.OPEN).exists()  # and some while supported
    assert not sharing.filter(practice_summary="").exists()  # each in the person's words
    assert all(is_engaged(case) for case in sharing)
    client.force_login(User.objects.get(username="drshah"))
    page = client.get(reverse("reporting:practice_outcomes")).content.decode()
    assert "No one referred in this time has agreed" not in page


def test_the_demo_records_the_support_given_and_what_changed(seeded_demo):
    """Decision 0070: demo links and actions carry their support type, and some engaged
    people have social outcomes, incomes among them with their amounts."""
    from linkwork.casework.models import Action, SocialOutcome
    from linkwork.links.models import Link

    assert Link.objects.exclude(support_type="").count() == Link.objects.count()
    assert Action.objects.exclude(support_type="").count() == Action.objects.count()
    incomes = SocialOutcome.objects.filter(kind="income_gained")
    assert {o.period for o in incomes} == {"weekly", "yearly", "one_off"}
    assert all(o.amount > 0 for o in incomes)
    assert SocialOutcome.objects.values("kind").distinct().count() >= 8
    assert all(is_engaged(o.case) for o in SocialOutcome.objects.select_related("case")[:20])
