"""The demo shows following links up and the directory digest (decision 0102)."""

import pytest

from linkwork.directory import digest
from linkwork.links import follow_up
from linkwork.links.models import Link
from linkwork.organisations.models import HSCP

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_aileen_has_links_to_follow_up_and_ravi_answered_one(seeded_demo):
    aileens = Link.objects.filter(case__link_worker__user__username="aileen")
    assert follow_up.due(aileens).filter(organisation__name="Govan Community Trust").count() >= 2
    answered = aileens.exclude(follow_up_answer="").get()
    assert answered.events.get(follow_up=answered.follow_up_answer).by_organisation


def test_this_months_directory_digest_has_something_of_each_kind(seeded_demo):
    built = digest.build(HSCP.objects.get(code="S37000015"), digest.period())
    assert [change.service.name for change in built.new] == ["Digital drop-in at the library"]
    assert built.closed
    assert len(built.capacity) == 2
    assert built.met
