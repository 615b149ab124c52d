"""The instruments API: any signed-in user may list, read and score; nobody else."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

SCORE = "api:instrument_score"


def post_score(client, name, items):
    url = reverse(SCORE, kwargs={"name": name})
    return client.post(url, {"items": items}, content_type="application/json")


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.users["link_worker"])
    return client


def test_it_lists_the_instruments_with_their_notices(signed_in):
    response = signed_in.get(reverse("api:instrument_list"))
    assert response.status_code == 200
    by_name = {row["name"]: row for row in response.json()}
    assert set(by_name) == {"swemwbs", "wemwbs", "ons4"}
    assert by_name["swemwbs"]["item_count"] == 7
    assert by_name["wemwbs"]["item_count"] == 14
    assert "© NHS Health Scotland" in by_name["swemwbs"]["copyright_notice"]


def test_it_shows_one_instrument_with_items_options_and_threshold(signed_in):
    response = signed_in.get(reverse("api:instrument_detail", kwargs={"name": "swemwbs"}))
    body = response.json()
    assert body["items"][0] == {
        "number": 1,
        "text": "I've been feeling optimistic about the future",
        "key": "",
        "bands": [],
    }
    assert body["options"][-1] == {"value": 5, "label": "All of the time"}
    assert (body["min_value"], body["max_value"]) == (1, 5)
    assert body["meaningful_change"] == {"threshold": 3.0, "measured_on": "metric"}


def test_ons4_detail_shows_each_questions_bands(signed_in):
    body = signed_in.get(reverse("api:instrument_detail", kwargs={"name": "ons4"})).json()
    anxiety = body["items"][3]
    assert anxiety["key"] == "anxiety"
    assert anxiety["bands"][0] == {"code": "very_low", "low": 0, "high": 1}
    assert body["meaningful_change"] is None


def test_an_unknown_instrument_is_a_404_naming_the_known_ones(signed_in):
    for response in (
        signed_in.get(reverse("api:instrument_detail", kwargs={"name": "phq9"})),
        post_score(signed_in, "phq9", [1]),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == (
            "Unknown instrument 'phq9'; known instruments: ons4, swemwbs, wemwbs"
        )


def test_it_scores_swemwbs_with_the_metric_to_two_decimals(signed_in):
    response = post_score(signed_in, "swemwbs", [4, 3, 4, 4, 3, 4, 3])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "instrument": "swemwbs",
        "raw": 25,
        "metric": 22.35,
        "complete": True,
        "missing_items": [],
    }
    thirty_point_seven = post_score(signed_in, "swemwbs", [5, 5, 5, 5, 5, 5, 3])
    assert json.loads(thirty_point_seven.content, parse_float=Decimal)["metric"] == Decimal("30.70")


def test_null_is_a_missing_item(signed_in):
    body = post_score(signed_in, "swemwbs", [4, 3, None, 4, 3, 4, 3]).json()
    assert (body["raw"], body["metric"], body["complete"], body["missing_items"]) == (
        None,
        None,
        False,
        [3],
    )


def test_it_answers_exactly_what_the_command_prints(signed_in):
    for name, args in [("swemwbs", [4, 3, None, 4, 3, 4, 3]), ("ons4", [7, 5, 9, 1])]:
        out = StringIO()
        call_command("score", name, *["-" if a is None else str(a) for a in args], stdout=out)
        assert post_score(signed_in, name, args).content.decode() == out.getvalue().strip()


@pytest.mark.parametrize(
    ("name", "items", "message"),
    [
        ("swemwbs", [1, 2], "swemwbs needs 7 answers, one per item in order"),
        ("swemwbs", [1, 2, 3, 6, 5, 5, 5], "Item 4: 6 is out of range; swemwbs answers run from"),
        ("ons4", [1, 2, "high", 4], "Item 3: 'high' is not a whole number"),
        ("wemwbs", [2.5] + [1] * 13, "Item 1: 2.5 is not a whole number"),
    ],
)
def test_invalid_answers_are_a_422_with_the_one_line_message(signed_in, name, items, message):
    response = post_score(signed_in, name, items)
    assert response.status_code == 422
    # The same shape as every other invalid input: the field, and the scorer's message.
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "items"]
    assert error["msg"].startswith(message)


@pytest.mark.parametrize("username", ["practice_staff", "commissioner", "community_partner"])
def test_every_signed_in_role_may_score(client, world, username):
    client.force_login(world.users[username])
    assert post_score(client, "ons4", [5, 5, 5, 5]).status_code == 200


def test_anonymous_callers_get_401(client, db):
    assert client.get(reverse("api:instrument_list")).status_code == 401
    assert client.get(reverse("api:instrument_detail", kwargs={"name": "ons4"})).status_code == 401
    assert post_score(client, "swemwbs", [1] * 7).status_code == 401
