"""The demo has people with standing sharing preferences (decision 0108)."""

import pytest

from linkwork.casework.models import Person
from linkwork.links.consent import WITHHELD, shared_copy
from linkwork.links.models import Link

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_ravi_sees_a_referral_whose_person_withdrew_consent(seeded_demo):
    withdrawn = Person.objects.get(referral_consent="no", consent_withdrawn_on__isnull=False)
    link = Link.objects.filter(
        case__person=withdrawn,
        organisation__name="Govan Community Trust",
        withdrawn_because="consent_withdrawn",  # decision 0126
    ).first()
    assert shared_copy(link).withheld == WITHHELD  # the same neutral words for every reason
    assert shared_copy(link).name == ""
    assert (link.status, link.status_label) == ("stopped", "Withdrawn")


def test_someone_agrees_to_referrals_but_not_to_sharing_safety_flags(seeded_demo):
    person = Person.objects.get(referral_consent="yes", may_share_safety_flags=False)
    assert person.refused_organisations.count() == 1
    assert person.sharing_recorded_by.username == "aileen"
