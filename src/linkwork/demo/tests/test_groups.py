"""The demo's groups: a walking group (in the directory) and a cooking group, people from
two workers' caseloads, past meetings recorded as group sessions on their cases."""

import pytest

from linkwork.casework.models import Session
from linkwork.groups.models import Attendance, Group

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_the_demo_runs_two_groups_with_attendance_on_two_caseloads(seeded_demo):
    walking, cooking = (Group.objects.get(name__startswith=n) for n in ("Govan walk", "Cook"))
    assert walking.service is not None
    assert cooking.service is None
    for group in (walking, cooking):
        workers = set(group.members.values_list("case__link_worker__user__username", flat=True))
        assert workers == {"aileen", "worker1"}
        assert Attendance.objects.filter(meeting__group=group).count() >= 3 * 4
    recorded = Attendance.objects.values_list("session", flat=True)
    assert Session.objects.filter(pk__in=recorded).exclude(mode="group").count() == 0
    assert Session.objects.filter(pk__in=recorded, outcome="did_not_attend").exists()
