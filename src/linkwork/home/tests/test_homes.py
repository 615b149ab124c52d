"""Role home pages: what each role sees first, built only from records they may reach."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.casework import services as casework
from linkwork.casework.models import ActionStatus
from linkwork.casework.rules import NO_CONTACT_DAYS_WRONG
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.organisations.tests.factories import PracticeAttachmentFactory, PracticeFactory
from linkwork.referrals import services as referrals

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 25)
HOME = "home:link_worker"


@pytest.fixture
def wednesday_morning():
    """Wednesday 25 November 2026, 10:00 in Glasgow: the world is built at this time."""
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)):
        yield


def at(hour: int, day: date = TODAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def section(page: str, heading: str, until: str | None = None) -> str:
    """The part of the page under one heading, up to the next given heading."""
    start = page.index(f">{heading}</h2>")
    end = page.index(f">{until}</h2>", start) if until else len(page)
    return page[start:end]


def linked(person) -> str:
    return f">{person.full_name}</a>"


def home_of(client, user, params=None) -> str:
    client.force_login(user)
    response = client.get(reverse(HOME), params or {})
    assert response.status_code == 200
    return response.content.decode()


def refer(world, family_name, practice=None, urgency="routine"):
    return referrals.create_referral(
        person=referrals.PersonDetails(
            given_name="Nan",
            family_name=family_name,
            date_of_birth=date(1948, 3, 3),
            sex="female",
        ),
        details=referrals.ReferralDetails(
            practice=practice or world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["housing"],
            urgency=urgency,
            consent_to_referral=True,
        ),
        by=world.users["practice_staff"],
    )


# The link worker's day ---------------------------------------------------------------------


def test_todays_sessions_are_listed_with_a_link_back_to_home(wednesday_morning, client, world):
    lw = world.users["link_worker"]
    yesterday = casework.record_session(
        case=world.case_x, by=lw, starts_at=at(15, TODAY - timedelta(days=1)), mode="phone"
    )
    tomorrow = casework.record_session(
        case=world.case_x, by=lw, starts_at=at(9, TODAY + timedelta(days=1)), mode="phone"
    )
    earlier = casework.record_session(
        case=world.case_x, by=lw, starts_at=at(8), mode="video", outcome="attended"
    )
    casework.record_session(
        case=world.case_y, by=world.users["other_link_worker"], starts_at=at(11), mode="phone"
    )
    today = section(home_of(client, lw), "Today", "Overdue actions")
    assert linked(world.case_x.person) in today
    assert "10:00" in today
    assert "08:00" in today
    assert "Home visit" in today
    assert "Attended" in today
    record = reverse("casework:session", args=[world.session_x.pk]) + f"?next={reverse(HOME)}"
    assert record in today
    assert reverse("casework:session", args=[earlier.pk]) not in today  # already recorded
    for other in (yesterday, tomorrow):
        assert reverse("casework:session", args=[other.pk]) not in today
    assert linked(world.case_y.person) not in today


def test_a_day_with_no_sessions_says_so(wednesday_morning, client, world):
    today = section(home_of(client, world.users["other_link_worker"]), "Today", "Overdue actions")
    assert "No sessions booked today." in today


def test_overdue_actions_are_listed_until_done(wednesday_morning, client, world):
    lw = world.users["link_worker"]
    goal = world.goal_x
    overdue = casework.add_action(
        goal=goal, by=lw, description="Fill in the PIP form", owner="Jim", due_on=date(2026, 11, 20)
    )
    casework.add_action(goal=goal, by=lw, description="Due today action", owner="Jim", due_on=TODAY)
    done = casework.add_action(
        goal=goal, by=lw, description="Done already action", owner="Jim", due_on=date(2026, 11, 1)
    )
    casework.update_action(action=done, by=lw, status=ActionStatus.DONE)
    other_goal = casework.add_goal(
        case=world.case_y, by=world.users["other_link_worker"], wording="Theirs"
    )
    casework.add_action(
        goal=other_goal,
        by=world.users["other_link_worker"],
        description="Someone else's overdue action",
        owner="Them",
        due_on=date(2026, 11, 2),
    )
    box = section(home_of(client, lw), "Overdue actions", "New referrals for my practices")
    assert "Fill in the PIP form" in box
    assert "due 20 Nov" in box
    assert reverse("casework:action", args=[overdue.pk]) in box
    assert "Due today action" not in box
    assert "Done already action" not in box
    assert "Call the council" not in box  # no due date
    assert "Someone else" not in box

    casework.update_action(action=overdue, by=lw, status=ActionStatus.DONE)
    box = section(home_of(client, lw), "Overdue actions", "New referrals for my practices")
    assert "Fill in the PIP form" not in box
    assert "Nothing overdue." in box


def test_overdue_actions_on_a_closed_case_are_not_listed(wednesday_morning, client, world):
    lw = world.users["link_worker"]
    casework.update_action(action=world.action_x, by=lw, due_on=date(2026, 11, 1))
    casework.close_case(case=world.case_x, by=lw, reason="moved_away", closed_on=TODAY)
    box = section(home_of(client, lw), "Overdue actions", "New referrals for my practices")
    assert "Call the council" not in box
    assert "Nothing overdue." in box


def test_new_referrals_for_my_practices_only(wednesday_morning, client, world):
    urgent = refer(world, "Urgentcase", urgency="urgent")
    elsewhere = refer(world, "Atpracticey", practice=world.practice_y)
    accepted = refer(world, "Acceptedalready")
    referrals.accept_referral(
        referral=accepted, by=world.users["link_worker"], link_worker=world.worker_a
    )
    page = home_of(client, world.users["link_worker"])
    urgent_box = page[page.index("Urgent referrals waiting") : page.index(">Today</h2>")]
    assert linked(urgent.person) in urgent_box  # first on the page, apart, in red
    assert "nhsuk-tag--red" in urgent_box
    assert "Received today" in urgent_box  # referred this morning: not "0 days"
    assert "0 days" not in page
    box = section(page, "New referrals for my practices", "My caseload")
    assert linked(world.referral_x.person) in box
    assert linked(urgent.person) not in box
    assert linked(elsewhere.person) not in box
    assert linked(accepted.person) not in box

    theirs = section(
        home_of(client, world.users["other_link_worker"]),
        "New referrals for my practices",
        "My caseload",
    )
    assert linked(elsewhere.person) in theirs
    assert linked(world.referral_x.person) not in theirs


# Caseload filters --------------------------------------------------------------------------


@pytest.fixture
def caseload(wednesday_morning, world):
    """Worker A's cases: case_x (X, open, never seen), one closed, one high complexity last
    seen 40 days ago, and one at practice Y (low, seen 2 days ago)."""
    lw = world.users["link_worker"]
    PracticeAttachmentFactory(link_worker=world.worker_a, practice=world.practice_y)

    def case(family_name, practice, complexity="", seen_days_ago=None):
        made = CaseFactory(
            person=PersonFactory(given_name="Ena", family_name=family_name, practice=practice),
            link_worker=world.worker_a,
            complexity=complexity,
        )
        if seen_days_ago is not None:
            casework.record_session(
                case=made,
                by=lw,
                starts_at=timezone.now() - timedelta(days=seen_days_ago),
                mode="phone",
                outcome="attended",
            )
        return made

    closed = case("Closedcase", world.practice_x)
    casework.close_case(case=closed, by=lw, reason="goals_met", closed_on=TODAY)
    cases = {
        "open_x": world.case_x,
        "closed": closed,
        "high": case("Highcase", world.practice_x, "high", seen_days_ago=40),
        "at_y": case("Practicey", world.practice_y, "low", seen_days_ago=2),
        "not_mine": world.case_y,
    }
    # A session that did not happen is not contact.
    casework.record_session(
        case=cases["at_y"],
        by=lw,
        starts_at=timezone.now() - timedelta(hours=2),
        mode="phone",
        outcome="did_not_attend",
    )
    return cases


IN_PLACE = {"HX-Request": "true", "HX-Target": "caseload"}  # htmx filtering or paging


def caseload_in_place(client, user, params=None):
    client.force_login(user)
    return client.get(reverse(HOME), params or {}, headers=IN_PLACE)


def shown(client, world, cases, params=None, in_place=False) -> set[str]:
    if in_place:
        listing = caseload_in_place(client, world.users["link_worker"], params).content.decode()
    else:
        listing = section(home_of(client, world.users["link_worker"], params), "My caseload")
    return {name for name, case in cases.items() if linked(case.person) in listing}


def test_the_caseload_shows_my_open_cases_by_default(caseload, client, world):
    assert shown(client, world, caseload) == {"open_x", "high", "at_y"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, {"open_x", "high", "at_y"}),
        ({"status": "closed"}, {"closed"}),
        ({"status": "all"}, {"open_x", "closed", "high", "at_y"}),
        ({"complexity": "high"}, {"high"}),
        ({"complexity": "low"}, {"at_y"}),
        ({"complexity": "mid"}, set()),
        ({"practice": "Y"}, {"at_y"}),
        ({"practice": "X"}, {"open_x", "high"}),
        ({"practice": "X", "status": "all"}, {"open_x", "closed", "high"}),
        ({"no_contact_days": "30"}, {"open_x", "high"}),
        ({"no_contact_days": "1"}, {"open_x", "high", "at_y"}),
        ({"no_contact_days": "60"}, {"open_x"}),
        ({"no_contact_days": "30", "complexity": "high"}, {"high"}),
    ],
)
@pytest.mark.parametrize("in_place", [False, True], ids=["page", "in place"])
def test_each_caseload_filter_narrows_the_list(caseload, client, world, params, expected, in_place):
    practices = {"X": world.practice_x.pk, "Y": world.practice_y.pk}
    if "practice" in params:
        params = {**params, "practice": practices[params["practice"]]}
    assert shown(client, world, caseload, params, in_place) == expected


@pytest.mark.parametrize("days", ["99999999999", "3651", "0", "-5", "ten"])
def test_a_no_contact_filter_out_of_range_is_named_not_a_server_error(
    caseload, client, world, days
):
    """A cut-off beyond ten years would overflow the calendar: the field says what to
    enter, and the caseload shows unfiltered (open cases) meanwhile."""
    page = home_of(client, world.users["link_worker"], {"no_contact_days": days})
    assert NO_CONTACT_DAYS_WRONG in page
    assert shown(client, world, caseload, {"no_contact_days": days}) == {"open_x", "high", "at_y"}


@pytest.mark.parametrize("in_place", [False, True], ids=["page", "in place"])
def test_a_filter_in_error_is_left_out_and_the_others_still_apply(
    caseload, client, world, in_place
):
    """The form still shows "All" and the practice chosen: the list follows them."""
    params = {"status": "all", "practice": world.practice_x.pk, "no_contact_days": "0"}
    assert shown(client, world, caseload, params, in_place) == {"open_x", "closed", "high"}


def test_ten_years_without_contact_is_a_filter(caseload, client, world):
    assert shown(client, world, caseload, {"no_contact_days": "3650"}) == {"open_x"}


def test_a_practice_not_mine_is_not_a_filter_choice(caseload, client, world):
    shown_cases = shown(client, world, caseload, {"practice": world.practice_z.pk})
    assert "not_mine" not in shown_cases
    assert world.case_z.person.full_name not in home_of(client, world.users["link_worker"])


def test_the_caseload_shows_complexity_and_last_contact(caseload, client, world):
    listing = section(home_of(client, world.users["link_worker"]), "My caseload")
    assert "High complexity" in listing
    assert "16 Oct 2026" in listing  # 40 days before 25 November
    assert "No contact yet" in listing
    assert "3 cases" in listing


def test_a_long_caseload_shows_a_page_at_a_time_and_its_pages_keep_the_filters(client, world):
    from linkwork.core.paging import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        CaseFactory(person=PersonFactory(practice=world.practice_x), link_worker=world.worker_a)
    client.force_login(world.users["link_worker"])
    home = reverse("home:link_worker")

    first = client.get(home, {"status": "open", "complexity": ""}).content.decode()
    caseload = section(first, "My caseload")
    assert caseload.count('href="/cases/') == PAGE_SIZE
    assert f"{PAGE_SIZE + 2} cases" in caseload  # case_x too
    assert 'href="?status=open&amp;page=2"' in caseload
    second = section(
        client.get(home, {"status": "open", "page": 2}).content.decode(), "My caseload"
    )
    assert second.count('href="/cases/') == 2
    assert 'href="?status=open&amp;page=1"' in second


def test_filtering_in_place_answers_the_caseload_panel_alone(caseload, client, world):
    """htmx swaps #caseload: the answer is that panel and the count for the live region,
    built without the rest of My day (decision 0134)."""
    user = world.users["link_worker"]
    with CaptureQueriesContext(connection) as whole:
        home_of(client, user, {"status": "all"})
    with CaptureQueriesContext(connection) as part:
        response = caseload_in_place(client, user, {"status": "all"})
    answer = response.content.decode()
    assert response.status_code == 200
    assert answer.lstrip().startswith('<div id="caseload"')
    assert "<h1" not in answer
    assert "<html" not in answer
    assert "Today" not in answer
    assert 'hx-boost="true"' in answer
    assert 'id="caseload-filter"' in answer
    assert '<p id="caseload-status" hx-swap-oob="innerHTML">4 cases.</p>' in answer
    assert set(response["Vary"].split(", ")) >= {"HX-Request", "HX-Target"}
    assert len(part.captured_queries) < len(whole.captured_queries) / 2


def test_a_wrong_filter_in_place_is_named_in_the_panel_and_announced(caseload, client, world):
    answer = caseload_in_place(client, world.users["link_worker"], {"no_contact_days": "ten"})
    text = answer.content.decode()
    assert NO_CONTACT_DAYS_WRONG in section_of_panel(text)
    assert f"There is a problem: {NO_CONTACT_DAYS_WRONG}</p>" in text
    assert shown(client, world, caseload, {"no_contact_days": "ten"}, in_place=True) == {
        "open_x",
        "high",
        "at_y",
    }


def section_of_panel(answer: str) -> str:
    return answer.split('<p id="caseload-status"', 1)[0]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HX-Request": "true", "HX-Target": "something-else"},
        {**IN_PLACE, "HX-History-Restore-Request": "true"},  # back button: the whole page
        {"HX-Target": "caseload"},  # not from htmx
    ],
    ids=["plain", "another target", "history restore", "no HX-Request"],
)
def test_anything_but_htmx_filtering_the_caseload_gets_the_whole_of_my_day(
    caseload, client, world, headers
):
    client.force_login(world.users["link_worker"])
    page = client.get(reverse(HOME), headers=headers).content.decode()
    assert ">My day</h1>" in page
    assert 'id="caseload-status" class' in page
    assert "hx-swap-oob" not in page


def test_filtering_in_place_after_the_idle_sign_out_goes_to_sign_in_as_a_page(client, db):
    """htmx follows a redirect unseen and would swap the sign-in page into the panel: it is
    told to load it as a page, as the browser does without JavaScript."""
    boosted = {**IN_PLACE, "HX-Boosted": "true"}
    response = client.get(reverse(HOME), {"status": "all"}, headers=boosted)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:sign_in") + "?next=")
    assert "status%3Dall" in response["HX-Redirect"]
    plain = client.get(reverse(HOME), {"status": "all"})  # without JavaScript
    assert plain.status_code == 302
    assert "HX-Redirect" not in plain


def test_a_team_leads_poll_after_the_idle_sign_out_goes_to_sign_in_as_a_page(client, db):
    """Followed unseen, the poll would find no overdue visits in the sign-in page and drop
    the lone-working warning from the screen without a word (hazard H4)."""
    poll = {"HX-Request": "true", "X-Linkwork-Poll": "1"}
    response = client.get(reverse("home:team_lead"), headers=poll)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:sign_in") + "?next=/home/team-lead/"


def test_only_a_link_worker_gets_the_caseload_panel(client, world):
    for role in ("practice_staff", "team_lead", "administrator"):
        response = caseload_in_place(client, world.users[role])
        assert response.status_code == 403, role


def test_a_link_worker_who_also_leads_the_team_gets_only_their_own_cases_in_place(
    caseload, client, world
):
    """Leading the team lets them see a colleague's case; their caseload is still theirs.
    The team lead's home has no panels: the same headers get the whole page there."""
    lead = world.users["link_worker"]
    assign_role(user=lead, role=Role.TEAM_LEAD, provider=world.provider_a)
    answer = caseload_in_place(client, lead, {"status": "all"}).content.decode()
    assert linked(caseload["open_x"].person) in answer
    assert linked(caseload["not_mine"].person) not in answer
    assert (
        client.get(reverse("casework:case_detail", args=[caseload["not_mine"].pk])).status_code
        == 200
    )
    team = client.get(reverse("home:team_lead"), headers=IN_PLACE)
    assert team.status_code == 200
    assert "<html" in team.content.decode()


