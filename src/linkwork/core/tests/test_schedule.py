"""`linkwork schedule`: what linkwork must do by itself, each job when due, a failure
logged without stopping the rest (core/schedule.py)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from linkwork.core import schedule
from linkwork.core.schedule import JOBS, Job, Outcome

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """When each job last ran is kept in the data directory: a test's own."""
    settings.DATA_DIR = tmp_path
    return tmp_path


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now


def names(outcomes) -> list[str]:
    return [outcome.job.name for outcome in outcomes]


def test_each_job_runs_at_first_then_at_its_interval():
    clock, last_run, ran = Clock(), {}, []

    def runner(job):
        ran.append(job.name)
        return Outcome(job, True, "")

    def tick(minutes):
        clock.now += timedelta(minutes=minutes)
        return names(schedule.run_due(last_run, clock=clock, runner=runner))

    assert names(schedule.run_due(last_run, clock=clock, runner=runner)) == [j.name for j in JOBS]
    assert tick(4) == []
    assert tick(1) == ["lone-working alerts"]
    assert tick(60 * 24 - 5) == [job.name for job in JOBS]  # a day on: everything again


def test_a_failing_job_is_reported_and_the_others_still_run(monkeypatch):
    def call(*command, stdout, stderr):
        if command[0] == "documents":
            raise OSError("the documents directory is not writable")
        stdout.write(f"{command[0]} ran\n")

    monkeypatch.setattr(schedule, "call_command", call)
    outcomes = schedule.run_due({})
    assert [o.ok for o in outcomes] == [job.command[0] != "documents" for job in JOBS]
    failed = next(o for o in outcomes if not o.ok)
    assert "OSError: the documents directory is not writable" in failed.output
    # The loop goes on after a failure, and sleeps between passes.
    seen, sleeps = [], []
    turns = iter([True, True, False])
    schedule.run_forever(
        seen.append,
        sleep=sleeps.append,
        keep_going=lambda: next(turns),
        between_passes=lambda: None,
    )
    assert len(seen) == len(JOBS)
    assert sleeps == [30.0, 30.0]


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_every_job_is_a_linkwork_command_with_arguments_it_takes(job):
    app = get_commands()[job.command[0]]
    command = load_command_class(app, job.command[0])
    command.create_parser("linkwork", job.command[0]).parse_args(job.command[1:])
    assert job.every >= timedelta(minutes=1)
    assert job.why


@pytest.mark.django_db
def test_once_runs_every_job_for_real_and_says_what_each_did():
    out = StringIO()
    call_command("schedule", "--once", stdout=out)
    text = out.getvalue()
    # Run again at once (cron every 5 minutes): each job keeps its interval.
    again = StringIO()
    call_command("schedule", "--once", stdout=again)
    assert again.getvalue().strip() == "Nothing is due."
    assert "lone-working alerts: done" in text
    assert "0 overdue visits alerted." in text
    assert "orphan letter files: done" in text
    assert "Removed 0 orphan files" in text
    assert "audit chain check: done" in text


def test_once_fails_naming_the_job_that_failed(monkeypatch):
    failing = Job("broken", ("no-such-command",), timedelta(minutes=5), "a test")
    monkeypatch.setattr(schedule, "run_due", lambda last_run: [schedule.run(failing)])
    out = StringIO()
    with pytest.raises(CommandError, match="Failed: broken"):
        call_command("schedule", "--once", stdout=out)
    assert "broken: FAILED" in out.getvalue()
    assert "Unknown command: 'no-such-command'" in out.getvalue()


def test_the_list_says_each_job_its_interval_and_why():
    out = StringIO()
    call_command("schedule", "--list", stdout=out)
    assert "lone-working alerts: linkwork lone_working alert, every 5 minutes" in out.getvalue()
    assert "audit chain check: linkwork audit verify --report, daily" in out.getvalue()


def test_when_each_job_ran_survives_a_restart_and_is_the_heartbeat(data_dir):
    clock, ran = Clock(), []

    def runner(job):
        ran.append(job.name)
        return Outcome(job, True, "")

    def one_pass():
        turns = iter([True, False])
        schedule.run_forever(
            lambda outcome: None,
            clock=clock,
            runner=runner,
            sleep=lambda seconds: None,
            keep_going=lambda: next(turns),
            between_passes=lambda: None,
        )

    one_pass()
    assert ran == [job.name for job in JOBS]
    assert schedule.load_state() == dict.fromkeys(ran, START)
    clock.now += timedelta(hours=2)  # restarted two hours on: only the 5-minute job is due
    one_pass()
    assert ran[len(JOBS) :] == ["lone-working alerts"]
    assert (data_dir / "schedule.json").exists()


def test_an_unreadable_state_means_everything_is_due(data_dir):
    (data_dir / "schedule.json").write_text("{not json")
    assert schedule.load_state() == {}
