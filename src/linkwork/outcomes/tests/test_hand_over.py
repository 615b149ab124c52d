"""The "hand to the person" lock: while the tablet is with the person, every address
other than the questionnaire comes back to it, until the worker's password."""

import re

import pytest
from django.urls import reverse

from linkwork.accounts.tests.factories import TEST_PASSWORD
from linkwork.accounts.tests.test_url_access import POST_RULES, URL_RULES, _url
from linkwork.outcomes.handover import MAX_PASSWORD_FAILURES
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.outcomes.tests.helpers import item_post

pytestmark = pytest.mark.usefixtures("november")

TABLET = reverse("outcomes:tablet")
RETURN = reverse("outcomes:tablet_return")
OPEN = {"outcomes:tablet", "outcomes:tablet_return"}


def hand_over(worker, world, form="ons4", timepoint="baseline"):
    hub = reverse("outcomes:hub", args=[world.case_x.pk])
    response = worker.post(hub, {"form": form, "timepoint": timepoint, "how": "tablet"})
    assert response.url == TABLET
    return response


def _shows_nothing_of_the_case(response, world):
    page = response.content.decode()
    person = world.case_x.person
    for hidden in (person.family_name, person.given_name, person.chi, "Referrals"):
        assert hidden not in page


@pytest.mark.parametrize("name", sorted(set(URL_RULES) - OPEN))
def test_every_other_page_comes_back_to_the_questionnaire(worker, world, name):
    hand_over(worker, world)
    response = worker.get(_url(world, name))
    assert response.status_code == 302, name
    assert response.url == TABLET
    _shows_nothing_of_the_case(response, world)


@pytest.mark.parametrize("name", sorted(POST_RULES))
def test_no_post_elsewhere_gets_through(worker, world, name):
    hand_over(worker, world)
    response = worker.post(_url(world, name, POST_RULES), {})
    assert (response.status_code, response.url) == (302, TABLET)


def test_signing_out_and_htmx_fragments_are_locked_too(worker, world):
    hand_over(worker, world)
    assert worker.post(reverse("accounts:sign_out")).url == TABLET
    case_page = reverse("casework:case_detail", args=[world.case_x.pk])
    fragment = worker.get(case_page, headers={"HX-Request": "true"})
    assert (fragment.status_code, fragment["HX-Redirect"]) == (204, TABLET)
    assert fragment.content == b""


def test_the_handed_page_links_nowhere_but_the_worker_s_return(worker, world):
    hand_over(worker, world)
    page = worker.get(TABLET)
    _shows_nothing_of_the_case(page, world)
    text = page.content.decode()
    hrefs = set(re.findall(r'href="([^"#]+)"', text))
    assert {h for h in hrefs if not h.startswith("/static/")} == {RETURN}
    assert "nhsuk-header__navigation" not in text
    assert "Sign out" not in text


def test_after_the_answers_the_lock_stays_until_the_worker_s_password(worker, world):
    hand_over(worker, world)
    done = worker.post(TABLET, item_post([7, 8, 6, 3]))
    assert "Please hand the tablet back" in done.content.decode()
    assert QuestionnaireResponse.objects.get().method == "tablet"
    # Still locked: the case, and the questionnaire page shows only the thank-you.
    case_page = reverse("casework:case_detail", args=[world.case_x.pk])
    assert worker.get(case_page).url == TABLET
    again = worker.get(TABLET).content.decode()
    assert "Please hand the tablet back" in again
    assert "Send my answers" not in again
    wrong = worker.post(RETURN, {"password": "guess"})
    assert wrong.status_code == 400
    assert "The password is not right" in wrong.content.decode()
    assert worker.get(case_page).url == TABLET
    back = worker.post(RETURN, {"password": TEST_PASSWORD})
    assert back.url == case_page
    assert worker.get(case_page).status_code == 200
    assert worker.get(TABLET).status_code == 302  # nothing handed over any more


def test_blank_feedback_on_the_tablet_asks_the_person_for_an_answer_only(worker, world):
    hand_over(worker, world, form="feedback", timepoint="exit")
    refused = worker.post(TABLET, {})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Answer at least one question" in page
    assert "go back" not in page  # nowhere to go: the tablet is locked to the form


def test_the_worker_can_stop_before_the_person_answers(worker, world):
    hand_over(worker, world)
    assert worker.post(RETURN, {"password": TEST_PASSWORD}).status_code == 302
    assert QuestionnaireResponse.objects.count() == 0
    assert worker.get(reverse("home:home")).status_code == 302  # home, not the tablet
    assert worker.get(reverse("home:home")).url != TABLET


def test_guessing_the_password_signs_the_session_out(worker, world):
    hand_over(worker, world)
    for _ in range(MAX_PASSWORD_FAILURES - 1):
        assert worker.post(RETURN, {"password": "guess"}).status_code == 400
    last = worker.post(RETURN, {"password": "guess"})
    assert last.url == reverse("accounts:sign_in")
    case_page = reverse("casework:case_detail", args=[world.case_x.pk])
    assert worker.get(case_page).url.startswith(reverse("accounts:sign_in"))


def test_the_person_answering_can_ask_for_more_time_and_nothing_else(worker, world):
    """The time-out warning's button keeps the session for the person on the tablet,
    in their words; it opens nothing of the record."""
    hand_over(worker, world)
    page = worker.get(TABLET).content.decode()
    assert "Do you need more time?" in page
    assert "I need more time" in page
    assert "You will be signed out soon" not in page
    kept = worker.post(reverse("accounts:still_here"))
    assert kept.status_code == 204
    assert worker.get(TABLET).status_code == 200
    _shows_nothing_of_the_case(worker.get(TABLET), world)
