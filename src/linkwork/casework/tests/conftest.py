import pytest
import time_machine

from linkwork.casework.tests.helpers import at
from linkwork.casework.tests.test_api import ApiClient, checking_calls


@pytest.fixture
def wednesday_morning():
    """Wednesday 25 November 2026, 10:00 in Glasgow: the world is built at this time."""
    with time_machine.travel(at(10)):
        yield


@pytest.fixture
def worker(client, world):
    client.force_login(world.users["link_worker"])
    return client


@pytest.fixture(autouse=True)
def api_calls(request):
    """Which documented API operations a test called (see test_api.EXERCISED_BY)."""
    with checking_calls(request) as calls:
        yield calls


@pytest.fixture
def api(api_calls):
    """`api(user)`: an API client with a bearer token for that user."""
    return lambda user: ApiClient(user, api_calls)
