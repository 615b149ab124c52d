"""Order and duplicate rules for measures, and corrections that keep the earlier version."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.outcomes import links, services
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.outcomes.models.links import Delivery
from linkwork.outcomes.presenters import earlier_versions
from linkwork.outcomes.tests.helpers import item_post, respond

pytestmark = pytest.mark.usefixtures("november")


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


@pytest.mark.parametrize(
    ("first", "second", "field", "words"),
    [
        # one baseline and one exit per instrument
        (("baseline", 5), ("baseline", 6), "timepoint", "already has a baseline SWEMWBS"),
        (("exit", 20), ("exit", 21), "timepoint", "already has a exit SWEMWBS"),
        # the baseline first
        (("baseline", 10), ("review", 9), "completed_on", "before the baseline (10/10/2026)"),
        (("baseline", 10), ("exit", 2), "completed_on", "before the baseline (10/10/2026)"),
        (("review", 9), ("baseline", 10), "completed_on", "The baseline must come first"),
        (("exit", 12), ("review", 13), "completed_on", "after the exit"),
        (("review", 13), ("exit", 12), "completed_on", "before the review"),
    ],
)
def test_out_of_order_or_repeated_measures_are_refused(world, first, second, field, words):
    respond(world.case_x, [3] * 7, timepoint=first[0], on=date(2026, 10, first[1]))
    problems = refusal(
        lambda: respond(world.case_x, [4] * 7, timepoint=second[0], on=date(2026, 10, second[1]))
    )
    assert words in " ".join(problems[field])
    assert QuestionnaireResponse.objects.count() == 1


def test_each_instrument_has_its_own_baseline_and_reviews_may_repeat(world):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 5))
    respond(world.case_x, [5, 5, 5, 5], instrument="ons4", on=date(2026, 10, 5))
    respond(world.case_x, [3] * 7, timepoint="review", on=date(2026, 10, 20))
    respond(world.case_x, [3] * 7, timepoint="review", on=date(2026, 11, 2))
    respond(world.case_x, [4] * 7, timepoint="exit", on=date(2026, 11, 20))
    assert QuestionnaireResponse.objects.count() == 5


@pytest.mark.parametrize(
    ("on", "words"),
    [(date(2026, 9, 1), "before the case opened"), (date(2026, 12, 1), "in the future")],
)
def test_a_measure_before_the_referral_or_in_the_future_is_refused(world, on, words):
    problems = refusal(lambda: respond(world.case_x, [3] * 7, on=on))
    assert words in problems["completed_on"][0]


def test_a_second_baseline_on_the_page_names_the_field(worker, world):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 5))
    enter = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    page = worker.post(enter, item_post([4] * 7, timepoint="baseline"))
    assert page.status_code == 400
    text = page.content.decode()
    assert "This case already has a baseline SWEMWBS, dated 05/10/2026" in text
    assert 'href="#id_timepoint"' in text  # the error summary leads to the timepoint
    assert QuestionnaireResponse.objects.count() == 1


def test_the_hub_and_links_refuse_a_second_exit_before_the_person_answers(worker, world):
    respond(world.case_x, [4] * 7, timepoint="exit", on=date(2026, 11, 20))
    hub = reverse("outcomes:hub", args=[world.case_x.pk])
    page = worker.post(hub, {"form": "swemwbs", "timepoint": "exit", "how": "tablet"})
    assert "already has a exit SWEMWBS" in page.content.decode()
    assert worker.get(reverse("casework:case_detail", args=[world.case_x.pk])).status_code == 200
    with pytest.raises(ValidationError):
        links.create_link(
            case=world.case_x,
            form="swemwbs",
            timepoint="exit",
            delivery=Delivery.QR,
            by=world.users["link_worker"],
        )


def test_a_correction_rescores_and_keeps_the_earlier_version(world):
    worker = world.users["link_worker"]
    wrong = respond(world.case_x, [1] * 7, on=date(2026, 10, 5), by=worker)
    fixed = services.correct_response(
        response=wrong,
        answers=[3] * 7,
        timepoint="baseline",
        completed_on=date(2026, 10, 6),
        reason="Entered against the wrong form",
        expected_version=wrong.version,
        by=worker,
    )
    fixed.refresh_from_db()
    assert (fixed.answers, fixed.raw_score, fixed.metric_score) == ([3] * 7, 21, Decimal("19.25"))
    assert fixed.completed_on == date(2026, 10, 6)
    (earlier,) = earlier_versions(fixed)
    assert (earlier.answers, earlier.raw_score, earlier.completed_on) == (
        [1] * 7,
        7,
        date(2026, 10, 5),
    )
    assert earlier.reason == "Entered against the wrong form"
    assert QuestionnaireResponse.objects.count() == 1


def test_a_correction_is_held_to_the_same_rules(world):
    worker = world.users["link_worker"]
    respond(world.case_x, [3] * 7, on=date(2026, 10, 5))
    review = respond(world.case_x, [3] * 7, timepoint="review", on=date(2026, 10, 20))
    problems = refusal(
        lambda: services.correct_response(
            response=review,
            answers=[3] * 7,
            timepoint="baseline",
            completed_on=date(2026, 10, 20),
            reason="wrong timepoint",
            by=worker,
        )
    )
    assert "already has a baseline" in problems["timepoint"][0]
    problems = refusal(
        lambda: services.correct_response(
            response=review,
            answers=[3] * 7,
            timepoint="review",
            completed_on=date(2026, 10, 20),
            reason=" ",
            by=worker,
        )
    )
    assert "Say why" in problems["reason"][0]


def test_the_worker_corrects_a_measure_on_its_page(worker, world):
    response = respond(world.case_x, [1] * 7, on=date(2026, 10, 5), by=world.users["link_worker"])
    page = worker.get(reverse("outcomes:response", args=[response.pk])).content.decode()
    correct = reverse("outcomes:correct_response", args=[response.pk])
    assert correct in page
    form = worker.get(correct).content.decode()
    assert 'value="1" checked' in form  # the answers as entered
    posted = item_post(
        [2] * 7,
        timepoint="baseline",
        completed_on="2026-10-05",
        reason="Typed the wrong column",
        version=response.version,
    )
    assert worker.post(correct, posted).url == reverse("outcomes:response", args=[response.pk])
    shown = worker.get(reverse("outcomes:response", args=[response.pk])).content.decode()
    assert "Earlier versions" in shown
    assert "Typed the wrong column" in shown
    assert "answers 1, 1, 1, 1, 1, 1, 1; raw 7" in shown
    stale = worker.post(correct, {**posted, "reason": "again"})  # the old version number
    assert stale.status_code == 400
    assert "changed" in stale.content.decode()


def test_other_workers_cannot_correct(client, world):
    response = respond(world.case_x, [1] * 7, on=date(2026, 10, 5))
    client.force_login(world.users["other_link_worker"])
    correct = reverse("outcomes:correct_response", args=[response.pk])
    assert client.get(correct).status_code == 404
