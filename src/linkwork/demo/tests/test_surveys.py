"""The demo's staff survey: two rounds with results to show, one staff group suppressed."""

import re

import pytest
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.surveys.models import Survey

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_the_commissioner_sees_this_years_results_beside_last_years(seeded_demo, client):
    now = Survey.objects.exclude(previous=None).get()
    assert now.responses.count() >= 30
    assert now.previous.responses.count() >= 30
    client.force_login(User.objects.get(username="fiona"))
    html = client.get(reverse("surveys:survey", args=[now.pk])).content.decode()
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&lt;", "<")
    assert "5 of 6 practices = 83%" in page
    assert "lw-chart" in html
    assert f"({now.previous.year}:" in page  # last year's share beside this year's
    assert "Practice manager <5" in page  # three practice managers: not shown
    # Handed out, not emailed: the page says so, and offers no email that could ask twice.
    assert "Links sent Not emailed; 57 printed links" in page
    assert "Links made (emailed or printed) 57" in page
    assert "Send the survey by email" not in page
