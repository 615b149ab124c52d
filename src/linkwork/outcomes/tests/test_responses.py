"""Questionnaire responses on a case: kept as given, scored once by scoring.py, audited,
entered by the worker or from paper."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.outcomes import services
from linkwork.outcomes.models import Method, QuestionnaireResponse, Timepoint
from linkwork.outcomes.scoring import ScoringError
from linkwork.outcomes.tests.helpers import item_post, respond

pytestmark = pytest.mark.usefixtures("november")


def test_a_complete_swemwbs_keeps_answers_raw_and_metric(world):
    response = respond(world.case_x, [4, 3, 4, 4, 3, 4, 3], by=world.users["link_worker"])
    response.refresh_from_db()
    assert response.answers == [4, 3, 4, 4, 3, 4, 3]
    assert (response.raw_score, response.metric_score) == (25, Decimal("22.35"))
    assert response.status == "complete"
    assert response.scores["metric"] == "22.35"
    assert response.history.count() == 1
    assert AuditEvent.objects.filter(object_type="outcomes.questionnaireresponse").count() == 1


def test_a_missing_item_is_kept_as_incomplete_with_no_score(world):
    response = respond(world.case_x, [4, None, 4, 4, 3, 4, 3])
    response.refresh_from_db()
    assert response.answers == [4, None, 4, 4, 3, 4, 3]
    assert (response.status, response.raw_score, response.metric_score) == (
        "incomplete",
        None,
        None,
    )
    assert response.scores["missing_items"] == [2]


def test_ons4_keeps_each_question_and_its_band(world):
    response = respond(world.case_x, [7, 5, 9, 6], instrument="ons4")
    assert response.scores["anxiety"] == {"score": 6, "band": "high"}
    assert response.raw_score is None


def test_answers_out_of_range_are_refused_and_nothing_is_saved(world):
    with pytest.raises(ScoringError, match="Item 2: 9 is out of range"):
        respond(world.case_x, [4, 9, 4, 4, 3, 4, 3])
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize(
    ("on", "message"),
    [(date(2026, 11, 26), "cannot be in the future"), (date(2026, 9, 30), "before the case")],
)
def test_the_completion_date_must_fall_within_the_case(world, on, message):
    with pytest.raises(ValidationError, match=message):
        respond(world.case_x, [3] * 7, on=on)


def test_the_timepoint_suggested_is_baseline_then_review_then_exit(world):
    case = world.case_x
    assert services.suggested_timepoint(case, "swemwbs") == Timepoint.BASELINE
    respond(case, [3] * 7)
    assert services.suggested_timepoint(case, "swemwbs") == Timepoint.REVIEW
    assert services.suggested_timepoint(case, "ons4") == Timepoint.BASELINE
    case.status = "closed"
    assert services.suggested_timepoint(case, "swemwbs") == Timepoint.EXIT


def test_the_worker_enters_a_baseline_on_one_page(worker, world):
    url = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    page = worker.get(url).content.decode()
    assert "I&#39;ve been feeling optimistic about the future" in page
    assert "© NHS Health Scotland, University of Warwick" in page
    assert 'type="radio"' in page
    response = worker.post(url, item_post([4, 3, 4, 4, 3, 4, 3], timepoint="baseline"))
    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get()
    assert (saved.method, saved.timepoint, saved.completed_on) == (
        Method.WORKER,
        "baseline",
        date(2026, 11, 25),
    )
    assert saved.recorded_by == world.users["link_worker"]


def test_an_unanswered_question_is_named_until_the_worker_says_leave_it(worker, world):
    url = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    response = worker.post(url, item_post([4, None, 4, 4, 3, 4, 3], timepoint="baseline"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Question 2 is not answered" in page
    assert 'value="4" checked' in page  # what was chosen is kept
    assert not QuestionnaireResponse.objects.exists()
    worker.post(url, item_post([4, None, 4, 4, 3, 4, 3], timepoint="baseline", leave_blank="on"))
    assert QuestionnaireResponse.objects.get().status == "incomplete"


def test_a_paper_form_is_entered_with_the_date_written_on_it(worker, world):
    url = reverse("outcomes:enter_paper", args=[world.case_x.pk, "wemwbs"])
    assert "Date written on the paper form" in worker.get(url).content.decode()
    missing = worker.post(url, item_post([3] * 14, timepoint="review"))
    assert "Enter the date the paper form was filled in" in missing.content.decode()
    late = worker.post(url, item_post([3] * 14, timepoint="review", completed_on="2026-12-01"))
    assert (
        "The date it was completed cannot be in the future: enter today&#39;s date or an "
        "earlier one" in late.content.decode()
    )
    early = worker.post(url, item_post([3] * 14, timepoint="review", completed_on="2020-01-01"))
    opened = f"{world.case_x.opened_on:%-d %B %Y}"
    assert f"cannot be before the case opened on {opened}: enter that day or later" in (
        early.content.decode()
    )
    worker.post(url, item_post([3] * 14, timepoint="review", completed_on="2026-11-02"))
    saved = QuestionnaireResponse.objects.get()
    assert (saved.method, saved.completed_on, saved.raw_score) == ("paper", date(2026, 11, 2), 42)


def test_the_printable_form_carries_the_notice_and_no_name(worker, world):
    page = worker.get(reverse("outcomes:print", args=[world.case_x.pk, "swemwbs"])).content
    page = page.decode()
    assert "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland" in page
    assert "None of the time" in page
    assert "All of the time" in page
    assert world.case_x.person.family_name not in page
    assert f"Case {world.case_x.pk}" in page


@pytest.mark.parametrize("name", ["wemwbs", "ons4"])
def test_every_instrument_prints_with_its_own_notice(worker, world, name):
    from linkwork.outcomes.instruments import INSTRUMENTS

    page = worker.get(reverse("outcomes:print", args=[world.case_x.pk, name])).content.decode()
    assert INSTRUMENTS[name].copyright_notice.replace("'", "&#39;") in page


def test_the_hub_sends_each_choice_to_its_page(worker, world):
    url = reverse("outcomes:hub", args=[world.case_x.pk])
    assert worker.get(url).status_code == 200
    pk = world.case_x.pk
    for how, target in [
        ("enter", f"/cases/{pk}/questionnaires/ons4/enter/"),
        ("paper", f"/cases/{pk}/questionnaires/ons4/paper/"),
        ("print", f"/cases/{pk}/questionnaires/ons4/print/"),
        ("link", f"/cases/{pk}/questionnaire-links/new/"),
        ("tablet", "/questionnaire/"),
    ]:
        response = worker.post(url, {"form": "ons4", "timepoint": "review", "how": how})
        assert response.url.startswith(target), (how, response.url)


def test_an_unknown_form_is_a_404(worker, world):
    assert worker.get(reverse("outcomes:enter", args=[world.case_x.pk, "phq9"])).status_code == 404


def test_another_workers_case_is_a_404(client, world):
    client.force_login(world.users["other_link_worker"])
    url = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    assert client.post(url, item_post([3] * 7, timepoint="baseline")).status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_the_response_page_shows_each_answer_and_is_audited(worker, world):
    response = respond(world.case_x, [4, None, 4, 4, 3, 4, 3])
    page = worker.get(reverse("outcomes:response", args=[response.pk])).content.decode()
    assert "Not answered" in page
    assert "Incomplete (no score)" in page
    assert AuditEvent.objects.filter(action="view", object_id=str(response.pk)).exists()


def test_answers_entered_on_the_day_of_a_session_are_tied_to_it(worker, world):
    url = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    worker.post(url, item_post([3] * 7, timepoint="baseline"))
    assert QuestionnaireResponse.objects.get().session == world.session_x


def test_a_questionnaire_with_nothing_answered_is_refused_not_saved(worker, world):
    enter = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    response = worker.post(enter, {"timepoint": "baseline", "leave_blank": "on"})
    assert response.status_code == 400
    assert "Answer at least one question" in response.content.decode()
    with pytest.raises(ValidationError, match="Answer at least one question"):
        respond(world.case_x, [None] * 7)
    assert not QuestionnaireResponse.objects.exists()


def test_an_empty_questionnaire_through_a_link_or_the_tablet_is_refused(client, world):
    from linkwork.outcomes.tests.factories import link_token

    token = link_token(world.case_x, timepoint="review")
    page = client.post(reverse("outcomes:public_link", args=[token]), {"leave_blank": "on"})
    assert page.status_code == 400
    assert "Answer at least one question" in page.content.decode()
    assert not QuestionnaireResponse.objects.exists()
