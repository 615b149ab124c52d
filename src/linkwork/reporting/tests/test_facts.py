"""The reporting facts (decision 64) against the live definitions, the specification:
every key of the summary, each area and period, on the hand-computed programme of
scenario.py, then after each edit of a sequence; on SQLite and on PostgreSQL alike."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from linkwork.casework import services as casework
from linkwork.casework.models import Case
from linkwork.core import clock
from linkwork.links.models import Link
from linkwork.links.services import send_link
from linkwork.referrals import services as referrals
from linkwork.referrals.models import Referral
from linkwork.reporting import facts
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.models import CaseFacts, LinkFacts, ReferralFacts
from linkwork.reporting.summary import keyed, live_summary, summary
from linkwork.reporting.tests.scenario import EMPTY, PERIOD, at
from linkwork.reporting.tests.test_definitions import EVERYWHERE_FIGURES
from linkwork.reporting.tests.test_import_casework import legacy_file, run, write_csv

WHOLE_YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def areas(world) -> list[Area]:
    return [
        Area(),
        Area(hscp=world.hscp_a),
        Area(hscp=world.hscp_b),
        Area(cluster=world.practice_x.cluster),
        Area(practice=world.practice_x),
        Area(practice=world.practice_y),
        Area(link_worker=world.worker_a2),
        Area(provider=world.provider_b),
    ]


def assert_facts_agree(world, read=summary, periods=(PERIOD, EMPTY, WHOLE_YEAR), where=None):
    for period in periods:
        for area in where or areas(world):
            assert read(period, area) == live_summary(period, area), (period, area)


def facts_as_they_are(period: Period, area: Area) -> dict:
    """The summary from the facts without first applying changes still pending."""
    return keyed(facts.headline(period, area))


def test_the_facts_give_every_figure_the_definitions_give(programme):
    assert summary(PERIOD) == EVERYWHERE_FIGURES  # the hand-computed figures
    assert_facts_agree(programme.world)


def test_the_facts_follow_each_edit_after_its_commit(programme, django_capture_on_commit_callbacks):
    p, world = programme, programme.world
    lead = world.users["team_lead"]
    case3 = Case.objects.get(referrals__received_on=date(2026, 6, 30))
    # Everywhere and the areas R3's case is in (the others are checked above, unchanged).
    near_r3 = [Area(), Area(hscp=world.hscp_a), Area(practice=world.practice_x)]
    near_r3.append(Area(link_worker=world.worker_a))
    edits = [
        # R3's person referred again while their case is open: a duplicate, then joined.
        lambda: p.refer("3", world.practice_x, date(2026, 6, 20), ["food"]),
        lambda: referrals.mark_duplicate(referral=Referral.objects.latest("pk"), by=lead),
        # R3's case: attended the day after it opened (first contact moves from 2 days to
        # 1), a SWEMWBS baseline, closed, the exit score, then reopened (not a leaver).
        lambda: p.session(case3, date(2026, 7, 1), "attended"),
        lambda: p.swemwbs(case3, "baseline", date(2026, 7, 1), 15),
        # An onward link drafted, then sent: made on the day it was sent.
        lambda: p.link(case3, date(2026, 7, 1), "debt", send=False),
        lambda: _send(Link.objects.latest("pk"), date(2026, 7, 2)),
        lambda: p.close(case3, date(2026, 7, 3), "goals_met"),
        lambda: p.swemwbs(case3, "exit", date(2026, 7, 3), 25),
        lambda: _reopen(case3, lead),
    ]
    for edit in edits:
        with django_capture_on_commit_callbacks(execute=True):
            edit()
        assert_facts_agree(world, facts_as_they_are, (PERIOD, WHOLE_YEAR), near_r3)
    in_x = summary(WHOLE_YEAR, Area(practice=world.practice_x))
    assert in_x["leavers"] == 2  # R1's case and R2's; R3's was reopened
    assert in_x["onward_links"]["debt"] == 1  # the link sent on 2 July
    changed = rows()
    built = facts.rebuild()
    assert rows() == changed
    made = Link.objects.filter(events__status__in=("sent", "signposted")).distinct()
    assert built == {
        "referral facts": Referral.objects.count(),
        "case facts": Case.objects.count(),
        "link facts": made.count(),
    }


def rows() -> list[list[tuple]]:
    return [
        list(m.objects.order_by("pk").values_list()) for m in (ReferralFacts, CaseFacts, LinkFacts)
    ]


def _send(link, day):
    with clock.as_of(at(day, 12)):
        send_link(link=link, by=link.case.link_worker.user)


def _reopen(case, by):
    case.refresh_from_db()
    with clock.as_of(at(date(2026, 7, 4))):
        casework.reopen_case(case=case, by=by)


def test_a_legacy_import_leaves_the_facts_as_the_definitions_count(
    world, tmp_path, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "legacy.csv", legacy_file(world))
    with django_capture_on_commit_callbacks(execute=True):
        run(path)
    ever = Period(date(2000, 1, 1), date(2030, 12, 31))
    for area in (Area(), Area(hscp=world.hscp_a), Area(practice=world.practice_x)):
        found = facts_as_they_are(ever, area)
        assert found == live_summary(ever, area)
    assert facts_as_they_are(ever, Area())["referrals"] > 0


def test_report_rebuild_replaces_every_row_and_says_how_many(programme):
    ReferralFacts.objects.all().delete()  # as if a data fix in SQL had been missed
    out = io.StringIO()
    call_command("report", "rebuild", stdout=out)
    made = Link.objects.filter(events__status__in=("sent", "signposted")).distinct().count()
    assert out.getvalue().startswith(
        f"Rebuilt {Referral.objects.count()} referral facts, {Case.objects.count()} case facts,"
        f" {made} link facts in "
    )
    assert summary(PERIOD) == EVERYWHERE_FIGURES


def test_report_check_names_each_figure_the_facts_got_wrong(programme, monkeypatch):
    out = io.StringIO()
    call_command("report", "check", "--from", "2026-04-01", "--to", "2026-06-30", stdout=out)
    assert out.getvalue() == "The facts give every figure the definitions give.\n"
    # A fix in SQL the facts never heard of: R9 (1 May) marked a duplicate.
    Referral.objects.filter(received_on=date(2026, 5, 1), reasons__need="mental_wellbeing").update(
        status="duplicate"
    )
    monkeypatch.setattr(facts, "headline", facts.headline.unchecked)  # they differ now
    errors = io.StringIO()
    with pytest.raises(CommandError, match="6 figures differ from the definitions"):
        call_command("report", "check", "--from", "2026-04-01", "--to", "2026-06-30", stderr=errors)
    named = errors.getvalue().splitlines()
    # R9 was accepted, engaged after 7 days, and the only referral of its person.
    assert named[:5] == [
        "referrals: 9 from the facts, 8 counted",
        "people_referred: 8 from the facts, 7 counted",
        "engaged: 4 from the facts, 3 counted",
        "engagement_rate: 0.5714 from the facts, 0.5 counted",  # 3 of 6 accepted
        "median_days_to_first_contact: 2.5 from the facts, 2.0 counted",  # 2, 2, 3
    ]
    assert named[5].startswith("reasons: ")  # mental wellbeing: R12b's alone now
