"""A small schemathesis run over every /api/v1 operation, inside the test suite: a few
generated requests each, as a link worker of the test world, must get no server error,
only documented status codes and bodies, no stack trace, and a refused (4xx) request must
change no record (the checks of scripts/fuzz_checks.py). scripts/api-fuzz.sh (`make fuzz`)
is the long run, over a served demo."""

import importlib.util
import re
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from linkwork.accounts.tokens import issue_token

# The checks scripts/api-fuzz.sh gives schemathesis of its own, loaded from the script's file.
_path = Path(__file__).resolve().parents[4] / "scripts" / "fuzz_checks.py"
_spec = importlib.util.spec_from_file_location("fuzz_checks", _path)
fuzz_checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_checks)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    fuzz_checks.no_stack_trace,
]
EXAMPLES = 3  # per operation and mode, about 400 requests in all


def records(world) -> dict:
    """Real records of the worker's for path parameters, so that requests get past 404."""
    return {
        "case_id": world.case_x.pk,
        "session_id": world.session_x.pk,
        "goal_id": world.goal_x.pk,
        "action_id": world.action_x.pk,
        "note_id": world.note_x.pk,
        "referral_id": world.referral_x.pk,
        "service_id": world.service_x.pk,
        "link_id": world.link_x.pk,
        "code": world.practice_x.code,
        "name": "swemwbs",
    }


def cases(operation, known: dict):
    names = re.findall(r"{(\w+)}", operation.path)
    path = {name: known[name] for name in names if name in known}
    return st.one_of(
        operation.as_strategy(mode, path_parameters=path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    )


@pytest.fixture
def one_connection():
    """Django closes the database connection as a WSGI request starts and ends, which
    would end the test's transaction; its own test client keeps it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.long
def test_every_operation_answers_as_documented_to_generated_requests(world, one_connection):
    _, token = issue_token(user=world.users["link_worker"], name="API fuzzing")
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    known = records(world)
    refused_and_wrote = answer_as_documented(
        operations,
        strategy_of=lambda operation: cases(operation, known),
        headers=headers,
        checks=CHECKS,
        examples=2 * EXAMPLES,
    )
    assert not refused_and_wrote, refused_and_wrote


def answer_as_documented(operations, *, strategy_of, headers, checks, examples) -> list[str]:
    """Calls each operation with `examples` generated requests, each checked by `checks`;
    returns the refused (4xx) requests that changed a record."""
    query = fuzz_checks.fingerprint_query()
    # Whether a refusal writes is the app's logic, the same on either database; counting
    # every table around each request costs a minute on PostgreSQL, seconds on SQLite.
    watch_writes = connection.vendor == "sqlite"
    refused_and_wrote = []

    for operation in operations:

        @given(case=strategy_of(operation))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def answers(case):
            before = fuzz_checks.fingerprint(query) if watch_writes else None
            response = case.call(headers=headers)
            case.validate_response(response, checks=checks, headers=headers)
            refused = 400 <= response.status_code < 500
            if watch_writes and refused and fuzz_checks.fingerprint(query) != before:
                refused_and_wrote.append(f"{case.method} {case.formatted_path}")

        answers()
    return refused_and_wrote
