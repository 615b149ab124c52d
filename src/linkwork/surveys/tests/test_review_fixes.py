"""What a reviewer found in the demo: closing dates, the sent state, the suppression
note, the respondent's messages, a link's staff groups and the rate limits."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.surveys import services
from linkwork.surveys import views as survey_views
from linkwork.surveys.models import Survey, SurveyLink, SurveyResponse
from linkwork.surveys.tests.factories import answered, survey_in


@pytest.fixture
def survey(world):
    return survey_in(world.hscp_a, world.users["commissioner"])


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&lt;", "<")


def _survey_page(client, survey) -> str:
    client.force_login(survey.created_by)
    return _words(client.get(reverse("surveys:survey", args=[survey.pk])).content.decode())


def _printed(survey, world, how_many: int = 1) -> list[str]:
    return services.print_links(
        survey=survey, practice=world.practice_x, how_many=how_many, by=survey.created_by
    )


def _url(token: str) -> str:
    return reverse("surveys:respond", args=[token])


def test_a_closing_date_in_the_past_or_over_a_year_ahead_is_refused(client, world, survey):
    client.force_login(world.users["team_lead"])
    form = {"hscp": world.hscp_a.pk, "title": "Staff", "year": "2026", "audience": "both"}
    past = client.post(reverse("surveys:new"), {**form, "closes_on": "2020-01-01"})
    assert past.status_code == 400
    assert "Enter a closing date of today" in past.content.decode()
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    too_far = client.post(reverse("surveys:new"), {**form, "closes_on": far})
    assert "Enter a closing date within a year" in too_far.content.decode()
    again = client.post(
        reverse("surveys:next_round", args=[survey.pk]), {"year": "2027", "closes_on": "2020-01-01"}
    )
    assert again.status_code == 400
    assert "Enter a closing date of today" in again.content.decode()
    assert list(Survey.objects.values_list("pk", flat=True)) == [survey.pk]
    with pytest.raises(ValidationError, match="closing date of today"):
        services.next_round(
            survey=survey, year=2027, closes_on=timezone.localdate() - timedelta(days=1), by=None
        )


def test_the_page_says_how_links_went_out_and_printed_links_stop_an_email(client, world, survey):
    assert "Links sent Not sent yet: no links emailed or printed" in _survey_page(client, survey)
    _printed(survey, world, how_many=3)
    page = _survey_page(client, survey)
    assert "Links sent Not emailed; 3 printed links" in page
    assert "Links made (emailed or printed) 3" in page
    assert "Send the survey by email" not in page
    assert "3 printed links have been made for this survey already" in page
    refused = client.post(reverse("surveys:send", args=[survey.pk]), follow=True)
    assert "emailing everyone now could ask the same people twice" in refused.content.decode()
    assert not SurveyLink.objects.filter(survey=survey, delivery="email").exists()
    assert Survey.objects.get(pk=survey.pk).sent_at is None
    listed = _words(client.get(reverse("surveys:surveys")).content.decode())
    assert "Not emailed; 3 printed links" in listed


def test_an_emailed_survey_says_when_and_to_how_many(client, world, survey):
    for name in ("practice_staff", "link_worker"):
        User.objects.filter(username=name).update(email=f"{name}@example.org")
    services.send_survey(survey=survey, by=survey.created_by)
    _printed(survey, world)
    page = _survey_page(client, survey)
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"Links sent Emailed on {today} to 2 people; 1 printed link" in page
    assert "Links made (emailed or printed) 3" in page
    assert f"This survey was emailed on {today} already" in page
    assert "Send the survey by email" not in page


def test_the_note_says_what_is_held_back_where(client, world, survey):
    answered(survey, world.practice_x, survey.created_by, ["gp"] * 5, aware_role="disagree")
    page = _survey_page(client, survey)
    assert "Counts from 1 to 4 are shown as <5" not in page
    assert "answers are shown only if 5 or more answered it, and then as counted" in page
    assert "In the table of responses by staff group, a group of 1 to 4 is shown as <5" in page


def test_a_refused_answer_is_named_by_its_question_and_what_was_typed_is_kept(
    client, world, survey
):
    (token,) = _printed(survey, world)
    long = "x" * 3000
    sent = {"staff_group": "gp", "aware_role": "bogus", "works_well": long, "improve": "Rooms"}
    page = client.post(_url(token), sent)
    assert page.status_code == 400
    text = page.content.decode()
    assert "For ‘I know what the link worker at our practice does.’, choose one of" in text
    assert "Shorten your answer to ‘What works well about the link worker service at your " in text
    assert "to 2,000 characters or fewer (it has 3000)" in text
    assert "Select a valid choice" not in text
    assert "Ensure this value" not in text
    assert "Answer at least one question" not in text
    assert long in text
    assert "Rooms" in text
    assert not SurveyResponse.objects.exists()


def test_a_practice_link_cannot_answer_as_a_link_worker(client, world, survey):
    (token,) = _printed(survey, world)
    page = client.get(_url(token) + "?staff_group=link_worker")
    assert page.status_code == 400
    text = page.content.decode()
    assert "Choose your staff group from those this link is for: GP, Practice nurse" in text
    assert 'value="link_worker"' not in text
    client.post(_url(token), {"staff_group": "link_worker", "welcomed": "agree"})
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError):
        services.respond(token=token, staff_group="link_worker", answers={"welcomed": "agree"})
    with pytest.raises(ValidationError, match="practice staff group"):
        services.print_links(
            survey=survey,
            practice=world.practice_x,
            staff_group="link_worker",
            how_many=1,
            by=survey.created_by,
        )


def test_staff_behind_one_address_each_answer_and_one_link_is_limited(client, world, survey):
    # 25 colleagues behind one NHS address, 3 requests each: past the old 60 an address.
    for token in _printed(survey, world, how_many=25):
        assert client.get(_url(token)).status_code == 200
        assert client.get(_url(token) + "?staff_group=gp").status_code == 200
        assert client.post(_url(token), {"staff_group": "gp", "aware_role": "agree"}).status_code
    assert SurveyResponse.objects.count() == 25
    hammered, other = _printed(survey, world, how_many=2)
    for _ in range(survey_views.REQUESTS_PER_LINK_PER_HOUR):
        client.get(_url(hammered))
    assert client.get(_url(hammered)).status_code == 429
    assert client.get(_url(other)).status_code == 200


def test_an_address_has_a_ceiling(client, world, survey, monkeypatch):
    monkeypatch.setattr(survey_views, "REQUESTS_PER_ADDRESS_PER_HOUR", 3)
    tokens = _printed(survey, world, how_many=4)
    assert [client.get(_url(t)).status_code for t in tokens] == [200, 200, 200, 429]