# Practice staff and team lead --------------------------------------------------------------


def test_practice_home_shows_intake_progress_and_self_referrals_to_check(
    wednesday_morning, client, world
):
    referrals.set_intake(
        practice=world.practice_x,
        by=world.users["team_lead"],
        status="urgent_only",
        expected_wait_weeks=10,
    )
    referrals.create_referral(
        person=referrals.PersonDetails(
            given_name="Ailsa", family_name="Boyd", date_of_birth=date(1990, 3, 2), sex="female"
        ),
        details=referrals.ReferralDetails(
            practice=world.practice_x,
            route="self_referral_form",
            referrer_role="self",
            reasons=[],
            consent_to_referral=True,
        ),
        status="awaiting_verification",
        confirm_open_case=True,
        confirm_intake=True,
    )
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("home:practice")).content.decode()
    assert "Practice X: Urgent referrals only" in page
    assert "Expected wait: 10 weeks." in page
    assert "1 self-referral to check" in page
    assert "Jim Referred" in page
    assert "Waiting" in page
    assert "Check patient" in page


def test_team_lead_home_shows_caseloads_waiting_and_intake(wednesday_morning, client, world):
    casework.set_complexity(case=world.case_x, by=world.users["team_lead"], complexity="high")
    referrals.set_intake(
        practice=world.practice_y,
        by=world.users["team_lead"],
        status="paused",
        expected_wait_weeks=4,
    )
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("home:team_lead")).content.decode()
    assert "2 link workers across 2 practices" in page
    assert "1 of 40" in page
    assert "Paused: not taking referrals, 4 weeks" in page
    assert "Practice Z" not in page
    assert "Lone working" not in page
    intake = reverse("referrals:intake", args=[world.practice_y.pk])
    assert f'<a href="{intake}">Change intake<span class="nhsuk-u-visually-hidden"> for ' in page
    assert "&lt;a href" not in page


