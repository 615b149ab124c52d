"""What linkwork must do by itself, and how often (`linkwork schedule`).

One list, so that a deployment runs all of it or none: each job is a linkwork command,
named here, not imported (core is the bottom layer; the commands live in the apps above).
Every job is safe to run again at once (an overdue visit is alerted once, retention and the
sweep find nothing the second time, the audit check only reads), so a restarted scheduler
runs what was due while it was down. When each job last ran is kept in a small file in the
data directory (`schedule.json`), which each pass also touches: its age is the scheduler's
health (deploy/compose.yaml checks it). Retention is not here: its dry run is read by
someone before `--apply` (a legal hold keeps a case open), docs/privacy.md.
"""

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import StringIO

from django.conf import settings
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


STATE_FILE = "schedule.json"


def state_path():
    return settings.DATA_DIR / STATE_FILE


def load_state() -> dict[str, datetime]:
    """When each job last ran, as saved; nothing (all due) if there is no readable file."""
    try:
        saved = json.loads(state_path().read_text())
        return {name: datetime.fromisoformat(at) for name, at in saved.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def save_state(last_run: dict[str, datetime]) -> None:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({name: at.isoformat() for name, at in last_run.items()}))
    temporary.replace(path)  # whole or not at all; also the heartbeat the health check reads


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
    last_run = load_state()
    while keep_going():
        # A process that lives for months: a connection the database dropped is not reused.
        between_passes()
        for outcome in run_due(last_run, jobs=jobs, clock=clock, runner=runner):
            report(outcome)
        save_state(last_run)
        sleep(TICK.total_seconds())
