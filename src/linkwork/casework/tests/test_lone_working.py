"""Lone working check-in and check-out, on the session page and over the API: a wrong
time is an error on the field, keeping what was typed; a visit may run past midnight."""

from datetime import datetime, timedelta

import time_machine
from django.urls import reverse

from linkwork.casework import services
from linkwork.casework.models import Session
from linkwork.casework.tests.helpers import TODAY, at, page_of
from linkwork.casework.tests.test_api import errors_by_field

PASSED = "That time has passed (it is 10:00 now): enter a later time, within 12 hours"
TOO_FAR = "Enter a time within the next 12 hours (it is 10:00 now)"


def _check_in(worker, world, back_by):
    return worker.post(
        reverse("casework:check_in", args=[world.session_x.pk]), {"back_by": back_by}
    )


def test_a_past_time_is_an_error_on_the_field_keeping_what_was_typed(
    wednesday_morning, world, worker
):
    with time_machine.travel(at(10), tick=False):
        response = _check_in(worker, world, "09:00")
    assert response.status_code == 400
    page = page_of(response)
    assert PASSED in page
    assert 'href="#id_back_by"' in page  # in the error summary, linked to the field
    assert 'value="09:00"' in page
    assert "Safety before you go" in page  # still the session page
    assert Session.objects.get(pk=world.session_x.pk).checked_in_at is None


def test_a_time_more_than_12_hours_ahead_is_refused_too(wednesday_morning, world, worker):
    with time_machine.travel(at(10), tick=False):
        assert TOO_FAR in page_of(_check_in(worker, world, "23:30"))


def test_a_visit_running_past_midnight_is_back_tomorrow(world, worker):
    with time_machine.travel(at(22, 30), tick=False):
        response = _check_in(worker, world, "01:30")
        assert response.status_code == 302
        message = page_of(worker.get(response.url))
    session = Session.objects.get(pk=world.session_x.pk)
    assert session.expected_back_at == at(1, 30, day=TODAY + timedelta(days=1))
    assert "checked out by 01:30 tomorrow" in message
    assert "back by 01:30 tomorrow." in message  # the page says so while checked in


def test_later_today_says_no_more_than_the_time(wednesday_morning, world, worker):
    with time_machine.travel(at(10), tick=False):
        response = _check_in(worker, world, "11:15")
        assert "checked out by 11:15." in page_of(worker.get(response.url))


def test_a_phone_call_cannot_be_checked_into(wednesday_morning, world, worker):
    phone = services.record_session(
        case=world.case_x, by=world.users["link_worker"], starts_at=at(15), mode="phone"
    )
    response = worker.post(reverse("casework:check_in", args=[phone.pk]), {"back_by": "16:00"})
    assert "Check-in is for home visits and community venue sessions only" in page_of(response)
    assert Session.objects.get(pk=phone.pk).checked_in_at is None


def test_checking_out_without_checking_in_is_refused(wednesday_morning, world, worker):
    url = reverse("casework:check_out", args=[world.session_x.pk])
    response = worker.post(url, follow=True)
    assert "You are not checked in to this visit" in page_of(response)


def test_check_in_and_out(api, wednesday_morning, world):
    worker = api(world.users["link_worker"])
    path = f"/sessions/{world.session_x.pk}"
    early = worker.post(f"{path}/check-out")
    assert (early.status_code, early.json()["detail"]) == (
        409,
        "You are not checked in to this visit",
    )
    with time_machine.travel(at(10), tick=False):
        past = worker.post(f"{path}/check-in", {"expected_back_at": "2026-11-25T09:00"})
        assert errors_by_field(past)["expected_back_at"] == PASSED
        checked_in = worker.post(f"{path}/check-in", {"expected_back_at": "2026-11-25T11:30"})
    assert checked_in.status_code == 200
    assert datetime.fromisoformat(checked_in.json()["expected_back_at"]) == at(11, 30)
    assert checked_in.json()["checked_in_at"] is not None
    with time_machine.travel(at(11, 45)):
        overdue = services.overdue_check_ins(Session.objects.filter(pk=world.session_x.pk))
        assert overdue.exists()
        out = worker.post(f"{path}/check-out")
    assert out.status_code == 200
    assert out.json()["checked_out_at"] is not None
    assert api(world.users["other_link_worker"]).post(f"{path}/check-out").status_code == 404
