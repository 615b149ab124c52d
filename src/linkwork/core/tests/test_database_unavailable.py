"""The database going away mid-request: a 503 in plain words with Retry-After, as a page
that needs no database, as JSON for the API and as an OperationOutcome for FHIR."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError, connection
from django.test import Client
from django.urls import reverse

from linkwork.core.unavailable import MESSAGE, RETRY_AFTER_SECONDS, unreachable

PLAIN_WORDS = "can&#39;t reach its database just now"


@contextmanager
def database_lost(table: str = ""):
    """Every query (or every query naming `table`) fails as a dropped connection does."""

    def fail(execute, sql, params, many, context):
        if table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)  # as in production: answered, not raised
    client.force_login(user)
    return client


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]


def test_a_page_whose_view_loses_the_database_says_so(world):
    client = signed_in(world.users["link_worker"])
    with database_lost("casework_case"):  # the session and user are read; the case is not
        response = client.get(reverse("casework:case_detail", args=[world.case_x.pk]))
    assert_unavailable(response)
    page = response.content.decode()
    assert PLAIN_WORDS in page
    assert "Nothing you typed has been saved" in page
    assert "nhsuk-header" in page  # NHS.UK styled


def test_the_page_needs_no_database_at_all(world):
    """Every query fails, so the session and the user cannot be read either (in the
    middleware, before any view): the same page, rendered without them."""
    client = signed_in(world.users["link_worker"])
    with database_lost():
        response = client.get(reverse("casework:case_detail", args=[world.case_x.pk]))
    assert_unavailable(response)
    assert PLAIN_WORDS in response.content.decode()
    assert world.users["link_worker"].username not in response.content.decode()


def test_a_form_sent_while_the_database_is_down_is_told_nothing_was_saved(world):
    client = signed_in(world.users["link_worker"])
    url = reverse("casework:goal", args=[world.goal_x.pk])
    with database_lost("casework_goal"):
        response = client.post(url, {"wording": "Walk to the shops", "version": 1})
    assert_unavailable(response)
    assert "Nothing you typed has been saved" in response.content.decode()
    world.goal_x.refresh_from_db()
    assert world.goal_x.wording != "Walk to the shops"


def test_the_api_answers_json(world):
    client = signed_in(world.users["link_worker"])
    with database_lost("casework_case"):
        response = client.get(f"/api/v1/cases/{world.case_x.pk}")
    assert_unavailable(response)
    assert response.json() == {"detail": MESSAGE}


def test_fhir_answers_an_operation_outcome(db):
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    token = a_token_to_look_up()
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
    with database_lost():
        response = client.get("/fhir/Patient?identifier=x")
    assert_unavailable(response)
    assert response["Content-Type"].startswith("application/fhir+json")
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].code == "transient"
    assert outcome.issue[0].diagnostics == MESSAGE


def test_healthz_is_503_when_its_query_fails(client, db):
    with database_lost():
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_only_a_lost_connection_counts():
    """A refused row (forms answer it) and a fault in linkwork stay what they are."""
    assert unreachable(OperationalError("could not connect"))
    assert not unreachable(IntegrityError("duplicate key"))
    assert not unreachable(ProgrammingError("no such column"))


def a_token_to_look_up() -> str:
    from linkwork.accounts.tokens import PREFIX_LENGTH, SECRET_LENGTH, TOKEN_START

    return f"{TOKEN_START}{'a' * PREFIX_LENGTH}_{'b' * SECRET_LENGTH}"


REAL_OUTAGE = """
import django, json; django.setup()
from django.test import Client
from linkwork.core.tests.test_database_unavailable import a_token_to_look_up
client = Client(raise_request_exception=False, HTTP_AUTHORIZATION="Bearer " + a_token_to_look_up())
answers = [Client().get("/healthz")]  # as a load balancer asks: no cookie
client.cookies["sessionid"] = "x" * 32  # a session to read
answers += [client.get(path) for path in ("/", "/api/v1/cases", "/fhir/Patient")]
print(json.dumps([[a.status_code, a["Content-Type"].split(";")[0]] for a in answers]))
"""


@pytest.mark.slow
def test_a_real_database_that_refuses_connections():
    """End to end, in a fresh process: PostgreSQL on a port nothing listens on."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "linkwork.config.test_settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", REAL_OUTAGE], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout, out.stderr[-2000:]
    assert json.loads(out.stdout.splitlines()[-1]) == [
        [503, "application/json"],
        [503, "text/html"],
        [503, "application/json"],
        [503, "application/fhir+json"],
    ]
