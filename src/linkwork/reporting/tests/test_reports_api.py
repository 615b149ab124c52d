"""The reports API: each answer equal to its page's (and `linkwork report summary`'s keys),
suppressed as the pages are, refused to the roles the pages refuse, and audited; on the
small programme of scenario.py, whose figures are worked out by hand there."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action, AuditEvent
from linkwork.reporting import feedback, programme_summary
from linkwork.reporting.audit_log.pages import page_name
from linkwork.reporting.dashboards.forms import whole_months
from linkwork.reporting.definitions import EVERYWHERE
from linkwork.reporting.suppression import Suppressed
from linkwork.reporting.tests.scenario import PERIOD
from linkwork.reporting.tests.test_partner_report import received  # noqa: F401 (a fixture)
from linkwork.reporting.tests.test_practice_feedback import _agree, _referral
from linkwork.reporting.tests.test_report_command import report

SUMMARY = "/api/v1/reports/summary"
PRACTICE_OUTCOMES = "/api/v1/reports/practice-outcomes"
PARTNER = "/api/v1/partner/reports/referrals"
IN_PERIOD = {"from": "2026-04-01", "to": "2026-06-30"}

# Glasgow in April to June 2026, as the programme summary page shows it
# (test_programme_summary.GLASGOW_SHOWN): a count shown is a number, a hidden one its mark.
GLASGOW = {
    "referrals": 8,
    "people_referred": 7,
    "engaged": "*",  # 3 of 8 referrals
    "engagement_rate": "*",
    "median_days_to_first_contact": "*",  # of 3 referrals contacted
    "leavers": 5,
    "swemwbs_paired": "*",  # 3 of 5 leavers
    "swemwbs_paired_rate": "*",
    "swemwbs_mean_change": "*",
    "swemwbs_improved_rate": "*",
    # R2 debt and housing (scenario.py) and so on: every reason is given by 1 to 4.
    "reasons": {
        "debt": "<5",
        "housing": "<5",
        "mental_wellbeing": "<5",
        "money_benefits": "<5",
        "physical_activity": "<5",
        "social_isolation": "<5",
    },
    "onward_links": {"housing": "<5", "social_isolation": "<5", "mental_wellbeing": "<5"},
    "unmet_needs": {"food": "<5"},
    # R1 declined, R2 goals met, R9 self-managing, R10 and R12 did not engage: all small
    # under the 5 leavers shown, so each is hidden.
    "closures": {
        "goals_met": "*",
        "linked_self_managing": "*",
        "did_not_engage": "*",
        "declined": "*",
    },
}


def _get(client, user, url, params=None):
    client.force_login(user)
    return client.get(url, params or {})


def _last_export() -> AuditEvent:
    return AuditEvent.objects.filter(action=Action.EXPORT).latest("seq")


def _in_period(**where) -> dict:
    """An export event's detail for a report of scenario.py's period."""
    return {**where, "from": "2026-04-01", "to": "2026-06-30"}


def _small_counts(value) -> list:
    """Every count from 1 to 4 anywhere in an answer (none may be)."""
    if isinstance(value, dict):
        return [n for item in value.values() for n in _small_counts(item)]
    if isinstance(value, list):
        return [n for item in value for n in _small_counts(item)]
    return [value] if isinstance(value, int) and 0 < value < 5 else []


# The summary ----------------------------------------------------------------------------


def test_the_summary_has_report_summarys_keys_suppressed_as_the_page(client, programme):
    world = programme.world
    params = {**IN_PERIOD, "hscp": world.hscp_a.code}
    answer = _get(client, world.users["commissioner"], SUMMARY, params).json()
    assert answer == GLASGOW
    figures = json.loads(
        report("--from", "2026-04-01", "--to", "2026-06-30", "--hscp", world.hscp_a.code)
    )
    assert list(answer) == list(figures)  # the very keys, in their order
    assert {k: figures[k] for k in ("referrals", "people_referred", "leavers")} == {
        k: answer[k] for k in ("referrals", "people_referred", "leavers")
    }
    assert _small_counts(answer) == []
    # Each headline the page prints as a count or a mark is the API's, to the letter.
    cards = programme_summary.build(PERIOD, world.hscp_a).headlines
    printed = {card.key: card.value for card in cards if card.key in answer}
    assert len(printed) == 10
    shown = {key: str(answer[key]) for key in printed if not isinstance(answer[key], float)}
    assert shown == {key: printed[key] for key in shown}
    assert len(shown) == 10


def test_the_reports_answer_each_roles_token_and_a_commissioners_reaches_no_person(programme, api):
    """Programmes call these from their own tools with a token: a commissioner's reaches
    the suppressed figures and never a case or a referral; the practice's and the
    partner's reach theirs."""
    world = programme.world
    commissioner = api(world.users["commissioner"])
    answer = commissioner.get("/reports/summary", **IN_PERIOD, hscp=world.hscp_a.code)
    assert answer.json() == GLASGOW
    assert commissioner.get(f"/cases/{world.case_x.pk}").status_code in (403, 404)
    assert commissioner.get("/referrals").status_code == 403

    practice = api(world.users["practice_staff"])
    referral = _referral("2")
    assert practice.get(f"/referrals/{referral.pk}/outcome").json()["referral_id"] == referral.pk
    totals = practice.get("/reports/practice-outcomes", **IN_PERIOD)
    assert totals.status_code == 200
    assert api(world.users["community_partner"]).get("/partner/reports/referrals").status_code == (
        200
    )


