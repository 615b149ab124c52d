"""schemathesis over every /fhir/ interaction, inside the suite, as a practice's FHIR
client of the test world: generated requests (positive and negative) get no server error,
only the documented status codes and content types, no stack trace, and a refused (4xx)
request changes no record. The document is the one scripts/api-fuzz.sh fuzzes
(interop/fhir/openapi.py); the checks are its own (scripts/fuzz_checks.py)."""

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    status_code_conformance,
)

from linkwork.core.tests.test_api_fuzz import fuzz_checks, one_connection  # noqa: F401 (a fixture)
from linkwork.interop.fhir.openapi import document
from linkwork.interop.tests.fhirclient import client_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    fuzz_checks.no_stack_trace,
]
EXAMPLES = 4  # per operation and mode


def test_every_fhir_interaction_answers_as_documented(world, one_connection):  # noqa: F811
    token = client_for(practice=world.practice_x).token
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_dict(document())
    schema.app = WSGIHandler()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    query = fuzz_checks.fingerprint_query()
    # Whether a refusal writes is the app's logic, the same on either database; counting
    # every table around each request costs a minute on PostgreSQL, seconds on SQLite.
    watch_writes = connection.vendor == "sqlite"
    refused_and_wrote = []

    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            before = fuzz_checks.fingerprint(query) if watch_writes else None
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
            refused = 400 <= response.status_code < 500
            if watch_writes and refused and fuzz_checks.fingerprint(query) != before:
                refused_and_wrote.append(f"{case.method} {case.formatted_path}")

        answers_as_documented()
    assert not refused_and_wrote, refused_and_wrote
