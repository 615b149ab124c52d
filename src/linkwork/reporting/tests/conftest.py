import pytest

from linkwork.core.tests import replay
from linkwork.reporting.tests import scenario


@pytest.fixture
def programme(world):
    """The small programme of scenario.py, built once per test process and replayed."""
    return replay.replay("reporting_programme", lambda: scenario.build(world))
