import pytest

from linkwork.core.tests import replay
from linkwork.reporting import definitions, facts
from linkwork.reporting.tests import scenario


@pytest.fixture
def programme(world):
    """The small programme of scenario.py, built once per test process and replayed."""
    return replay.replay("reporting_programme", lambda: scenario.build(world))


@pytest.fixture(autouse=True)
def facts_counted_as_the_definitions_count(monkeypatch):
    """Every summary a reporting test reads from the facts (the command, the summary page
    and PDF, after an import, on the demo) is counted from the records too, and must be the
    same: the definitions are the facts' specification (decision 64)."""
    from_facts = facts.headline

    def checked(period, area=definitions.EVERYWHERE):
        found = from_facts(period, area)
        assert found == definitions.headline(period, area), (period, area)
        return found

    checked.unchecked = from_facts  # for a test of what happens when they differ
    monkeypatch.setattr(facts, "headline", checked)
