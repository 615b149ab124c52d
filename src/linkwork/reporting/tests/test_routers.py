"""Decision 64's router: with REPORTS_DATABASE_URL set (a `reports` alias), reads of the
reporting facts go there; everything else, and every write and migration, to default."""

import pytest
from django.conf import settings
from django.db import connections

from linkwork.referrals.models import Referral
from linkwork.reporting import replica as copy
from linkwork.reporting.models import CaseFacts, LinkFacts, ReferralFacts
from linkwork.reporting.routers import ReportsRouter

FACTS = (ReferralFacts, CaseFacts, LinkFacts)
router = ReportsRouter()


@pytest.fixture
def replica(monkeypatch):
    """A `reports` alias as REPORTS_DATABASE_URL adds it (only the router reads it here),
    up to date (test_replica.py passes over one that lags or is down)."""
    alias = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    monkeypatch.setitem(settings.DATABASES, "reports", alias)
    monkeypatch.setattr(copy, "measure", lambda: copy.CopyState(lag_seconds=0.0))
    copy.forget()
    yield
    copy.forget()
    connections["reports"].close()  # while the alias is known: Django closes only those


def test_without_a_reports_database_everything_stays_on_default():
    for model in (*FACTS, Referral):
        assert router.db_for_read(model) is None
        assert router.db_for_write(model) is None
    assert ReferralFacts.objects.all().db == "default"


def test_with_one_the_facts_are_read_there_and_written_on_default(replica):
    for model in FACTS:
        assert router.db_for_read(model) == "reports"
        assert router.db_for_write(model) is None
    assert ReferralFacts.objects.all().db == "reports"


def test_records_are_read_from_default_even_with_a_replica(replica):
    assert router.db_for_read(Referral) is None
    assert Referral.objects.all().db == "default"


def test_nothing_is_migrated_on_the_replica():
    assert router.allow_migrate("reports", "reporting", "referralfacts") is False
    assert router.allow_migrate("reports", "referrals", "referral") is False
    assert router.allow_migrate("default", "reporting", "referralfacts") is None
