"""Single-use links: no sign-in, only the questionnaire, and they cannot be reused,
guessed or used after they expire."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.outcomes import links
from linkwork.outcomes.models import Feedback, QuestionnaireLink, QuestionnaireResponse
from linkwork.outcomes.models.links import Delivery
from linkwork.outcomes.tests.conftest import NOW
from linkwork.outcomes.tests.factories import link_token
from linkwork.outcomes.tests.helpers import item_post, respond

SWEMWBS_25 = item_post([4, 3, 4, 4, 3, 4, 3])


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(NOW, tick=False):
        yield


def url(token: str) -> str:
    return reverse("outcomes:public_link", args=[token])


def test_the_person_completes_it_without_signing_in_and_sees_only_the_questionnaire(client, world):
    token = link_token(world.case_x)
    page = client.get(url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "I&#39;ve been feeling useful" in html
    assert "© NHS Health Scotland" in html
    for private in (world.case_x.person.family_name, world.case_x.person.given_name, "Sign out"):
        assert private not in html
    assert 'class="nhsuk-header__navigation' not in html
    done = client.post(url(token), SWEMWBS_25)
    assert "Thank you" in done.content.decode()
    response = QuestionnaireResponse.objects.get()
    assert (response.method, response.timepoint, response.recorded_by) == ("link", "exit", None)
    assert response.metric_score == 22.35 or str(response.metric_score) == "22.35"
    assert QuestionnaireLink.objects.get().used_at is not None


def test_a_link_cannot_be_used_twice(client, world):
    token = link_token(world.case_x)
    client.post(url(token), SWEMWBS_25)
    again = client.get(url(token))
    assert again.status_code == 404
    assert "This link has expired" in again.content.decode()
    assert client.post(url(token), SWEMWBS_25).status_code == 404
    assert QuestionnaireResponse.objects.count() == 1


def test_a_link_claimed_between_opening_and_sending_is_refused(client, world):
    """Two browsers open the link; the second to send is refused and nothing is saved."""
    token = link_token(world.case_x)
    assert client.get(url(token)).status_code == 200
    links.complete_questionnaire(token=token, answers=[3] * 7)
    assert client.post(url(token), SWEMWBS_25).status_code == 404
    assert QuestionnaireResponse.objects.count() == 1


def test_an_exit_recorded_on_the_case_meanwhile_leaves_the_person_nothing_to_do(client, world):
    token = link_token(world.case_x)
    respond(world.case_x, [3] * 7, timepoint="exit", on=NOW.date())
    page = client.get(url(token))
    assert page.status_code == 410
    assert "Nothing more to do" in page.content.decode()
    assert "expired" not in page.content.decode()
    assert client.post(url(token), SWEMWBS_25).status_code == 410
    assert QuestionnaireResponse.objects.count() == 1
    assert QuestionnaireLink.objects.get().used_at is None


def test_an_exit_recorded_while_the_person_answers_is_not_overwritten(client, world):
    token = link_token(world.case_x)
    assert client.get(url(token)).status_code == 200
    respond(world.case_x, [3] * 7, timepoint="exit", on=NOW.date())
    sent = client.post(url(token), SWEMWBS_25)
    assert sent.status_code == 410
    assert "Nothing more to do" in sent.content.decode()
    assert QuestionnaireResponse.objects.get().answers == [3] * 7


def test_a_link_cannot_be_used_after_it_expires(client, world):
    token = link_token(world.case_x)
    with time_machine.travel(NOW + timedelta(days=7, seconds=1), tick=False):
        assert client.get(url(token)).status_code == 404
        assert client.post(url(token), SWEMWBS_25).status_code == 404
    assert not QuestionnaireResponse.objects.exists()
    with time_machine.travel(NOW + timedelta(days=6, hours=23), tick=False):
        assert client.get(url(token)).status_code == 200


def test_the_page_says_the_hour_the_link_stops_working_not_only_the_day(client, world):
    page = client.get(url(link_token(world.case_x))).content.decode()
    assert "This link works once, until 10am on 2 December 2026." in page


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [(9, 5, "9:05am"), (0, 0, "midnight"), (12, 0, "midday"), (12, 30, "12:30pm"), (23, 0, "11pm")],
)
def test_the_time_a_link_stops_is_written_as_people_say_it(hour, minute, words):
    expires = NOW.replace(day=2, month=12, hour=hour, minute=minute)
    assert links.until(expires) == f"{words} on 2 December 2026"


EXPIRY = NOW + timedelta(days=7)


def opened_page(client, token: str) -> dict:
    """The link's page as opened now: what its form sends back besides the answers."""
    page = client.get(url(token)).content.decode()
    return {"opened": re.search(r'name="opened" value="([^"]+)"', page).group(1)}