def test_the_summary_is_audited_as_a_report_taken_away(client, programme):
    world = programme.world
    _get(client, world.users["team_lead"], SUMMARY, {**IN_PERIOD, "hscp": world.hscp_a.code})
    event = _last_export()
    assert event.detail == _in_period(download="summary", hscp=world.hscp_a.code)
    assert (event.actor, event.hscp_id) == (world.users["team_lead"], world.hscp_a.pk)
    assert page_name(event.path) == "API: programme summary figures"  # in the audit log


def test_a_practices_summary_for_a_commissioner_and_everywhere_for_a_national_analyst(
    client, programme
):
    world = programme.world
    params = {**IN_PERIOD, "practice": world.practice_x.code}
    answer = _get(client, world.users["commissioner"], SUMMARY, params).json()
    # Practice X: R2, R3 and R7 (scenario.py), 3 referrals of 3 people, each shown as <5.
    assert (answer["referrals"], answer["people_referred"]) == ("<5", "<5")
    event = _last_export()
    assert (event.detail["practice"], event.hscp_id) == (world.practice_x.code, world.hscp_a.pk)
    everywhere = _get(client, world.users["national_analyst"], SUMMARY, IN_PERIOD).json()
    assert everywhere == programme_summary.as_shown(PERIOD, EVERYWHERE, Suppressed())
    assert everywhere["referrals"] == 9  # Glasgow's 8 and Inverclyde's R11


@pytest.mark.parametrize(
    ("username", "params", "status"),
    [
        ("commissioner", {"hscp": "a"}, 200),
        ("commissioner", {}, 200),  # their one HSCP
        ("commissioner", {"hscp": "b"}, 404),  # another HSCP's: not found, nothing told
        ("commissioner", {"practice": "z"}, 404),
        ("national_analyst", {"practice": "z"}, 200),
        ("team_lead", {"hscp": "a"}, 200),
        ("team_lead", {}, 200),
        ("team_lead", {"hscp": "b"}, 404),
        ("team_lead", {"practice": "x"}, 403),  # the drill-down is the commissioner's
        ("other_hscp_team_lead", {"hscp": "b"}, 200),
        ("link_worker", {"hscp": "a"}, 403),
        ("practice_staff", {"practice": "x"}, 403),
        ("community_partner", {}, 403),
        ("administrator", {"hscp": "a"}, 403),
    ],
)
def test_who_may_have_which_summary(client, world, username, params, status):
    codes = {
        "hscp": lambda key: getattr(world, f"hscp_{key}").code,
        "practice": lambda key: getattr(world, f"practice_{key}").code,
    }
    query = {name: codes[name](key) for name, key in params.items()}
    response = _get(client, world.users[username], SUMMARY, {**IN_PERIOD, **query})
    assert response.status_code == status, response.content
    if status == 404:
        assert response.json() == {"detail": "No such HSCP or practice, or you may not see it"}