def test_team_lead_home_reads_as_often_with_more_practices(client, world):
    """Each practice's intake is read with the rest, not once a practice (an HSCP has 150)."""
    client.force_login(world.users["team_lead"])
    url = reverse("home:team_lead")
    client.get(url)  # the first request fills caches (content types, the session)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for name in ("Practice P", "Practice Q", "Practice R"):
        practice = PracticeFactory(cluster=world.practice_x.cluster, name=name)
        PracticeAttachmentFactory(link_worker=world.worker_a, practice=practice)
        referrals.set_intake(
            practice=practice,
            by=world.users["team_lead"],
            status="paused",
            expected_wait_weeks=2,
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "across 5 practices" in page
    assert page.count("Paused: not taking referrals, 2 weeks") == 3
    assert len(after) <= len(before)


def test_todays_sessions_leave_out_a_case_closed_today(wednesday_morning, client, world):
    lw = world.users["link_worker"]
    later = casework.record_session(case=world.case_x, by=lw, starts_at=at(16), mode="phone")
    casework.close_case(case=world.case_x, by=lw, reason="other", closed_on=TODAY)
    today = section(home_of(client, lw), "Today", "Overdue actions")
    assert reverse("casework:session", args=[later.pk]) not in today
    assert linked(world.case_x.person) not in today
