from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, 10:00 in Glasgow; the world's case_x opened on 1 October.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


@pytest.fixture
def november():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def worker(client, world):
    """A test client signed in as case_x's link worker."""
    client.force_login(world.users["link_worker"])
    return client