@pytest.mark.parametrize(
    ("params", "where", "message"),
    [
        ({"from": "1 April"}, "from", "Enter the from date as a date, for example 2026-04-01"),
        ({"to": "2026-02-30"}, "to", "Enter the to date as a date, for example 2027-03-31"),
        (
            {"from": "2026-07-01", "to": "2026-06-30"},
            "to",
            "The to date must be the same as or after the from date",
        ),
        (
            {"from": "2016-01-01", "to": "2026-06-30"},
            "from",
            "The period can be at most 5 years: enter a later from date",
        ),
        ({"hscp": "S1", "practice": "40000"}, "practice", "Give hscp or practice, not both"),
    ],
)
def test_bad_parameters_are_named_with_the_fix(client, world, params, where, message):
    response = _get(client, world.users["commissioner"], SUMMARY, params)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", where]
    assert error["msg"].startswith(message)
    assert not AuditEvent.objects.filter(action=Action.EXPORT, path=SUMMARY).exists()


def test_a_national_analyst_of_several_hscps_is_asked_which(client, world):
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role
    from linkwork.accounts.tests.factories import UserFactory

    user = UserFactory(username="two_hscps")
    for hscp in (world.hscp_a, world.hscp_b):
        assign_role(user=user, role=Role.COMMISSIONER, hscp=hscp)
    response = _get(client, user, SUMMARY, IN_PERIOD)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "hscp"]
    assert world.hscp_a.code in error["msg"]
    assert world.hscp_b.code in error["msg"]


# What came of a referral -------------------------------------------------------------


def _outcome(referral) -> str:
    return f"/api/v1/referrals/{referral.pk}/outcome"


def test_with_agreement_the_practice_has_what_the_page_shows_and_the_read_is_audited(
    client, programme
):
    world = programme.world
    referral = _referral("2")
    _agree(referral, "Goes to the walking group and feels less alone.")
    views = AuditEvent.objects.filter(action=Action.VIEW)
    before = views.count()
    answer = _get(client, world.users["practice_staff"], _outcome(referral)).json()
    assert answer["referral_id"] == referral.pk
    assert answer["name"] == referral.person.full_name
    assert answer["progress"]["label"] == "Closed"
    assert answer["not_shared_because"] is None
    assert answer["outcome"] == {
        "summary": "Goes to the walking group and feels less alone.",
        "sessions_attended": 2,  # 10 Apr and 20 May (test_practice_feedback.py)
        "needs": ["Debt"],
        "links": [
            {
                "service": "Govan walking group",
                "need": "Housing",
                "status": "First attended",
                "taken_up": "Yes",
            }
        ],
        "wellbeing": "SWEMWBS 19.25 at the start, 23.21 at the end: +3.96, a meaningful "
        "improvement (threshold 3 points)",
        "closed_on": "2026-06-01",
        "closure_reason": "Goals met",
        "social_outcomes": [],  # coded facts only, where recorded (test_social_outcomes.py)
    }
    assert views.count() == before + 1
    event = views.latest("seq")
    assert (event.object_type, event.object_id) == ("referrals.referral", str(referral.pk))
    assert event.person_id == referral.person_id
    assert page_name(event.path) == "API: what came of a referral"


def test_without_agreement_only_the_status_and_why(client, programme):
    answer = _get(client, programme.world.users["practice_staff"], _outcome(_referral("2"))).json()
    assert answer["outcome"] is None
    assert answer["not_shared_because"].startswith("The person has not agreed to share")


def test_another_practice_gets_404_and_others_403(client, programme, outsiders):
    referral = _referral("2")
    _agree(referral)
    assert _get(client, outsiders["other_practice_staff"], _outcome(referral)).status_code == 404
    for username in ("link_worker", "team_lead", "commissioner", "community_partner"):
        assert _get(client, outsiders[username], _outcome(referral)).status_code == 403


# The practice's totals beside its HSCP's ---------------------------------------------


