"""The demo's time: weeks of aileen's activity, and an MDT that discussed two of her cases."""

import pytest

from linkwork.activity.models import Activity, Meeting
from linkwork.activity.time_split import overall, recent_weeks, weekly_splits
from linkwork.casefile.timeline import timeline
from linkwork.organisations.models import LinkWorker

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_aileen_has_weeks_of_time_and_an_mdt_on_two_cases(seeded_demo):
    aileen = LinkWorker.objects.get(user__username="aileen")
    assert Activity.objects.filter(link_worker=aileen).dates("on", "week").count() >= 3
    split = overall(weekly_splits([aileen], recent_weeks())[aileen.pk])
    assert all(split.minutes[part] for part in ("patient", "practice", "community", "other"))
    meeting = Meeting.objects.get(activity__link_worker=aileen)
    cases = list(meeting.cases.all())
    assert len(cases) == 2
    assert any(e.title.startswith("Discussed at MDT") for e in timeline(cases[0]))
