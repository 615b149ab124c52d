"""Surveys: sent by single-use link, answered with no account, results suppressed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.surveys import services
from linkwork.surveys.models import Survey, SurveyLink, SurveyResponse
from linkwork.surveys.tests.factories import answered, survey_in

AGREE = {"aware_role": "agree", "patients_benefit": "strongly_agree"}


@pytest.fixture
def survey(world):
    return survey_in(world.hscp_a, world.users["commissioner"])


def _url(token: str) -> str:
    return reverse("surveys:respond", args=[token])


def _page(client, survey):
    """The results page's words, without markup."""
    client.force_login(survey.created_by)
    page = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace("&lt;", "<")


def test_sending_emails_a_single_use_link_to_each_of_the_hscps_staff_and_workers(world, survey):
    for name in ("practice_staff", "link_worker", "other_link_worker", "other_hscp_link_worker"):
        User.objects.filter(username=name).update(email=f"{name}@example.org")
    sent = services.send_survey(survey=survey, by=world.users["commissioner"])
    assert sent == 3  # Inverclyde's worker is not Glasgow's
    links = {link.staff_group: link for link in SurveyLink.objects.filter(survey=survey)}
    assert set(links) == {"gp", "link_worker"}
    assert links["gp"].practice == world.practice_x
    assert Survey.objects.get(pk=survey.pk).sent_at is not None


def test_the_email_holds_a_link_whose_token_is_kept_only_as_a_hash(
    world, survey, django_capture_on_commit_callbacks
):
    User.objects.filter(username="practice_staff").update(email="gp@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_survey(survey=survey, by=world.users["commissioner"])
    (message,) = mail.outbox
    token = message.body.split("/staff-survey/")[1].split("/")[0]
    assert message.to == ["gp@example.org"]
    assert not SurveyLink.objects.filter(token_hash=token).exists()
    assert SurveyLink.objects.get(token_hash=services.token_hash(token)).staff_group == "gp"


def test_a_practice_member_answers_with_no_account_once_only(client, world, survey):
    (token,) = services.print_links(
        survey=survey, practice=world.practice_x, how_many=1, by=survey.created_by
    )
    page = client.get(_url(token) + "?staff_group=gp")
    assert page.status_code == 200
    text = page.content.decode()
    assert "quick and easy" in text  # the GP's question on referring
    assert "confident suggesting" not in text  # a receptionist's
    assert "referrals I receive" not in text  # a link worker's
    answers = {**AGREE, "staff_group": "gp", "works_well": "Quick feedback"}
    assert client.post(_url(token), answers).status_code == 200
    response = SurveyResponse.objects.get(survey=survey)
    assert (response.staff_group, response.practice) == ("gp", world.practice_x)
    assert response.answers == {**AGREE, "works_well": "Quick feedback"}
    again = client.post(_url(token), answers)
    assert again.status_code == 404
    assert "This link cannot be used" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_respondent_with_no_known_group_chooses_it_first(client, world, survey):
    (token,) = services.print_links(
        survey=survey, practice=world.practice_x, how_many=1, by=survey.created_by
    )
    assert "Which staff group are you in?" in client.get(_url(token)).content.decode()
    refused = client.get(_url(token) + "?staff_group=dentist")
    assert refused.status_code == 400
    assert "Choose your staff group from those this link is for" in refused.content.decode()
    receptionist = client.get(_url(token) + "?staff_group=receptionist").content.decode()
    assert "confident suggesting" in receptionist
    assert "quick and easy" not in receptionist
    nothing = client.post(_url(token), {"staff_group": "receptionist"})
    assert "Answer at least one question" in nothing.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_known_staff_group_is_not_asked_and_cannot_be_changed(world, survey):
    (link_worker_token,) = services.print_links(
        survey=survey, how_many=1, staff_group="link_worker", by=survey.created_by
    )
    services.respond(token=link_worker_token, staff_group="gp", answers={"welcomed": "agree"})
    assert SurveyResponse.objects.get().staff_group == "link_worker"


def test_an_expired_link_is_refused(client, world, survey):
    (token,) = services.print_links(
        survey=survey, practice=world.practice_x, how_many=1, by=survey.created_by
    )
    SurveyLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(_url(token) + "?staff_group=gp")
    assert page.status_code == 404
    assert "This link cannot be used" in page.content.decode()
    with pytest.raises(services.LinkUnusable):
        services.respond(token=token, staff_group="gp", answers=AGREE)


def test_under_five_responses_nothing_is_shown(client, world, survey):
    answered(survey, world.practice_x, survey.created_by, ["gp"] * 4, works_well="Secret", **AGREE)
    page = _page(client, survey)
    assert "Responses <5 Response rate <5" in page
    assert "Fewer than 5 people have answered so far" in page
    assert "How many gave each answer" not in page
    assert "Secret" not in page


def test_results_show_rates_charts_tables_and_text_suppressing_a_small_group(client, world, survey):
    by = survey.created_by
    groups = ["gp"] * 6 + ["practice_nurse"] * 6 + ["receptionist"] * 2
    answered(survey, world.practice_x, by, groups, works_well="Fast", **AGREE)
    services.print_links(survey=survey, practice=world.practice_y, how_many=14, by=by)
    page = _page(client, survey)
    html = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()
    assert "Links made (emailed or printed) 28 Responses 14 Response rate 50%" in page
    assert "Practice engagement 1 of 2 practices = 50%" in page
    assert "GP * Practice nurse 6 Receptionist <5" in page  # the small one, and the next
    assert html.count('class="lw-chart"') == 2  # the two questions answered, 14 times each
    assert "Strongly agree 14" in page  # patients_benefit, in the table beside its chart
    assert "Agree or strongly agree: 100%" in page
    assert "Fast" in page  # 14 wrote it
    # Only the two receptionists were asked about suggesting the service: not shown.
    suggesting = page.split("I feel confident suggesting")[1][:120]
    assert "Fewer than 5 people have answered this question" in suggesting
    # Two receptionists answered aware_role beside the GPs and nurses: no share by group.
    assert "By staff group" not in page


def test_free_text_under_five_writers_is_not_shown(client, world, survey):
    by = survey.created_by
    answered(survey, world.practice_x, by, ["gp"] * 3, improve="Name me", **AGREE)
    answered(survey, world.practice_x, by, ["gp"] * 3, **AGREE)
    page = _page(client, survey)
    assert "Name me" not in page
    improve = page.split("What one thing would make the link worker service better?")[1]
    assert improve.strip().startswith("Fewer than 5 people have answered this question")
    assert "Agree or strongly agree: 100%" in page  # the six answers to the scales show


def test_shares_by_staff_group_show_when_every_group_is_large_enough(client, world, survey):
    by = survey.created_by
    answered(survey, world.practice_x, by, ["gp"] * 5, aware_role="agree")
    answered(survey, world.practice_y, by, ["practice_nurse"] * 5, aware_role="disagree")
    page = _page(client, survey)
    assert "By staff group, agree or strongly agree: GP 100%; Practice nurse 0%." in page


def test_a_new_round_is_compared_with_the_last(client, world, survey):
    by = survey.created_by
    answered(survey, world.practice_x, by, ["gp"] * 6, aware_role="disagree")
    later = services.next_round(survey=survey, year=2027, closes_on=survey.closes_on, by=by)
    answered(later, world.practice_x, by, ["gp"] * 6, aware_role="agree")
    page = _page(client, later)
    assert "Answer 2027 2026 Strongly disagree 0 0 Disagree 0 6 " in page
    assert "Agree or strongly agree: 100% (2026: 0%)" in page
    with pytest.raises(Exception, match="run again already"):
        services.next_round(survey=survey, year=2028, closes_on=survey.closes_on, by=by)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("commissioner", 200),
        ("team_lead", 200),
        ("national_analyst", 200),
        ("practice_staff", 404),
        ("link_worker", 404),
        ("other_hscp_team_lead", 404),
    ],
)
def test_only_the_hscps_team_leads_and_commissioners_see_results(
    client, world, survey, username, status
):
    client.force_login(world.users[username])
    assert client.get(reverse("surveys:survey", args=[survey.pk])).status_code == status


