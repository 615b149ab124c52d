import pytest


@pytest.fixture
def worker(client, world):
    """case_x's worker, signed in."""
    client.force_login(world.users["link_worker"])
    return client
