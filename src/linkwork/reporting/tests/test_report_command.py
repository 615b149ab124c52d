"""`linkwork report summary`: the figures of definitions.py as JSON with fixed keys or as
CSV, and input errors that name the flag and the fix."""

import csv
import io
import json
import statistics
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwork.casework.rules import ATTENDED_OUTCOMES, HAPPENED_OUTCOMES
from linkwork.organisations.models import HSCP
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.reporting import definitions
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.summary import how_counted, summary
from linkwork.reporting.tests.test_definitions import EVERYWHERE_FIGURES

KEYS = [
    "referrals",
    "people_referred",
    "engaged",
    "engagement_rate",
    "median_days_to_first_contact",
    "leavers",
    "swemwbs_paired",
    "swemwbs_paired_rate",
    "swemwbs_mean_change",
    "swemwbs_improved_rate",
    "reasons",
    "onward_links",
    "unmet_needs",
    "closures",
]


def report(*args) -> str:
    out = io.StringIO()
    call_command("report", "summary", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_issues_keys_and_the_hand_worked_figures(programme):
    printed = json.loads(report("--from", "2026-04-01", "--to", "2026-06-30"))
    assert list(printed) == KEYS
    assert printed == EVERYWHERE_FIGURES


def test_json_for_an_hscp_or_a_practice(programme):
    world = programme.world
    by_hscp = json.loads(
        report("--from", "2026-04-01", "--to", "2026-06-30", "--hscp", world.hscp_a.code.lower())
    )
    assert by_hscp["referrals"] == 8
    by_practice = json.loads(
        report("--from", "2026-04-01", "--to", "2026-06-30", "--practice", world.practice_x.code)
    )
    assert by_practice["referrals"] == 3


def test_an_empty_period_prints_nulls(programme):
    printed = json.loads(report("--from", "2025-01-01", "--to", "2025-01-31"))
    assert printed["engagement_rate"] is None
    assert printed["median_days_to_first_contact"] is None
    assert printed["reasons"] == {}


def test_csv_has_a_row_per_figure_and_per_code(programme):
    rows = list(
        csv.DictReader(
            io.StringIO(report("--from", "2026-04-01", "--to", "2026-06-30", "--format", "csv"))
        )
    )
    assert list(rows[0]) == ["figure", "code", "label", "value"]
    plain = {row["figure"]: row["value"] for row in rows if not row["code"]}
    assert plain["referrals"] == "9"
    assert plain["engagement_rate"] == "0.5714"
    assert plain["median_days_to_first_contact"] == "2.5"
    coded = {(row["figure"], row["code"]): (row["label"], row["value"]) for row in rows}
    assert coded["reasons", "housing"] == ("Housing", "3")
    assert coded["closures", "moved_away"] == ("Moved away or left the practice", "1")
    assert coded["unmet_needs", "fuel"] == ("Fuel and energy", "1")
    assert len(rows) == 10 + 6 + 3 + 2 + 5


def test_an_empty_rate_is_an_empty_csv_value(db):
    rows = list(
        csv.DictReader(
            io.StringIO(report("--from", "2025-01-01", "--to", "2025-01-31", "--format", "csv"))
        )
    )
    assert {row["figure"]: row["value"] for row in rows}["engagement_rate"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from 2026-13-01: not a date"),
        (["--from", "2026-01-01", "--to", "31/12/2026"], "Give it as YYYY-MM-DD"),
        (["--from", "2026-02-01", "--to", "2026-01-31"], "--from 2026-02-01 is after --to"),
        (["--from", "2026-01-01", "--to", "2026-01-31", "--hscp", "S37999999"], "Known codes"),
        (["--from", "2026-01-01", "--to", "2026-01-31", "--practice", "99999"], "--practice 99999"),
        (["--from", "2026-01-01", "--to", "2026-01-31", "--format", "xlsx"], "--format"),
        (["--to", "2026-01-31"], "--from"),
    ],
)
def test_bad_input_names_the_flag_and_the_fix(world, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_hscp_and_practice_are_one_or_the_other(world):
    with pytest.raises(CommandError, match="not allowed with argument"):
        report(
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--hscp",
            world.hscp_a.code,
            "--practice",
            world.practice_x.code,
        )


def test_every_key_has_its_how_this_is_counted_note():
    assert all(len(how_counted(key)) > 40 for key in KEYS)
    assert "paired" in how_counted("swemwbs_improved_rate")


def test_help_says_the_figures_are_not_suppressed():
    from linkwork.reporting.management.commands.report import Command

    assert "not suppressed" in Command.help


@pytest.mark.slow
@pytest.mark.xdist_group("demo")  # with the other readers of the one seeding (conftest.py)
def test_the_demos_figures_agree_with_the_definitions_and_a_count_by_hand(seeded_demo):
    today = timezone.localdate()
    year = Period(today - timedelta(days=365), today)
    start, end = year.start.isoformat(), year.end.isoformat()
    everywhere = json.loads(report("--from", start, "--to", end))
    glasgow = HSCP.objects.get(name__startswith="Glasgow")
    in_glasgow = json.loads(report("--from", start, "--to", end, "--hscp", glasgow.code))
    print("\nDemo, everywhere:", json.dumps(everywhere))
    print("Demo, Glasgow:", json.dumps(in_glasgow))
    assert everywhere == summary(year)
    assert in_glasgow == summary(year, Area(hscp=glasgow))
    assert everywhere["referrals"] > in_glasgow["referrals"] > 0
    assert 0 < everywhere["engaged"] <= everywhere["referrals"]
    assert 0 < everywhere["swemwbs_paired"] <= everywhere["leavers"]
    assert sum(everywhere["closures"].values()) == everywhere["leavers"]
    assert sum(everywhere["reasons"].values()) >= everywhere["referrals"]
    for key in ("engagement_rate", "swemwbs_paired_rate", "swemwbs_improved_rate"):
        assert 0 <= everywhere[key] <= 1

    # The same figures counted again the slow way, one referral at a time.
    counted = [
        r
        for r in Referral.objects.filter(received_on__range=(year.start, year.end))
        if r.status != ReferralStatus.DUPLICATE
        and not (
            r.status == ReferralStatus.DECLINED
            and r.decline_reason in definitions.INAPPROPRIATE_DECLINE_REASONS
        )
    ]
    assert everywhere["referrals"] == len(counted)
    assert everywhere["people_referred"] == len({r.person_id for r in counted})
    accepted = [r for r in counted if r.status == ReferralStatus.ACCEPTED]
    since = [
        (r, [s for s in r.case.sessions.all() if timezone.localdate(s.starts_at) >= r.received_on])
        for r in accepted
    ]
    engaged = [r for r, sessions in since if any(s.outcome in ATTENDED_OUTCOMES for s in sessions)]
    assert everywhere["engaged"] == len(engaged)
    waits = [
        (min(timezone.localdate(s.starts_at) for s in contacted) - r.received_on).days
        for r, sessions in since
        if (contacted := [s for s in sessions if s.outcome in HAPPENED_OUTCOMES])
    ]
    assert everywhere["median_days_to_first_contact"] == statistics.median(waits)
