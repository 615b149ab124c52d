"""The "hand to the person" view, and the exit question when a case is closed."""

from datetime import date

import pytest
from django.urls import reverse

from linkwork.accounts.tests.factories import TEST_PASSWORD
from linkwork.casework.models import CaseStatus
from linkwork.casework.tests.helpers import answered
from linkwork.outcomes.models import ExitMeasureNotTaken, QuestionnaireResponse
from linkwork.outcomes.tests.factories import link_token
from linkwork.outcomes.tests.helpers import item_post, respond

pytestmark = pytest.mark.usefixtures("november")


def hand_over(worker, world, form="ons4", timepoint="baseline"):
    hub = reverse("outcomes:hub", args=[world.case_x.pk])
    return worker.post(hub, {"form": form, "timepoint": timepoint, "how": "tablet"})


def test_the_tablet_view_hides_everything_of_the_case(worker, world):
    hand_over(worker, world)
    page = worker.get(reverse("outcomes:tablet")).content.decode()
    person = world.case_x.person
    assert "Overall, how satisfied are you with your life nowadays?" in page
    for hidden in (person.family_name, person.given_name, person.chi, "Sign out", "Referrals"):
        assert hidden not in page
    assert 'class="nhsuk-header__navigation' not in page
    assert f'href="{reverse("home:home")}"' not in page  # not even the logo leads away
    assert "Link worker: stop and take the tablet back" in page


def test_the_person_completes_it_and_hands_back(worker, world):
    hand_over(worker, world)
    done = worker.post(reverse("outcomes:tablet"), item_post([7, 8, 6, 3]))
    page = done.content.decode()
    assert "Please hand the tablet back" in page
    assert world.case_x.person.family_name not in page
    response = QuestionnaireResponse.objects.get()
    assert (response.instrument, response.method, response.timepoint) == (
        "ons4",
        "tablet",
        "baseline",
    )
    # Handed back with the worker's password: the tablet page has nothing more to show.
    worker.post(reverse("outcomes:tablet_return"), {"password": TEST_PASSWORD})
    assert worker.get(reverse("outcomes:tablet")).status_code == 302


def test_the_tablet_asks_the_person_in_their_own_words_about_gaps(worker, world):
    hand_over(worker, world, form="swemwbs")
    response = worker.post(reverse("outcomes:tablet"), item_post([3, 3, None, 3, 3, 3, 3]))
    page = response.content.decode()
    assert "Question 3 is not answered" in page
    assert "I want to leave the unanswered questions blank" in page


def test_roles_without_casework_cannot_use_the_tablet_view(client, world):
    client.force_login(world.users["practice_staff"])
    assert client.get(reverse("outcomes:tablet")).status_code == 403


def close_url(world) -> str:
    return reverse("casework:close", args=[world.case_x.pk])


def case_url(world) -> str:
    return reverse("casework:case_detail", args=[world.case_x.pk])


def close(worker, world):
    return worker.post(
        close_url(world),
        {
            "reason": "goals_met",
            "closed_on": "2026-11-25",
            "version": world.case_x.version,
            **answered(world.case_x),
        },
    )


def test_the_close_form_comes_first_and_is_never_held_up(worker, world):
    assert worker.get(close_url(world)).status_code == 200  # no question before it
    close(worker, world)
    world.case_x.refresh_from_db()
    assert world.case_x.status == CaseStatus.CLOSED


def test_closing_without_an_exit_measure_asks_afterwards(worker, world):
    closed = close(worker, world)
    assert closed.url == reverse("outcomes:exit_prompt", args=[world.case_x.pk])
    page = worker.get(closed.url).content.decode()
    assert "The case is closed" in page
    assert "The person is not available" in page
    assert "Enter the exit SWEMWBS now" in page
    assert f"next={case_url(world)}" in page


def test_person_not_available_is_an_answer_and_is_asked_once(worker, world):
    close(worker, world)
    prompt = reverse("outcomes:exit_prompt", args=[world.case_x.pk])
    refused = worker.post(prompt, {})
    assert "Choose why there is no exit measure" in refused.content.decode()
    response = worker.post(prompt, {"reason": "person_not_available"})
    assert response.url == case_url(world)
    assert ExitMeasureNotTaken.objects.get().reason == "person_not_available"
    assert worker.get(prompt).url == case_url(world)  # not asked again


def test_an_exit_measure_taken_means_no_question(worker, world):
    respond(world.case_x, [3] * 7, timepoint="exit", on=date(2026, 11, 20))
    assert close(worker, world).url == case_url(world)


def test_an_exit_link_sent_means_no_question(worker, world):
    link_token(world.case_x, timepoint="exit")
    assert close(worker, world).url == case_url(world)


def test_entering_the_exit_measure_after_closing_returns_to_the_case(worker, world):
    close(worker, world)
    enter = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    response = worker.post(
        f"{enter}?timepoint=exit&next={case_url(world)}",
        item_post([4] * 7, timepoint="exit"),
    )
    assert response.url == case_url(world)
    prompt = reverse("outcomes:exit_prompt", args=[world.case_x.pk])
    assert worker.get(prompt).url == case_url(world)


def test_an_outside_next_address_is_ignored(worker, world):
    enter = reverse("outcomes:enter", args=[world.case_x.pk, "swemwbs"])
    response = worker.post(
        f"{enter}?next=https://evil.example/", item_post([4] * 7, timepoint="review")
    )
    assert response.url == reverse("casework:case_detail", args=[world.case_x.pk])


def test_a_refused_close_does_not_ask(worker, world):
    refused = worker.post(close_url(world), {"reason": "", "version": world.case_x.version})
    assert refused.status_code == 400
    assert not ExitMeasureNotTaken.objects.exists()


def test_feedback_is_entered_by_the_worker_from_paper_or_on_the_tablet(worker, world):
    from linkwork.outcomes.models import Feedback

    paper = reverse("outcomes:enter_paper", args=[world.case_x.pk, "feedback"])
    page = worker.get(paper).content.decode()
    assert "When in the support is this?" not in page
    response = worker.post(paper, {"how_helpful": "quite", "completed_on": "2026-11-20"})
    assert response.status_code == 302
    hand_over(worker, world, form="feedback")
    worker.post(reverse("outcomes:tablet"), {"would_recommend": "yes"})
    worker.post(reverse("outcomes:tablet_return"), {"password": TEST_PASSWORD})
    assert sorted(Feedback.objects.values_list("method", flat=True)) == ["paper", "tablet"]
    printed = worker.get(reverse("outcomes:print", args=[world.case_x.pk, "feedback"]))
    assert "Would you recommend the link worker" in printed.content.decode()
