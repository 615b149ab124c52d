"""On PostgreSQL the queries a connection repeats are prepared, so the database stops
planning them afresh (decision 0132): what a page asks again and again reaches
pg_prepared_statements, with the values bound by the server, and answers as before."""

import pytest
from django.db import connection

from linkwork.casework.models import Case
from linkwork.casework.tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


ASKED = '"casework_case"."status" AS "status" FROM "casework_case" WHERE'


def prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall() if ASKED in row[0]]


def test_a_query_run_again_and_again_is_prepared_with_its_values_bound_by_the_server():
    cases = CaseFactory.create_batch(3)
    asked = [case.pk for case in cases] * 2
    assert prepared() == []

    answers = [Case.objects.filter(pk=pk).values_list("pk", "status").get() for pk in asked]

    assert answers == [(case.pk, case.status) for case in cases] * 2
    statements = prepared()
    assert len(statements) == 1, "six runs of one query did not prepare it"
    assert '"casework_case"."id" = $1' in statements[0], "the number was written into the SQL"


def test_more_statements_stay_prepared_than_psycopgs_own_hundred(settings):
    """The pages people use most ask some 290 SQL texts between them (decision 0153):
    with psycopg's own limit of 100 a connection, each was dropped before it came round
    again, and PostgreSQL planned it afresh."""
    connection.ensure_connection()
    assert connection.connection.prepared_max == settings.DATABASE_PREPARED_MAX >= 300
    texts = [f"SELECT {n} AS statement_{n} FROM casework_case WHERE id = %s" for n in range(150)]
    for _ in range(6):  # five runs, then prepared on the sixth
        for text in texts:
            with connection.cursor() as cursor:
                cursor.execute(text, [0])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%AS statement_%"],
        )
        assert cursor.fetchone()[0] == 150
