"""Other agencies on a case, joint visits, and holding a case while the person waits for
another service (issue 13, decision 0072)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import agencies, services
from linkwork.casework.models import Case, CaseAgency, Session
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.casework.tests.helpers import TODAY, at, case_url, page_of

AGENCY = {
    "agency_type": "community_mental_health",
    "name": "Govan CMHT",
    "contact_name": "Sam Reid",
    "contact_role": "CPN",
    "phone": "0141 555 0101",
    "email": "sam.reid@example.org",
    "note": "Assessment booked for January",
}


def _agency(world, **fields) -> CaseAgency:
    return agencies.add_agency(
        case=world.case_x, by=world.users["link_worker"], **{**AGENCY, **fields}
    )


def test_a_worker_adds_an_agency_from_the_case_page_and_it_shows_audited(
    wednesday_morning, world, worker
):
    url = reverse("casework:add_agency", args=[world.case_x.pk])
    assert worker.get(url).status_code == 200
    response = worker.post(url, AGENCY)
    assert response.status_code == 302
    agency = CaseAgency.objects.get(case=world.case_x)
    assert (agency.name, agency.contact_role, agency.started_on) == ("Govan CMHT", "CPN", TODAY)
    assert agency.history.latest().history_user == world.users["link_worker"]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="casework.caseagency", object_id=str(agency.pk)
    ).exists()
    page = page_of(worker.get(case_url(world.case_x)))
    assert "Govan CMHT" in page
    assert "Sam Reid, CPN" in page
    assert "Agency involved: Govan CMHT (Community mental health team)" in page


def test_an_agency_needs_its_kind_and_name_and_says_so(wednesday_morning, world, worker):
    url = reverse("casework:add_agency", args=[world.case_x.pk])
    response = worker.post(url, {"email": "not an email"})
    assert response.status_code == 400
    page = page_of(response)
    assert "Select the kind of agency" in page
    assert "Enter the team or service" in page
    assert "Enter an email address like name@example.com" in page
    assert not CaseAgency.objects.exists()


def test_an_agency_is_changed_then_ended_and_stays_on_the_record(wednesday_morning, world, worker):
    agency = _agency(world)
    response = worker.post(
        reverse("casework:agency", args=[agency.pk]),
        {**AGENCY, "contact_name": "Alex Kerr", "version": agency.version},
    )
    assert response.status_code == 302
    response = worker.post(
        reverse("casework:end_agency", args=[agency.pk]),
        {"ended_on": TODAY.isoformat(), "version": agency.version + 1},
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.contact_name, agency.ended_on) == ("Alex Kerr", TODAY)
    assert agency.history.count() == 3
    page = page_of(worker.get(case_url(world.case_x)))
    assert "no longer involved since 25 Nov 2026" in page
    assert "Agency no longer involved: Govan CMHT" in page


def test_an_agency_cannot_end_before_it_started(wednesday_morning, world):
    agency = _agency(world)
    with pytest.raises(ValidationError) as refused:
        agencies.end_agency(
            agency=agency, by=world.users["link_worker"], ended_on=TODAY - timedelta(days=1)
        )
    assert "cannot be before the agency was added" in refused.value.message_dict["ended_on"][0]


def test_an_agency_cannot_end_in_the_future_and_the_message_says_what_to_enter(
    wednesday_morning, world
):
    agency = _agency(world)
    with pytest.raises(ValidationError) as refused:
        agencies.end_agency(
            agency=agency, by=world.users["link_worker"], ended_on=TODAY + timedelta(days=1)
        )
    assert refused.value.message_dict["ended_on"] == [agencies.AGENCY_ENDED_FUTURE]
    assert "enter today's date or earlier" in agencies.AGENCY_ENDED_FUTURE
    agency.refresh_from_db()
    assert agency.ended_on is None


@pytest.mark.parametrize("who", ["other_link_worker", "practice_staff", "community_partner"])
def test_only_who_may_change_the_case_adds_agencies_holds_or_closes(
    wednesday_morning, world, client, who
):
    agency = _agency(world)
    client.force_login(world.users[who])
    for url in (
        reverse("casework:add_agency", args=[world.case_x.pk]),
        reverse("casework:agency", args=[agency.pk]),
        reverse("casework:end_agency", args=[agency.pk]),
        reverse("casework:hold", args=[world.case_x.pk]),
        reverse("casework:close", args=[world.case_x.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("casework:end_holding", args=[world.case_x.pk])).status_code in (
        403,
        404,
    )


def test_a_joint_visit_names_an_agency_of_the_case_and_shows_it(wednesday_morning, world, worker):
    new_session = reverse("casework:new_session", args=[world.case_x.pk])
    assert "Another agency joined" not in page_of(worker.get(new_session))  # none to choose
    agency = _agency(world)
    assert "Another agency joined" in page_of(worker.get(new_session))
    response = worker.post(
        new_session,
        {
            "date": "2026-11-25",
            "time": "09:00",
            "mode": "home_visit",
            "duration_minutes": "45",
            "outcome": "attended",
            "joint_agency": agency.pk,
        },
    )
    assert response.status_code == 302, page_of(response)
    session = Session.objects.get(joint_agency=agency)
    assert session.outcome == "attended"
    page = page_of(worker.get(case_url(world.case_x)))
    assert "joint with Govan CMHT" in page
    assert "Joint visit with Govan CMHT" in page_of(
        worker.get(reverse("casework:session", args=[session.pk]))
    )


def test_a_joint_visit_cannot_name_another_cases_agency(wednesday_morning, world):
    theirs = agencies.add_agency(case=world.case_y, by=world.users["other_link_worker"], **AGENCY)
    with pytest.raises(ValidationError) as refused:
        services.record_session(
            case=world.case_x,
            by=world.users["link_worker"],
            starts_at=at(9),
            mode="phone",
            outcome="attended",
            joint_agency=theirs,
        )
    assert "joint_agency" in refused.value.message_dict


def _hold(worker, world, **extra):
    case = Case.objects.get(pk=world.case_x.pk)
    return worker.post(
        reverse("casework:hold", args=[case.pk]),
        {
            "holding_reason": "Waiting for a mental health assessment",
            "waiting_for": "Govan CMHT",
            "holding_review_on": "2026-12-09",
            "version": case.version,
            **extra,
        },
    )


def test_holding_needs_a_review_date_in_the_future(wednesday_morning, world, worker):
    response = _hold(worker, world, holding_review_on="2026-11-24")
    assert response.status_code == 400
    assert agencies.HOLDING_REVIEW_PASSED in page_of(response)
    response = _hold(worker, world, holding_review_on="")
    assert response.status_code == 400
    assert agencies.HOLDING_REVIEW_MISSING in page_of(response)
    assert not Case.objects.get(pk=world.case_x.pk).is_holding


def test_a_held_case_stays_open_shows_apart_and_ends_from_the_case_page(
    wednesday_morning, world, worker
):
    assert _hold(worker, world).status_code == 302
    case = Case.objects.get(pk=world.case_x.pk)
    assert case.is_open
    assert case.is_holding
    assert (case.holding_since, case.holding_review_on) == (TODAY, date(2026, 12, 9))
    page = page_of(worker.get(case_url(case)))
    assert "Holding while waiting for Govan CMHT" in page
    assert "Holding for Govan CMHT: review by 9 Dec 2026" in page  # the timeline
    home = page_of(worker.get(reverse("home:link_worker")))
    holding = home[home.index(">Holding</h2>") : home.index(">My caseload</h2>")]
    assert f">{case.person.full_name}</a>" in holding
    assert "9 Dec 2026" in holding
    caseload = home[home.index(">My caseload</h2>") :]
    assert f">{case.person.full_name}</a>" not in caseload  # apart, not twice
    assert worker.post(reverse("casework:end_holding", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert not case.is_holding
    assert case.is_open
    assert "No longer holding" in page_of(worker.get(case_url(case)))


def test_holding_cases_sort_by_review_and_an_overdue_review_stands_out_on_my_day(
    wednesday_morning, world, worker
):
    lw = world.users["link_worker"]
    later = CaseFactory(person=PersonFactory(practice=world.practice_x), link_worker=world.worker_a)
    agencies.hold_case(case=later, by=lw, reason="Waiting for housing", review_on=date(2027, 1, 5))
    agencies.hold_case(case=world.case_x, by=lw, reason="Waiting", review_on=date(2026, 11, 26))
    Case.objects.filter(pk=world.case_x.pk).update(holding_review_on=date(2026, 11, 20))
    home = page_of(worker.get(reverse("home:link_worker")))
    holding = home[home.index(">Holding</h2>") : home.index(">My caseload</h2>")]
    first, second = world.case_x.person.full_name, later.person.full_name
    assert holding.index(first) < holding.index(second)  # soonest review first
    assert holding.count("Review overdue") == 1
    assert "Holding reviews due" in home
    due = home[home.index("Holding reviews due") : home.index(">Today</h2>")]
    assert first in due
    assert second not in due
    assert "review was due 20 Nov" in due
    # The open count includes them, and says so: the caseload below lists them apart.
    assert "(2 holding, listed apart)" in home[: home.index(">Today</h2>")]


def test_holding_ends_when_the_case_closes(wednesday_morning, world):
    lw = world.users["link_worker"]
    agencies.hold_case(case=world.case_x, by=lw, reason="Waiting", review_on=date(2026, 12, 1))
    services.close_case(case=world.case_x, by=lw, reason="goals_met", closed_on=TODAY)
    world.case_x.refresh_from_db()
    assert world.case_x.holding_since is None
    assert not world.case_x.is_holding
    with pytest.raises(ValidationError):
        agencies.hold_case(case=world.case_x, by=lw, reason="Waiting", review_on=date(2026, 12, 1))


def test_the_case_api_lists_the_agencies_and_names_a_joint_visits(api, world):
    agency = _agency(world)
    session = services.record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=timezone.now() - timedelta(hours=1),
        mode="home_visit",
        outcome="attended",
        joint_agency=agency,
    )
    case = api(world.users["link_worker"]).get(f"/cases/{world.case_x.pk}").json()
    assert [(a["name"], a["agency_type_label"]) for a in case["agencies"]] == [
        ("Govan CMHT", "Community mental health team")
    ]
    joint = next(s for s in case["sessions"] if s["id"] == session.pk)
    assert joint["joint_agency_id"] == agency.pk