def test_answers_begun_before_the_link_expired_are_taken_when_sent_after(client, world):
    """Decision 0144: the person who starts near the end does not lose their answers."""
    token = link_token(world.case_x)
    with time_machine.travel(EXPIRY - timedelta(minutes=10), tick=False):
        opened = opened_page(client, token)
    with time_machine.travel(EXPIRY + timedelta(minutes=25), tick=False):
        incomplete = client.post(url(token), {**item_post([4, 3, None, 4, 3, 4, 3]), **opened})
        assert incomplete.status_code == 400  # shown again, answers kept, still in time
        assert opened["opened"] in incomplete.content.decode()
        sent = client.post(url(token), {**SWEMWBS_25, **opened})
    assert "Thank you" in sent.content.decode()
    assert QuestionnaireResponse.objects.get().method == "link"
    assert QuestionnaireLink.objects.get().used_at is not None


@pytest.mark.parametrize(
    ("minutes_after_opening", "opened_on", "tampered"),
    [
        pytest.param(121, "this link", False, id="past the answering time"),
        pytest.param(35, "this link", True, id="stamp tampered with"),
        pytest.param(35, "another link", False, id="stamp from another link"),
    ],
)
def test_a_late_answer_needs_this_links_page_opened_in_time(
    client, world, minutes_after_opening, opened_on, tampered
):
    token, other = link_token(world.case_x, form="feedback"), link_token(world.case_y)
    opening = EXPIRY - timedelta(minutes=10)
    with time_machine.travel(opening, tick=False):
        opened = opened_page(client, token if opened_on == "this link" else other)
    if tampered:
        opened["opened"] = opened["opened"][:-3] + "abc"
    with time_machine.travel(opening + timedelta(minutes=minutes_after_opening), tick=False):
        response = client.post(url(token), {"how_helpful": "very", **opened})
    assert response.status_code == 404
    assert "Your answers have not been sent" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_page_opened_in_time_does_not_make_a_used_link_work_again(client, world):
    token = link_token(world.case_x)
    opened = opened_page(client, token)
    assert client.post(url(token), {**SWEMWBS_25, **opened}).status_code == 200
    assert client.post(url(token), {**SWEMWBS_25, **opened}).status_code == 404
    assert QuestionnaireResponse.objects.count() == 1


def test_the_expiry_is_a_setting(client, world, settings):
    settings.OUTCOMES_LINK_VALID_DAYS = 1
    token = link_token(world.case_x)
    with time_machine.travel(NOW + timedelta(days=1, seconds=1), tick=False):
        assert client.get(url(token)).status_code == 404


def test_tokens_are_long_random_and_only_their_hash_is_stored(world):
    tokens = {link_token(world.case_x) for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)  # 32 random bytes, base64
    stored = set(QuestionnaireLink.objects.values_list("token_hash", flat=True))
    assert not tokens & stored
    assert {links.token_hash(token) for token in tokens} == stored


@pytest.mark.parametrize("guess", ["a", "x" * 43, "1", "%2E%2E"])
def test_a_guessed_token_finds_nothing(client, world, guess):
    link_token(world.case_x)
    response = client.get(url(guess))
    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()
    assert "not been sent" not in response.content.decode()  # nothing was sent


def test_near_misses_of_a_real_token_find_nothing(client, world):
    token = link_token(world.case_x)
    for wrong in (token[:-1], token + "a", token.upper(), token[1:] + token[0]):
        assert client.get(url(wrong)).status_code == 404


def test_guessing_is_rate_limited_per_address(client, world, settings):
    from linkwork.outcomes.views import links as link_views

    token = link_token(world.case_x)
    for n in range(link_views.LINK_REQUESTS_PER_HOUR):
        client.get(url(f"guess{n}"))
    response = client.get(url(token))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_the_worker_shows_a_qr_code_made_on_the_server(client, world):
    client.force_login(world.users["link_worker"])
    page_url = reverse("outcomes:new_link", args=[world.case_x.pk]) + "?form=swemwbs&timepoint=exit"
    response = client.post(page_url, {"delivery": "qr", "form": "swemwbs", "timepoint": "exit"})
    html = response.content.decode()
    assert "<svg" in html
    assert "QR code for the questionnaire link" in html
    shown = re.search(r"/q/([\w-]+)/", html).group(1)
    assert client.get(url(shown)).status_code == 200  # the same client: a signed-in worker
    assert AuditEvent.objects.filter(object_type="outcomes.questionnairelink").count() == 1


def test_the_link_can_be_emailed_with_nothing_about_the_person(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["link_worker"])
    page_url = reverse("outcomes:new_link", args=[world.case_x.pk])
    missing = client.post(page_url, {"delivery": "email", "form": "ons4", "timepoint": "review"})
    assert "Enter the email address to send the link to" in missing.content.decode()
    with_email = {"delivery": "email", "email": "jim@example.org", "form": "ons4"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url, {**with_email, "timepoint": "review"})
    assert "Link sent" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["jim@example.org"]
    person = world.case_x.person
    assert person.family_name not in message.body
    assert person.given_name not in message.body
    assert "until 10am on 2 December 2026" in message.body  # made at 10am on 25 November
    token = re.search(r"/q/([\w-]+)/", message.body).group(1)
    assert client.get(url(token)).status_code == 200
    assert QuestionnaireLink.objects.get().timepoint == "review"


