"""What linkwork must do by itself, and how often (`linkwork schedule`).

One list, so that a deployment runs all of it or none: each job is a linkwork command,
named here, not imported (core is the bottom layer; the commands live in the apps above).
Every job is safe to run again at once (an overdue visit is alerted once, retention and the
sweep find nothing the second time, the audit check only reads), so a restarted scheduler
simply runs everything on its first pass. Retention is not here: its dry run is read by
someone before `--apply` (a legal hold keeps a case open), docs/privacy.md.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]  # the linkwork command and its arguments
    every: timedelta
    why: str


JOBS = (
    Job(
        "lone-working alerts",
        ("lone_working", "alert"),
        timedelta(minutes=5),
        "a home visit past its time back reaches the team lead (clinical safety H4)",
    ),
    Job(
        "orphan letter files",
        ("documents", "--sweep"),
        timedelta(days=1),
        "a letter's file whose upload rolled back is removed (decision 0110)",
    ),
    Job(
        "audit chain check",
        ("audit", "verify", "--report"),
        timedelta(days=1),
        "a broken or altered audit log is found within a day, and its head emailed to "
        "LINKWORK_AUDIT_REPORT_TO as an anchor (decision 0003)",
    ),
)
# How often the loop looks at the clock: the shortest job's interval is minutes.
TICK = timedelta(seconds=30)


def due(jobs, last_run: dict[str, datetime], now: datetime) -> list[Job]:
    """The jobs never run, or whose interval has passed since they last ran."""
    return [
        job for job in jobs if job.name not in last_run or now - last_run[job.name] >= job.every
    ]


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    output: str


def run(job: Job) -> Outcome:
    """One job, its output kept; a failure is an outcome, not an end to the schedule."""
    out = StringIO()
    try:
        call_command(*job.command, stdout=out, stderr=out)
    except Exception as error:  # any job's failure is logged and the others still run
        log.exception("scheduled job %r failed", job.name)
        return Outcome(job, False, f"{out.getvalue()}{type(error).__name__}: {error}")
    return Outcome(job, True, out.getvalue())


def run_due(
    last_run: dict[str, datetime],
    *,
    jobs=JOBS,
    clock: Callable[[], datetime] = timezone.now,
    runner: Callable[[Job], Outcome] = run,
) -> list[Outcome]:
    """Runs what is due now, noting when each ran (even when it failed: it is tried again
    at its next interval, not in a tight loop)."""
    outcomes = []
    for job in due(jobs, last_run, clock()):
        last_run[job.name] = clock()
        outcomes.append(runner(job))
    return outcomes


def run_forever(
    report: Callable[[Outcome], None],
    *,
    jobs=JOBS,
    clock: Callable[[], datetime] = timezone.now,
    runner: Callable[[Job], Outcome] = run,
    sleep: Callable[[float], None] = time.sleep,
    keep_going: Callable[[], bool] = lambda: True,
    between_passes: Callable[[], None] = close_old_connections,
) -> None:
    last_run: dict[str, datetime] = {}
    while keep_going():
        # A process that lives for months: a connection the database dropped is not reused.
        between_passes()
        for outcome in run_due(last_run, jobs=jobs, clock=clock, runner=runner):
            report(outcome)
        sleep(TICK.total_seconds())
