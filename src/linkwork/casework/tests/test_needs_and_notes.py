"""A need recorded twice is said to be already recorded; free text has limits, with the
limit in the message, and long unbroken text wraps on the case page."""

from django.urls import reverse

from linkwork.casework import services
from linkwork.casework.models import CaseNote, IdentifiedNeed
from linkwork.casework.tests.helpers import case_url, page_of
from linkwork.casework.tests.test_api import errors_by_field


def test_a_need_recorded_twice_says_it_was_already_recorded(wednesday_morning, world, worker):
    url = reverse("casework:add_need", args=[world.case_x.pk])
    first = worker.post(url, {"need": "debt", "detail": "Rent arrears"}, follow=True)
    assert "Need recorded." in page_of(first)
    again = worker.post(url, {"need": "debt", "detail": "Council tax too"})
    assert again.status_code == 400
    page = page_of(again)
    assert "Debt was already recorded on this case on 25 November 2026" in page
    assert "Need recorded." not in page
    assert "Council tax too" in page  # what they typed is kept
    assert IdentifiedNeed.objects.filter(case=world.case_x).count() == 1


def test_the_api_answers_200_with_the_need_already_there(api, world):
    worker = api(world.users["link_worker"])
    path = f"/cases/{world.case_x.pk}/needs"
    first = worker.post(path, {"need": "debt", "detail": "Rent arrears"})
    again = worker.post(path, {"need": "debt", "detail": "Something else"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()


def test_a_note_over_5000_characters_is_refused_and_kept(wednesday_morning, world, worker):
    text = "word " * 1001
    response = worker.post(reverse("casework:add_note", args=[world.case_x.pk]), {"text": text})
    assert "Shorten the note to 5,000 characters or fewer" in page_of(response)
    assert text.strip() in page_of(response)
    assert CaseNote.objects.filter(case=world.case_x).count() == 1  # world's own note only


def test_the_api_refuses_it_in_the_same_words(api, world):
    refused = api(world.users["link_worker"]).post(
        f"/cases/{world.case_x.pk}/notes", {"text": "x" * 5001}
    )
    assert errors_by_field(refused)["text"] == "Shorten the note to 5,000 characters or fewer"


def test_a_long_unbroken_string_wraps_on_the_timeline(wednesday_morning, world, worker):
    link = "https://example.org/" + "a" * 300
    services.add_note(case=world.case_x, by=world.users["link_worker"], text=link)
    page = page_of(worker.get(case_url(world.case_x)))
    assert 'class="nhsuk-list lw-timeline"' in page  # .lw-timeline wraps anywhere (app.css)
    css = worker.get("/static/linkwork/app.css")
    body = b"".join(css.streaming_content) if css.streaming else css.content
    assert b".lw-wrap, .lw-timeline { overflow-wrap: anywhere; }" in body
