from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linkwork.core import schedule


def _every(job) -> str:
    if job.every == timedelta(days=1):
        return "daily"
    return f"every {int(job.every.total_seconds() // 60)} minutes"


class Command(BaseCommand):
    help = (
        "Runs what linkwork must do by itself: lone-working alerts every 5 minutes; "
        "the orphan-file sweep and the audit chain check daily. Runs until "
        "stopped (one process per installation, e.g. the scheduler service of "
        "deploy/compose.yaml). `--once` runs the jobs that are due and exits, non-zero if "
        "one failed: from cron or a systemd timer every 5 minutes it keeps each job's "
        "interval (when each last ran is kept in the data directory). `--list` shows the jobs."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        mode.add_argument("--list", action="store_true", help="List the jobs and exit.")

    def handle(self, *args, once: bool, list: bool, **options):  # noqa: A002 (the flag's name)
        if list:
            for job in schedule.JOBS:
                self.stdout.write(f"{job.name}: linkwork {' '.join(job.command)}, {_every(job)}")
                self.stdout.write(f"  why: {job.why}")
            return
        if once:
            last_run = schedule.load_state()
            outcomes = schedule.run_due(last_run)
            schedule.save_state(last_run)
            for outcome in outcomes:
                self._report(outcome)
            if not outcomes:
                self.stdout.write("Nothing is due.")
            failed = [o.job.name for o in outcomes if not o.ok]
            if failed:
                raise CommandError(f"Failed: {', '.join(failed)} (see above).")
            return
        self.stdout.write(f"Scheduler started: {len(schedule.JOBS)} jobs (--list shows them).")
        try:
            schedule.run_forever(self._report)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")

    def _report(self, outcome) -> None:
        status = "done" if outcome.ok else "FAILED"
        lines = [line for line in outcome.output.splitlines() if line.strip()]
        self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {outcome.job.name}: {status}")
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.flush()