def test_the_practices_totals_are_the_pages_and_audited(client, programme):
    world = programme.world
    answer = _get(client, world.users["practice_staff"], PRACTICE_OUTCOMES, IN_PERIOD).json()
    assert (answer["from"], answer["to"]) == ("2026-04-01", "2026-06-30")
    (practice,) = answer["practices"]
    assert (practice["practice_code"], practice["hscp_code"]) == (
        world.practice_x.code,
        world.hscp_a.code,
    )
    # As test_practice_feedback.py works them out for practice X beside Glasgow.
    assert [(t["key"], t["practice"], t["hscp"]) for t in practice["totals"]] == [
        ("referrals", "3", "8"),
        ("engaged", "2", "<5"),
        ("engagement_rate", "100.0%", "*"),
        ("leavers", "2", "*"),
        ("swemwbs_paired_rate", "50.0%", "*"),
        ("swemwbs_improved_rate", "100.0%", "*"),
        ("swemwbs_mean_change", "+3.96 points", "*"),
    ]
    rows = feedback.practice_totals(world.practice_x, PERIOD)
    assert [t["label"] for t in practice["totals"]] == [row.label for row in rows]
    event = _last_export()
    assert event.detail == _in_period(download="practice_outcomes", practice=world.practice_x.code)


def test_the_practices_totals_default_to_the_pages_year(client, world):
    answer = _get(client, world.users["practice_staff"], PRACTICE_OUTCOMES).json()
    today = timezone.localdate()
    year = whole_months(today - timedelta(days=364), today)  # suppressed: whole months
    assert answer["from"] == year.start.isoformat()
    assert answer["to"] == year.end.isoformat()


@pytest.mark.parametrize("username", ["link_worker", "team_lead", "commissioner"])
def test_only_practice_staff_have_the_practices_totals(client, world, username):
    assert _get(client, world.users[username], PRACTICE_OUTCOMES).status_code == 403


def test_a_bad_date_for_the_totals_is_named(client, world):
    response = _get(client, world.users["practice_staff"], PRACTICE_OUTCOMES, {"to": "soon"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "to"]


# The partner's referrals received ----------------------------------------------------


def test_the_partners_report_is_the_pages_cells(client, received):  # noqa: F811
    answer = _get(client, received.users["community_partner"], PARTNER).json()
    rows = [[r["quarter"], r["need"], r["received"], r["accepted"], r["attended"]]
            for r in [*answer["rows"], answer["total"]]]  # fmt: skip
    # test_partner_report.EXPECTED_CSV, shown counts as numbers
    assert rows == [
        ["Jan to Mar 2026", "Physical activity", "<5", 0, 0],
        ["Apr to Jun 2026", "Food", "<5", "<5", 0],
        ["Apr to Jun 2026", "Housing", "*", "*", "*"],
        ["Jul to Sep 2026", "Housing", 7, 7, "<5"],
        ["All quarters", "All needs", 16, "*", "*"],
    ]
    assert (answer["from"], answer["to"]) == (None, None)
    event = _last_export()
    organisation = received.partner_org
    assert event.detail == {"download": "partner_referrals", "organisation": organisation.pk}
    assert event.hscp_id == organisation.hscp_id


def test_the_partners_report_for_a_period_counts_links_sent_in_it(client, received):  # noqa: F811
    answer = _get(client, received.users["community_partner"], PARTNER, IN_PERIOD).json()
    # April to June only: food received 2, accepted 1, attended 0; housing 6, 5 and 5.
    # Received and accepted: a small count beside one larger, so it is hidden and the total
    # too; attended 0 and 5 are shown, and their total.
    assert [[r["need"], r["received"], r["accepted"], r["attended"]] for r in answer["rows"]] == [
        ["Food", "<5", "<5", 0],
        ["Housing", "*", "*", 5],
    ]
    assert answer["total"] == {
        "quarter": "All quarters",
        "need": "All needs",
        "received": "*",
        "accepted": "*",
        "attended": 5,
    }


@pytest.mark.parametrize("username", ["link_worker", "practice_staff", "commissioner"])
def test_only_partners_have_their_report(client, world, username):
    assert _get(client, world.users[username], PARTNER).status_code == 403


# The documentation -------------------------------------------------------------------


def test_the_openapi_document_lists_the_reports(client):
    paths = client.get(reverse("api:openapi-json")).json()["paths"]
    for path in (
        "/api/v1/reports/summary",
        "/api/v1/referrals/{referral_id}/outcome",
        "/api/v1/reports/practice-outcomes",
        "/api/v1/partner/reports/referrals",
    ):
        operation = paths[path]["get"]
        assert {"200", "401", "403"} <= set(operation["responses"]), path
    parameters = {p["name"] for p in paths["/api/v1/reports/summary"]["get"]["parameters"]}
    assert parameters == {"from", "to", "hscp", "practice"}
    assert "422" in paths["/api/v1/reports/summary"]["get"]["responses"]
