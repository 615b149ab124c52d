from unittest import mock

from django.db import OperationalError
from django.urls import reverse


def test_it_reports_ok_when_the_database_answers(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_503_when_the_database_is_unavailable(client, db):
    with mock.patch("linkwork.core.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_it_needs_no_sign_in(client, db):
    assert client.get("/healthz").status_code == 200
