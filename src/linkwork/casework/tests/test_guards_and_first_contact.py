"""The one-click guards on a case (issue 13, decision 0072): a session's outcome is chosen,
never prefilled; closing answers each open action and link first, and a "did not engage"
closure says why. And first contact tells the person why they were referred."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.casefile import closing
from linkwork.casefile import views as casefile_views
from linkwork.casework import agencies, services
from linkwork.casework.forms.sessions import OUTCOME_MISSING
from linkwork.casework.models import Action, Case, CaseStatus, Goal
from linkwork.casework.tests.helpers import (
    TODAY,
    answered,
    at,
    case_url,
    close_answers,
    page_of,
)
from linkwork.directory.models import Organisation
from linkwork.links import services as link_services
from linkwork.links.models import Link
from linkwork.referrals import services as referrals
from linkwork.referrals.models import Referral


@pytest.fixture(autouse=True)
def no_exit_prompt(monkeypatch):
    monkeypatch.setattr(casefile_views, "exit_prompt_url", lambda request, case: None)


def _close(worker, world, **extra):
    case = Case.objects.get(pk=world.case_x.pk)
    return worker.post(
        reverse("casework:close", args=[case.pk]),
        {"reason": "goals_met", "closed_on": TODAY.isoformat(), "version": case.version, **extra},
    )


def test_the_session_outcome_is_not_prefilled_and_must_be_chosen(wednesday_morning, world, worker):
    url = reverse("casework:session", args=[world.session_x.pk])
    page = page_of(worker.get(url + "?next=/"))
    assert 'value="attended" checked' not in page
    assert "checked" not in page.split('name="outcome"', 1)[1].split("</fieldset>", 1)[0]
    response = worker.post(url, {"duration_minutes": "30", "version": world.session_x.version})
    assert response.status_code == 400
    page = page_of(response)
    assert OUTCOME_MISSING in page
    assert 'href="#id_outcome"' in page  # the error summary names the field
    world.session_x.refresh_from_db()
    assert world.session_x.outcome == ""


def test_recording_a_session_from_the_case_has_no_outcome_chosen_either(
    wednesday_morning, world, worker
):
    page = page_of(worker.get(reverse("casework:new_session", args=[world.case_x.pk])))
    fieldset = page.split('name="outcome"', 1)[1].split("</fieldset>", 1)[0]
    assert "checked" not in fieldset


def test_the_close_page_lists_open_actions_and_links_and_asks_of_each(
    wednesday_morning, world, worker
):
    page = page_of(worker.get(reverse("casework:close", args=[world.case_x.pk])))
    assert "Still open on this case" in page
    assert "Action: Call the council" in page
    assert "Referral: Govan walking group" in page
    assert "Referral: Another lunch club" in page
    assert "Stop it: no longer needed" in page
    assert "Withdraw the referral" in page


def test_closing_with_an_unanswered_one_names_it_and_saves_nothing(
    wednesday_morning, world, worker
):
    answers = answered(world.case_x)
    answers.pop(f"link_{world.link_other.pk}")
    response = _close(worker, world, **answers)
    assert response.status_code == 400
    assert "Choose what happens to “Another lunch club”" in page_of(response)
    world.case_x.refresh_from_db()
    world.action_x.refresh_from_db()
    assert world.case_x.status == CaseStatus.OPEN
    assert world.action_x.status == "to_do"  # nothing half-done


def test_closing_applies_each_answer_then_closes(
    wednesday_morning, world, worker, django_capture_on_commit_callbacks
):
    answers = {
        f"action_{world.action_x.pk}": "stopped",
        f"link_{world.link_x.pk}": "leave",
        f"link_{world.link_other.pk}": "withdraw",
    }
    Organisation.objects.filter(pk=world.other_org.pk).update(email="in@other.example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _close(worker, world, **answers).status_code == 302
    assert Action.objects.get(pk=world.action_x.pk).status == "stopped"
    assert Link.objects.get(pk=world.link_x.pk).status == "sent"
    withdrawn = Link.objects.get(pk=world.link_other.pk)
    assert withdrawn.status == "stopped"
    assert "case closed" in withdrawn.events.latest("pk").note
    assert withdrawn.status_label == "Withdrawn"  # decision 0126: and its organisation told
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["in@other.example.org"], f"Referral {withdrawn.pk} withdrawn")
    ]
    assert Case.objects.get(pk=world.case_x.pk).status == CaseStatus.CLOSED


def test_an_action_added_after_the_page_was_shown_stops_the_close(wednesday_morning, world):
    lw = world.users["link_worker"]
    answers = {world.action_x.pk: "done"}
    services.add_action(goal=world.goal_x, by=lw, description="Ring the GP", owner="Jim")
    with pytest.raises(ValidationError) as refused:
        closing.close_answering(
            case=world.case_x,
            by=lw,
            actions=answers,
            links={world.link_x.pk: "leave", world.link_other.pk: "leave"},
            reason="goals_met",
            closed_on=TODAY,
        )
    assert "Choose what happens to “Ring the GP”" in str(refused.value)
    world.case_x.refresh_from_db()
    assert world.case_x.status == CaseStatus.OPEN


def test_did_not_engage_reveals_and_requires_a_reason(wednesday_morning, world, worker):
    page = page_of(worker.get(reverse("casework:close", args=[world.case_x.pk])))
    assert "nhsuk-radios__conditional" in page
    assert "Declined at first contact" in page
    response = _close(worker, world, reason="did_not_engage", **answered(world.case_x))
    assert response.status_code == 400
    assert "Select why the person did not engage" in page_of(response)
    assert Case.objects.get(pk=world.case_x.pk).status == CaseStatus.OPEN
    response = _close(
        worker,
        world,
        reason="did_not_engage",
        not_engaged_reason="not_reachable",
        **answered(world.case_x),
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case_x.pk)
    assert (case.closure_reason, case.not_engaged_reason) == ("did_not_engage", "not_reachable")
    page = page_of(worker.get(case_url(case)))
    assert "Did not engage after contact attempts (not reachable)" in page


def test_another_reason_keeps_no_not_engaged_reason(wednesday_morning, world):
    case = services.close_case(
        case=world.case_x,
        by=world.users["link_worker"],
        reason="goals_met",
        closed_on=TODAY,
        not_engaged_reason="moved_away",
    )
    assert case.not_engaged_reason == ""
    services.reopen_case(case=case, by=world.users["link_worker"])
    assert case.not_engaged_reason == ""


def test_the_service_refuses_did_not_engage_without_a_coded_reason(wednesday_morning, world):
    for given in ("", "fell_out"):
        with pytest.raises(ValidationError) as refused:
            services.close_case(
                case=world.case_x,
                by=world.users["link_worker"],
                reason="did_not_engage",
                closed_on=TODAY,
                not_engaged_reason=given,
            )
        assert "not_engaged_reason" in refused.value.message_dict


def test_first_contact_shows_why_they_were_referred_in_plain_words(
    wednesday_morning, world, worker
):
    Referral.objects.filter(pk=world.referral_x.pk).update(
        reason_detail="Struggling since losing his job",
        what_matters="Getting back to the bowling club",
        referrer_name="Dr Shah",
    )
    lw = world.users["link_worker"]
    case = referrals.accept_referral(
        referral=Referral.objects.get(pk=world.referral_x.pk), by=lw, link_worker=world.worker_a
    )
    for url in (
        reverse("casework:new_session", args=[case.pk]),
        reverse("casework:book_session", args=[case.pk]),
    ):
        page = page_of(worker.get(url))
        assert "Why Jim was referred" in page
        assert "Help with your home or finding somewhere to live" in page  # housing, plainly
        assert "Help with money and benefits" in page
        assert "Struggling since losing his job" in page
        assert "Getting back to the bowling club" in page
        assert "Referred by Dr Shah, GP (Practice X)" in page
    services.record_session(
        case=case, by=lw, starts_at=at(9), mode="phone", outcome="attended", duration_minutes=30
    )
    later = page_of(worker.get(reverse("casework:new_session", args=[case.pk])))
    assert "Why Jim was referred" not in later  # they have met now


def test_the_case_api_takes_and_gives_the_not_engaged_reason_and_holding(api, world):
    client = api(world.users["link_worker"])
    agencies.hold_case(
        case=world.case_x,
        by=world.users["link_worker"],
        reason="Waiting for CMHT",
        review_on=timezone.localdate() + timedelta(days=14),
    )
    case = client.get(f"/cases/{world.case_x.pk}").json()
    assert (case["holding"], case["holding_reason"]) == (True, "Waiting for CMHT")
    path = f"/cases/{world.case_x.pk}/close"
    body = {
        "version": Case.objects.get(pk=world.case_x.pk).version,
        "reason": "did_not_engage",
        "closed_on": str(timezone.localdate()),
        **close_answers(world),
    }
    refused = client.post(path, body)
    assert refused.status_code == 422
    assert "not_engaged_reason" in refused.content.decode()
    closed = client.post(path, {**body, "not_engaged_reason": "not_the_right_time"}).json()
    assert (closed["not_engaged_reason"], closed["not_engaged_reason_label"]) == (
        "not_the_right_time",
        "Not the right time",
    )
    assert closed["holding"] is False


def _closed(world):
    case = Case.objects.get(pk=world.case_x.pk)
    return services.close_case(
        case=case, by=world.users["link_worker"], reason="goals_met", closed_on=TODAY
    )


def test_nothing_new_is_added_to_a_closed_case_through_the_services(wednesday_morning, world):
    case = _closed(world)
    worker = world.users["link_worker"]
    goal = Goal.objects.get(pk=world.goal_x.pk)
    attempts = {
        "a session": lambda: services.record_session(
            case=case, by=worker, starts_at=at(9), mode="in_practice"
        ),
        "a goal": lambda: services.add_goal(case=case, by=worker, wording="Walk more"),
        "an action": lambda: services.add_action(
            goal=goal, by=worker, description="Ring the club", owner="worker"
        ),
        "an agency": lambda: agencies.add_agency(
            case=case, by=worker, agency_type="social_work", name="CMHT"
        ),
        "a link": lambda: link_services.create_link(
            case=case, service=world.service_x, by=worker, support_type="signposted"
        ),
        "a signpost": lambda: link_services.signpost(case=case, service=world.service_x, by=worker),
    }
    for what, attempt in attempts.items():
        before = (case.sessions.count(), case.goals.count(), Link.objects.count())
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.message_dict["__all__"] == [
            f"This case is closed: reopen it first to add {what}"
        ]
        assert (case.sessions.count(), case.goals.count(), Link.objects.count()) == before


def test_a_closed_cases_add_forms_send_the_worker_back_to_the_case_saying_why(
    wednesday_morning, world, worker
):
    """Neither shown nor saved: each form that adds to a case, asked for or posted to by
    its address, goes back to the case page with the reason, and nothing is added."""
    case = _closed(world)
    goal = Goal.objects.get(pk=world.goal_x.pk)
    service = world.service_x.pk
    forms = {
        "a session": reverse("casework:new_session", args=[case.pk]),
        "a goal": reverse("casework:new_goal", args=[case.pk]),
        "an action": reverse("casework:new_action", args=[goal.pk]),
        "an agency": reverse("casework:add_agency", args=[case.pk]),
        "a link": reverse("links:refer", args=[case.pk, service]),
    }
    session = {"date": TODAY.isoformat(), "time": "09:00", "mode": "in_practice"}
    before = (case.sessions.count(), case.goals.count(), Action.objects.count())
    for what, url in forms.items():
        for response in (worker.get(url), worker.post(url, {**session, "wording": "Walk"})):
            assert response.status_code == 302, (what, response.status_code)
            assert response.url == case_url(case)
        shown = page_of(worker.get(case_url(case)))
        assert f"This case is closed: reopen it first to add {what}" in shown
    signposted = worker.post(reverse("links:signpost", args=[case.pk, service]))
    assert signposted.status_code == 302
    assert "reopen it first to add a signpost" in page_of(worker.get(case_url(case)))
    assert (case.sessions.count(), case.goals.count(), Action.objects.count()) == before
    assert not case.agencies.exists()
    assert (
        not Link.objects.filter(case=case)
        .exclude(pk__in=[world.link_x.pk, world.link_other.pk])
        .exists()
    )
    search = page_of(worker.get(reverse("directory:search"), {"case": case.pk, "q": "walking"}))
    assert "Govan walking group" in search
    assert reverse("links:signpost", args=[case.pk, service]) not in search


def test_closing_over_the_api_answers_for_each_open_action_and_link_as_the_page_does(
    api, wednesday_morning, world
):
    client = api(world.users["link_worker"])
    path = f"/cases/{world.case_x.pk}/close"
    body = {"version": world.case_x.version, "reason": "goals_met", "closed_on": str(TODAY)}
    refused = client.post(path, body)
    assert refused.status_code == 422
    named = {error["loc"][-1]: error["msg"] for error in refused.json()["detail"]}
    assert named == {
        f"action_{world.action_x.pk}": f"Choose what happens to “{world.action_x.description}”",
        f"link_{world.link_x.pk}": "Choose what happens to the referral to Govan walking group",
        f"link_{world.link_other.pk}": "Choose what happens to the referral to Another lunch club",
    }
    assert Case.objects.get(pk=world.case_x.pk).status == CaseStatus.OPEN
    answers = close_answers(world)
    answers["links"][str(world.link_other.pk)] = "withdraw"
    closed = client.post(path, {**body, **answers})
    assert closed.status_code == 200, closed.content
    assert Action.objects.get(pk=world.action_x.pk).status == "done"
    assert Link.objects.get(pk=world.link_other.pk).status == "stopped"  # withdrawn
    assert Link.objects.get(pk=world.link_x.pk).status == world.link_x.status


def test_closing_over_the_api_refuses_answers_for_another_cases_link(api, wednesday_morning, world):
    body = {
        "version": world.case_x.version,
        "reason": "goals_met",
        "closed_on": str(TODAY),
        **close_answers(world),
    }
    body["links"]["999999"] = "withdraw"
    refused = api(world.users["link_worker"]).post(f"/cases/{world.case_x.pk}/close", body)
    assert refused.status_code == 422
    assert {error["loc"][-1]: error["msg"] for error in refused.json()["detail"]} == {
        "link_999999": "This case has no onward link 999999"
    }
    assert Case.objects.get(pk=world.case_x.pk).status == CaseStatus.OPEN
