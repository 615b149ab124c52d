"""schemathesis over every /fhir/ interaction, inside the suite, as a practice's FHIR
client of the test world: generated requests (positive and negative) get no server error,
only the documented status codes and content types, no stack trace, and a refused (4xx)
request changes no record. The document is the one scripts/api-fuzz.sh fuzzes
(interop/fhir/openapi.py); the checks are its own (scripts/fuzz_checks.py)."""

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    status_code_conformance,
)

from linkwork.core.tests.test_api_fuzz import (  # noqa: F401 (one_connection: a fixture)
    answer_as_documented,
    fuzz_checks,
    one_connection,
)
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
    refused_and_wrote = answer_as_documented(
        operations,
        strategy_of=lambda operation: st.one_of(
            operation.as_strategy(mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ),
        headers=headers,
        checks=CHECKS,
        examples=EXAMPLES,
    )
    assert not refused_and_wrote, refused_and_wrote