def test_the_feedback_form_can_be_completed_through_a_link(client, world):
    token = link_token(world.case_x, form="feedback")
    page = client.get(url(token)).content.decode()
    assert "How helpful was the support" in page
    client.post(
        url(token),
        {"how_helpful": "very", "what_changed": "I go out now.", "would_recommend": "yes"},
    )
    feedback = Feedback.objects.get()
    assert (feedback.how_helpful, feedback.method) == ("very", "link")
    assert client.get(url(token)).status_code == 404


def test_a_blank_feedback_form_is_refused(client, world):
    token = link_token(world.case_x, form="feedback")
    response = client.post(url(token), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer at least one question" in page
    assert "go back" not in page  # the person has no page to go back to
    assert QuestionnaireLink.objects.get().used_at is None


def test_the_delivery_is_recorded(world):
    link_token(world.case_x)
    assert QuestionnaireLink.objects.get().delivery == Delivery.QR


def test_a_live_token_never_reaches_the_application_log(client, world, caplog):
    token = link_token(world.case_x)
    with caplog.at_level("WARNING", logger="django.request"):
        assert client.post(url(token), item_post([3, None, 3, 3, 3, 3, 3])).status_code == 400
        client.get(url(token + "x"))
    assert token not in caplog.text


SITE = "https://linkwork.example.scot"


def test_the_link_is_on_the_configured_site_address_not_the_request_host(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.LINKWORK_SITE_URL = SITE + "/"
    settings.ALLOWED_HOSTS = ["*"]
    client.force_login(world.users["link_worker"])
    page_url = reverse("outcomes:new_link", args=[world.case_x.pk])
    shown = client.post(
        page_url,
        {"delivery": "qr", "form": "ons4", "timepoint": "review"},
        HTTP_HOST="attacker.example",
    ).content.decode()
    assert re.search(rf"{re.escape(SITE)}/q/[\w-]+/", shown)
    assert "attacker.example" not in shown
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page_url,
            {"delivery": "email", "email": "jo@example.org", "form": "ons4", "timepoint": "review"},
            HTTP_HOST="attacker.example",
        )
    (message,) = mail.outbox
    assert re.search(rf"{re.escape(SITE)}/q/[\w-]+/", message.body)
    assert "attacker.example" not in message.body


def test_the_development_server_and_request_logs_redact_the_token(world, caplog):
    import logging

    token = link_token(world.case_x)
    with caplog.at_level("INFO"):
        logging.getLogger("django.server").info('"GET %s HTTP/1.1" 200 512', url(token))
        logging.getLogger("django.request").warning("Not Found: %s", url(token))
    assert token not in caplog.text
    assert caplog.text.count("/q/[redacted]/") == 2


def test_the_gunicorn_access_log_redacts_the_token():
    from datetime import timedelta as duration
    from types import SimpleNamespace

    from gunicorn.config import Config

    from linkwork.config.logredact import RedactingGunicornLogger

    token = "a" * 43
    path = f"/q/{token}/"
    request = SimpleNamespace(
        headers=[("REFERER", f"https://site{path}")],
        method="GET",
        path=path,
        query="",
        version=(1, 1),
        uri=path,
    )
    environ = {
        "REMOTE_ADDR": "192.0.2.1",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "RAW_URI": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
    }
    response = SimpleNamespace(status="200 OK", response_length=1, sent=1, headers=[])
    atoms = RedactingGunicornLogger(Config()).atoms(response, request, environ, duration(0))
    assert token not in repr(atoms)
    assert atoms["U"] == "/q/[redacted]/"
    assert atoms["r"] == "GET /q/[redacted]/ HTTP/1.1"


def test_the_redaction_pattern_matches_the_real_link_path():
    from linkwork.config.logredact import redact

    assert redact(url("tok_en-123")) == "/q/[redacted]/"
    assert redact("/cases/1/questionnaires/") == "/cases/1/questionnaires/"


def test_the_link_page_sends_no_referer_to_other_sites(client, world):
    response = client.get(url(link_token(world.case_x)))
    assert response["Referrer-Policy"] == "same-origin"


def test_the_rate_limit_window_slides_across_the_hour(client, world):
    from linkwork.outcomes.views import links as link_views

    limit = link_views.LINK_REQUESTS_PER_HOUR
    with time_machine.travel(NOW.replace(minute=50), tick=False):
        for n in range(limit):
            assert client.get(url(f"guess{n}")).status_code == 404
    # A new clock hour, but the last sixty minutes are still full.
    with time_machine.travel(NOW.replace(hour=11, minute=5), tick=False):
        assert client.get(url("guess")).status_code == 429
    with time_machine.travel(NOW.replace(hour=11, minute=52), tick=False):
        assert client.get(url("guess")).status_code == 404
