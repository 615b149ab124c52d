"""Feedback to the referring practice, on the small programme of scenario.py: what came of
R2 (practice X), shown only with the person's agreement, and practice X's figures beside
Glasgow's. Every expected value is worked out by hand from scenario.py's table."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import services as casework
from linkwork.core.tests.listings import both, matches_page, page_table
from linkwork.referrals.models import Referral
from linkwork.reporting import feedback
from linkwork.reporting.tests.scenario import PERIOD
from linkwork.reporting.tests.test_programme_summary import IN_PERIOD
from linkwork.reporting.tests.test_suppressed_pages import numbers_shown

GLASGOW = ZoneInfo("Europe/London")


def _referral(number: str, status: str = "accepted") -> Referral:
    return Referral.objects.get(person__family_name=f"Scenario{number}", status=status)


def _agree(referral: Referral, summary: str = "") -> None:
    case = referral.case
    casework.set_practice_sharing(
        case=case, by=case.link_worker.user, shares_with_practice=True, practice_summary=summary
    )


# The facts ---------------------------------------------------------------------------


def test_what_came_of_r2_is_counted_as_the_reports_count_it(programme):
    outcome = feedback.outcome_of(_referral("2"))
    assert outcome.sessions_attended == 2  # 10 Apr and 20 May; 3 Apr was not attended
    assert outcome.needs == ["Debt"]
    assert [(k.service, k.need, k.status, k.taken_up) for k in outcome.links] == [
        ("Govan walking group", "Housing", "First attended", "Yes")
    ]
    assert outcome.wellbeing == (
        "SWEMWBS 19.25 at the start, 23.21 at the end: +3.96, a meaningful improvement "
        "(threshold 3 points)"
    )
    assert (outcome.closed_on, outcome.closure_reason) == (date(2026, 6, 1), "Goals met")


def test_a_link_declined_is_not_taken_up_and_one_baseline_has_no_change(programme):
    r9, r10 = feedback.outcome_of(_referral("9")), feedback.outcome_of(_referral("10"))
    assert [(k.status, k.taken_up) for k in r9.links] == [("Declined", "No")]
    assert r9.needs == ["Debt", "Fuel and energy"]
    assert r10.links == []  # a draft never sent is no link
    assert r10.sessions_attended == 0
    assert r10.wellbeing == "SWEMWBS 17.43 at the start; no score at the end yet"


def test_a_reopened_case_counts_only_sessions_since_the_new_referral(programme):
    r12b = Referral.objects.get(person__family_name="Scenario12", received_on=date(2026, 4, 5))
    assert feedback.outcome_of(r12b).sessions_attended == 0  # its one session was 5 Mar


def test_practice_x_beside_glasgow_hides_what_would_give_other_practices_away(programme):
    rows = feedback.practice_totals(programme.world.practice_x, PERIOD)
    assert [(r.label, r.own, r.hscp) for r in rows] == [
        ("Referrals", "3", "8"),  # others 5: shown
        ("Engaged (a session attended)", "2", "<5"),  # Glasgow 3
        ("Engagement rate (of accepted referrals)", "100.0%", "*"),  # Glasgow 3 of 6
        ("Leavers (cases closed)", "2", "*"),  # Glasgow 5: others 3
        ("Leavers with a wellbeing score before and after", "50.0%", "*"),
        ("Of those, wellbeing improved", "100.0%", "*"),
        ("Average change in wellbeing (SWEMWBS)", "+3.96 points", "*"),
    ]
    assert rows[0].how_counted.startswith("Referrals received in the period")


# The pages ---------------------------------------------------------------------------


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["practice_staff"])
    return client


def _outcome_url(referral) -> str:
    return reverse("reporting:referral_outcome", args=[referral.pk])


def test_without_agreement_the_practice_sees_the_status_and_why(programme, staff):
    page = staff.get(_outcome_url(_referral("2"))).content.decode()
    assert "Goals met" in page  # the status, as today
    assert "has not agreed to share what came of their support" in page
    assert "Sessions attended" not in page
    assert "Govan walking group" not in page


def test_with_agreement_the_practice_sees_what_came_of_it_and_the_read_is_audited(
    programme, staff, world
):
    referral = _referral("2")
    _agree(referral, "Goes to the walking group and feels less alone.")
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    page = staff.get(_outcome_url(referral)).content.decode()
    for shown in (
        "Goes to the walking group and feels less alone.",
        "Sessions attended",
        "Debt",
        "Govan walking group",
        "+3.96, a meaningful improvement",
        "Goals met",
    ):
        assert shown in page
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("pk")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert (event.object_type, event.object_id) == ("referrals.referral", str(referral.pk))
    assert (event.actor, event.person_id) == (world.users["practice_staff"], referral.person_id)


def test_a_closed_case_shared_with_the_practice_links_its_gp_summary_letter(programme, staff):
    """The GP checking what came of a referral finds the letter there, not only among the
    messages to file."""
    referral = _referral("2")
    letter = reverse("gp_record:summary_pdf", args=[referral.case_id])
    assert letter not in staff.get(_outcome_url(referral)).content.decode()  # not agreed
    _agree(referral)
    assert letter in staff.get(_outcome_url(referral)).content.decode()
    response = staff.get(letter)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_referral_still_waiting_has_nothing_to_report(staff, world):
    page = staff.get(_outcome_url(world.referral_x)).content.decode()
    assert "The link worker has not taken this referral on yet." in page


def test_a_duplicate_says_where_its_outcome_shows(programme, staff):
    page = staff.get(_outcome_url(_referral("2", status="duplicate"))).content.decode()
    assert "joined to support already under way" in page


def test_another_practices_staff_get_404_even_with_agreement(programme, client, outsiders):
    referral = _referral("2")
    _agree(referral)
    client.force_login(outsiders["other_practice_staff"])
    assert client.get(_outcome_url(referral)).status_code == 404
    client.force_login(outsiders["link_worker"])  # reads the case itself, not this page
    assert client.get(_outcome_url(referral)).status_code == 403


def test_the_practices_page_lists_who_agreed_and_totals_beside_glasgow(programme, staff):
    _agree(_referral("2"))
    views = AuditEvent.objects.filter(action=AuditAction.VIEW)
    before = views.count()
    # The 12 months to 30 Jun 2026: X's R1, R2, R3, R7; Glasgow adds R8, R9, R10, R12,
    # R12b, R13, R13b (7 more). Engaged: X R1, R2, R3; Glasgow adds R9, R12, R13 (3 more).
    with time_machine.travel(datetime(2026, 6, 30, 12, tzinfo=GLASGOW), tick=False):
        response = staff.get(reverse("reporting:practice_outcomes"))
    page = response.content.decode()
    assert numbers_shown(page)[:4] == ["4", "11", "3", "*"]
    assert "Scenario2" in page
    assert "Scenario1" not in page  # R1's person did not agree
    assert "1 person" in page
    assert "How these are counted" in page
    assert views.count() == before + 1  # R2's person, shown by name
    assert views.latest("pk").person_id == _referral("2").person_id


def test_the_practice_chooses_the_period_of_its_totals_and_list(programme, staff):
    _agree(_referral("2"))
    # April to June 2026: X's R2, R3, R7 (R1 came on 31 Mar); Glasgow adds R8, R9, R10,
    # R12b and R13b (5 more). Engaged: X R2, R3; Glasgow adds R9 (3 in all).
    response = staff.get(reverse("reporting:practice_outcomes"), IN_PERIOD)
    page = response.content.decode()
    assert "Referrals received from 1 April 2026 to 30 June 2026" in page
    assert numbers_shown(page)[:4] == ["3", "8", "2", "&lt;5"]
    assert 'value="2026-04-01"' in page
    assert "Scenario2" in page
    outside = staff.get(reverse("reporting:practice_outcomes"), {"date_from": "2026-07-01"})
    assert "Scenario2" not in outside.content.decode()  # R2 came on 1 Apr


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "1st April"}, "Enter the from date as a date, for example 2026-04-01"),
        (
            {"date_from": "2026-07-01", "date_to": "2026-06-30"},
            "The to date must be the same as or after the from date",
        ),
    ],
)
def test_bad_dates_name_the_field_and_show_no_one(programme, staff, params, message):
    _agree(_referral("2"))
    views = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    response = staff.get(reverse("reporting:practice_outcomes"), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert "Scenario2" not in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == views


def test_the_people_who_agreed_download_as_the_page_lists_them(programme, staff, world):
    for number in ("2", "3"):
        _agree(_referral(number))
    url = reverse("reporting:practice_outcomes")
    head, rows = page_table(staff.get(url, IN_PERIOD).content.decode(), index=1)
    assert head == ["Person", "Received", "Sessions attended", "Closed because"]
    assert len(rows) == 2
    before = AuditEvent.objects.count()
    for file in both(staff, url, IN_PERIOD):
        matches_page(head, rows, file)
        assert {row[5] for row in file[1:]} == {_referral(n).person.chi for n in ("2", "3")}
    exported = AuditEvent.objects.order_by("seq")[before:]
    assert [e.action for e in exported] == 4 * [AuditAction.EXPORT]
    assert sorted(e.person_id for e in exported) == sorted(
        2 * [_referral(n).person_id for n in ("2", "3")]
    )


def test_only_staff_of_the_practice_download_what_came_of_its_referrals(programme, client, world):
    _agree(_referral("2"))
    client.force_login(world.users["link_worker"])
    url = reverse("reporting:practice_outcomes")
    assert client.get(url, {**IN_PERIOD, "download": "csv"}).status_code == 403
