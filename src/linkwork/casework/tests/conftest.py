import pytest
import time_machine

from linkwork.casework.tests.helpers import at


@pytest.fixture
def wednesday_morning():
    """Wednesday 25 November 2026, 10:00 in Glasgow: the world is built at this time."""
    with time_machine.travel(at(10)):
        yield


@pytest.fixture
def worker(client, world):
    client.force_login(world.users["link_worker"])
    return client