def test_another_hscps_commissioner_cannot_see_results(client, world, survey):
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role
    from linkwork.accounts.tests.factories import UserFactory

    inverclyde = UserFactory(username="inverclyde_commissioner")
    assign_role(user=inverclyde, role=Role.COMMISSIONER, hscp=world.hscp_b)
    client.force_login(inverclyde)
    assert client.get(reverse("surveys:survey", args=[survey.pk])).status_code == 404
    assert survey.title not in client.get(reverse("surveys:surveys")).content.decode()


def test_a_team_lead_makes_a_survey_and_prints_links_for_a_practice(client, world):
    client.force_login(world.users["team_lead"])
    form = {"hscp": world.hscp_a.pk, "title": "", "year": "2026", "audience": "both"}
    refused = client.post(reverse("surveys:new"), {**form, "closes_on": "2026-13-01"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Enter a title for the survey" in text
    assert "Enter the closing date as a date" in text
    closes = (timezone.localdate() + timedelta(days=10)).isoformat()
    made = client.post(reverse("surveys:new"), {**form, "title": "Staff", "closes_on": closes})
    survey = Survey.objects.get(title="Staff")
    assert made.url == reverse("surveys:survey", args=[survey.pk])
    url = reverse("surveys:printed_links", args=[survey.pk])
    other_hscp = client.post(url, {"practice": world.practice_z.pk, "how_many": "3"})
    assert "Choose one of the HSCP" in other_hscp.content.decode()
    printed = client.post(url, {"practice": world.practice_y.pk, "how_many": "3"})
    assert printed.content.decode().count("/staff-survey/") == 3
    assert SurveyLink.objects.filter(survey=survey, practice=world.practice_y).count() == 3


def test_sending_twice_is_refused_and_a_closed_survey_takes_no_answers(client, world, survey):
    client.force_login(world.users["commissioner"])
    send = reverse("surveys:send", args=[survey.pk])
    client.post(send)
    again = client.post(send, follow=True)
    assert "It keeps no record of who had a link" in again.content.decode()
    (token,) = services.print_links(
        survey=survey, practice=world.practice_x, how_many=1, by=survey.created_by
    )
    closed = client.post(reverse("surveys:close", args=[survey.pk]), follow=True)
    assert "Survey closed: its links no longer work" in closed.content.decode()
    assert "Close the survey now" not in closed.content.decode()
    survey.refresh_from_db()
    assert client.get(_url(token) + "?staff_group=gp").status_code == 404
    with pytest.raises(Exception, match="has closed"):
        services.print_links(
            survey=survey, practice=world.practice_x, how_many=1, by=survey.created_by
        )


def test_the_token_of_a_survey_link_is_kept_out_of_the_logs():
    from linkwork.config.logredact import redact

    assert redact("GET /staff-survey/abc-DEF_1/?staff_group=gp") == (
        "GET /staff-survey/[redacted]/?staff_group=gp"
    )
