"""Each API token (a person's at /api/v1, a FHIR client's at /fhir/) may send
LINKWORK_API_RATE_PER_MINUTE requests in a clock minute; past that it is answered 429
with Retry-After, and no other token is slowed (decision 0110)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.accounts.tokens import issue_token
from linkwork.config.api import api as linkwork_api
from linkwork.core.models import RateLimitCount
from linkwork.interop.tests.fhirclient import client_for, problems

LIMIT = 3
# 15 seconds into a minute: 45 seconds until the next window.
AT = datetime(2026, 3, 2, 10, 0, 15, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.LINKWORK_API_RATE_PER_MINUTE = LIMIT


def _bearer(client, token: str):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_a_token_past_its_limit_waits_and_others_carry_on(client, world):
    _, busy = issue_token(user=world.users["link_worker"], name="busy")
    _, quiet = issue_token(user=world.users["link_worker"], name="quiet")
    with time_machine.travel(AT, tick=False) as clock:
        assert [_bearer(client, busy).status_code for _ in range(LIMIT)] == [200] * LIMIT
        refused = _bearer(client, busy)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert refused.json()["detail"].startswith(
            f"This API token has sent more than {LIMIT} requests this minute. Wait 45 seconds"
        )
        assert _bearer(client, quiet).status_code == 200  # its own allowance
        clock.move_to(AT.replace(second=59, microsecond=500_000))
        assert _bearer(client, busy)["Retry-After"] == "1"
        clock.move_to(AT.replace(minute=1, second=0))  # the next minute: a new window
        assert _bearer(client, busy).status_code == 200
    # Earlier minutes are cleared by the first request of a new one.
    assert RateLimitCount.objects.filter(key__startswith="api-token:").count() == 2


def test_a_limit_of_nought_counts_nothing(client, world, settings):
    settings.LINKWORK_API_RATE_PER_MINUTE = 0
    _, token = issue_token(user=world.users["link_worker"], name="unlimited")
    assert {_bearer(client, token).status_code for _ in range(LIMIT + 2)} == {200}
    assert not RateLimitCount.objects.exists()


def test_counting_is_one_statement_a_request(client, world):
    """One upsert that returns the count: no read-then-write, no sum, no clean-up of other
    tokens' rows (the first request of each minute clears only its own earlier minutes)."""
    _, token = issue_token(user=world.users["link_worker"], name="cheap")
    with time_machine.travel(AT, tick=False):
        _bearer(client, token)
        with CaptureQueriesContext(connection) as queries:
            _bearer(client, token)
    counting = [q["sql"] for q in queries if "ratelimitcount" in q["sql"].lower()]
    assert len(counting) == 1
    assert counting[0].startswith("INSERT")
    assert "ON CONFLICT" in counting[0]


def test_a_fhir_client_past_its_limit_gets_an_operation_outcome(world):
    fhir = client_for(practice=world.practice_x)
    with time_machine.travel(AT, tick=False):
        for _ in range(LIMIT):
            assert fhir.get("/fhir/ServiceRequest", {"identifier": "999999"}).status_code == 200
        refused = fhir.get("/fhir/ServiceRequest", {"identifier": "999999"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    (issue,) = problems(refused)
    assert issue["code"] == "throttled"
    assert "Wait 45 seconds" in issue["diagnostics"]


def test_the_limit_is_documented_on_every_operation_a_token_calls():
    document = linkwork_api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                throttled = operation["responses"].get("429")
                assert throttled, f"{method.upper()} {path} does not document 429"
                assert "Retry-After" in throttled["headers"]


@pytest.mark.postgresql
@pytest.mark.django_db
def test_the_counts_wait_for_no_disk_on_postgresql():
    """Unlogged: a count commits without waiting for the write-ahead log (core 0002)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no unlogged tables")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'core_ratelimitcount'")
        assert cursor.fetchone() == ("u",)
